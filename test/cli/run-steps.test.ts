/** The single-purpose steps `startRun` is made of: the exit code and the capabilities a run covers. */
import { describe, expect, test } from 'vitest'
import { EXIT, exitCode } from '../../src/run/exit-code.ts'
import { capabilityCoverage } from '../../src/run/run-report.ts'

describe('exitCode', () => {
  const summary = (failed: number) => ({
    summary: { total: 3, passed: 3 - failed, failed, warned: 0, skipped: 0, inconclusive: 0 },
  })

  test('ok when nothing failed and nothing went wrong outside the cases', () => {
    expect(exitCode({ runErrors: [], report: summary(0) })).toBe(EXIT.ok)
  })

  test('failed on a failing check, and on a run error even when every case passed', () => {
    expect(exitCode({ runErrors: [], report: summary(1) })).toBe(EXIT.failed)
    expect(exitCode({ runErrors: ['a suite did not load'], report: summary(0) })).toBe(EXIT.failed)
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
