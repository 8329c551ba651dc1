/**
 * Every check is proven: it passes on the compliant reference endpoint and fails (or warns,
 * for recommended checks) on at least one fault from the catalogue. A check that cannot
 * fail is a defect.
 */
import { beforeAll, describe, expect, test } from 'vitest'
import { ALL_CHECKS, getCheck } from '../../src/apis/index.ts'
import { FAULTS } from '../../src/apis/reference.ts'
import { deviationStatus } from '../../src/core/status.ts'
import { outcomes, runAgainstReference } from '../support/run-cases.ts'

function runAgainst(faults: string[]) {
  return runAgainstReference({ faults })
}

describe('the compliant reference', () => {
  let results: Awaited<ReturnType<typeof runAgainst>>
  beforeAll(async () => {
    results = await runAgainst([])
  })

  test('every case passes: zero fails, warns or inconclusives', () => {
    const bad = outcomes(results).filter((o) => o.status !== 'pass' && o.status !== 'skip')
    expect(bad.map((o) => `${o.case} ${o.id} ${o.status}: ${o.message}`)).toEqual([])
  })

  test('no check is skipped on a case that declares it (each runs for real)', () => {
    const skipped = outcomes(results).filter((o) => o.status === 'skip')
    expect(skipped.map((o) => `${o.case} ${o.id}: ${o.message}`)).toEqual([])
  })
})

describe.each(FAULTS.filter((f) => f.proves.length > 0).map((f) => [f.name, f] as const))('fault %s', (name, fault) => {
  let results: Awaited<ReturnType<typeof runAgainst>>
  beforeAll(async () => {
    results = await runAgainst([name])
  })

  test.each(fault.proves)('trips %s', (checkId) => {
    const check = getCheck(checkId)
    expect(check, `unknown check ${checkId}`).toBeDefined()
    const expected = deviationStatus(check!.level)
    const tripped = outcomes(results).filter((o) => o.id === checkId && o.status === expected)
    const seen = outcomes(results)
      .filter((o) => o.id === checkId)
      .map((o) => `${o.case}: ${o.status} ${o.message}`)
    expect(tripped.length, `${checkId} should ${expected} on fault ${name}; saw:\n${seen.join('\n')}`).toBeGreaterThan(
      0,
    )
  })

  // Canonical-form checks blame one form each: a fault that trips one it does not name
  // means a case mixed forms, and a fine form took the blame.
  test('trips no tools.request.* check beyond those it proves', () => {
    const stray = outcomes(results).filter(
      (o) =>
        o.id.startsWith('tools.request.') &&
        (o.status === 'fail' || o.status === 'warn') &&
        !fault.proves.includes(o.id),
    )
    expect(stray.map((o) => `${o.case} ${o.id} ${o.status}: ${o.message}`)).toEqual([])
  })
})

test('every check is proven by at least one fault', () => {
  const proven = new Set(FAULTS.flatMap((f) => f.proves))
  expect(ALL_CHECKS.map((c) => c.id).filter((id) => !proven.has(id))).toEqual([])
})
