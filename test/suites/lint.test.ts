/** The suites' own sanity: ids unique, checks exist, spec pointers resolve. */
import { describe, expect, test } from 'vitest'
import { ALL_CHECKS, checkRegistry, getCheck } from '../../src/apis/index.ts'
import { caseChecks, checkUseId } from '../../src/engine/evaluate.ts'
import { resolvePointer } from '../../src/spec/index.ts'
import { CAPABILITIES } from '../../src/core/capabilities.ts'
import { ALL_SUITES } from '../../suites/index.ts'

const cases = ALL_SUITES.flatMap((suite) => suite.cases.map((c) => ({ suite, c })))

describe('suites', () => {
  test('case ids are unique', () => {
    const ids = cases.map(({ c }) => c.id)
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([])
  })

  test.each(cases.map(({ suite, c }) => [c.id, suite, c] as const))(
    '%s: belongs to its suite, uses known checks once each',
    (_id, suite, c) => {
      expect(c.capability).toBe(suite.capability)
      expect(c.id.startsWith(`${suite.capability}.`)).toBe(true)
      const ids = c.checks.map(checkUseId)
      expect(ids.filter((id) => !getCheck(id))).toEqual([])
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([])
    },
  )

  test('one suite per capability', () => {
    const capabilities = ALL_SUITES.map((s) => s.capability)
    expect(new Set(capabilities).size).toBe(capabilities.length)
    for (const capability of capabilities) expect(CAPABILITIES).toContain(capability)
  })
})

describe('checks', () => {
  test('ids are unique and well-formed', () => {
    const ids = ALL_CHECKS.map((c) => c.id)
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([])
    for (const id of ids) expect(id).toMatch(/^[a-z]+(\.[a-z0-9-]+)+$/)
  })

  test.each(ALL_CHECKS.map((c) => [c.id, c] as const))('%s: has a spec reference that resolves', (_id, check) => {
    expect(check.spec.pointer ?? check.spec.doc).toBeTruthy()
    if (check.spec.pointer) expect(resolvePointer(check.spec.pointer), check.spec.pointer).toBeDefined()
    expect(check.title).not.toBe('')
    expect(check.description).not.toBe('')
  })

  test('every check is used by at least one case (else no run can exercise it)', () => {
    // The engine judges every case by http.response.complete besides the checks it lists.
    const used = new Set(cases.flatMap(({ c }) => caseChecks(c, checkRegistry).map(checkUseId)))
    expect(ALL_CHECKS.map((c) => c.id).filter((id) => !used.has(id))).toEqual([])
  })
})
