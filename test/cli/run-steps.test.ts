/** The single-purpose steps `startRun` is made of: the exit code and the capabilities a run covers. */
import { describe, expect, test } from 'vitest'
import type { CaseResult } from '../../src/core/types.ts'
import { EXIT, exitCode, mostlyInconclusive } from '../../src/run/exit-code.ts'
import { capabilityCoverage } from '../../src/run/run-report.ts'

describe('exitCode', () => {
  const summary = (failed: number) => ({
    summary: { total: 3, passed: 3 - failed, failed, warned: 0, skipped: 0, inconclusive: 0 },
    cases: [],
  })
  const inconclusiveCase = (id: string, reason: string) =>
    ({ id, status: 'inconclusive', reason, checks: [] }) as unknown as CaseResult
  const timedOut = 'the target did not answer in time'
  /** 4 cases: `inconclusive` of them inconclusive, one skipped, the rest passed. */
  const withInconclusive = (inconclusive: number) => ({
    summary: { total: 4, passed: 3 - inconclusive, failed: 0, warned: 0, skipped: 1, inconclusive },
    cases: [
      ...Array.from({ length: inconclusive }, (_, i) => inconclusiveCase(`c${i}`, i === 0 ? 'HTTP 503' : timedOut)),
    ],
  })

  test('ok when nothing failed and nothing went wrong outside the cases', () => {
    expect(exitCode({ runErrors: [], report: summary(0) })).toBe(EXIT.ok)
  })

  test('failed on a failing check, and on a run error even when every case passed', () => {
    expect(exitCode({ runErrors: [], report: summary(1) })).toBe(EXIT.failed)
    expect(exitCode({ runErrors: ['a suite did not load'], report: summary(0) })).toBe(EXIT.failed)
  })

  test('usage when half or more of the judged cases are inconclusive, naming the commonest reason', () => {
    expect(exitCode({ runErrors: [], report: withInconclusive(1) })).toBe(EXIT.ok)
    expect(exitCode({ runErrors: [], report: withInconclusive(2) })).toBe(EXIT.usage)
    expect(mostlyInconclusive(withInconclusive(1))).toBeNull()
    expect(mostlyInconclusive(withInconclusive(3))).toBe(`3 of 3 cases are inconclusive (2 of them: ${timedOut})`)
    // A failure found is the more useful verdict.
    const failedToo = withInconclusive(2)
    expect(
      exitCode({ runErrors: [], report: { ...failedToo, summary: { ...failedToo.summary, failed: 1, passed: 0 } } }),
    ).toBe(EXIT.failed)
  })

  test('usage when the smoke request failed, whatever the cases say', () => {
    expect(exitCode({ blocked: 'the target is unreachable', runErrors: [], report: summary(0) })).toBe(EXIT.usage)
  })
})

describe('capabilityCoverage', () => {
  const suites = [{ capability: 'chat' as const }, { capability: 'tools' as const }]

  test('selected capabilities with a suite run; those without one are skipped with the reason', () => {
    expect(capabilityCoverage(['tools', 'vision', 'chat'], suites)).toEqual({
      capabilitiesRun: ['chat', 'tools'],
      skippedCapabilities: [{ id: 'vision', reason: 'no suite for this capability yet' }],
    })
  })

  test('no --only selects every capability, in the canonical order', () => {
    const coverage = capabilityCoverage(null, suites)
    expect(coverage.capabilitiesRun).toEqual(['chat', 'tools'])
    expect(coverage.skippedCapabilities.map((skipped) => skipped.id)).not.toContain('chat')
    expect(coverage.skippedCapabilities.length).toBeGreaterThan(0)
  })
})
