import { describe, expect, test } from 'vitest'
import { CAPABILITIES, MODEL_ROLES } from '../../src/core/capabilities.ts'
import { buildReport, canonicalReport } from '../../src/report/report.ts'
import { worstStatus } from '../../src/report/status.ts'
import { ALL_CASES, FAIL, INCONCLUSIVE, PASS, SKIP, WARN, reportInput } from './fixtures/cases.ts'

import { REPORT_SCHEMA as schema, compiledReportSchema as validator } from '../../src/report/schema.ts'

/** What a capability whose exchanges reported no usage consumed. */
const NO_TOKENS = { prompt: 0, completion: 0, total: 0, reported: 0 }

describe('buildReport', () => {
  const report = buildReport(reportInput())

  test('header fields', () => {
    expect(report).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'oai-conformance', version: '0.1.0' },
      spec: { version: '2.3.0' },
      target: { name: 'local', baseURL: 'http://127.0.0.1:1/v1' },
      startedAt: '2026-01-02T03:04:05.678Z',
      durationMs: 61234,
    })
  })

  test('spec provenance: the known fields only, so the report stays schema-valid', () => {
    const spec = { source: 's', commit: 'c', version: 'v', recordedAt: '2026-08-22', recordedFrom: '/somewhere' }
    expect(buildReport(reportInput({ spec })).spec).toEqual({
      source: 's',
      commit: 'c',
      version: 'v',
      recordedAt: '2026-08-22',
    })
  })

  test('summary counts cases, one per status', () => {
    expect(report.summary).toEqual({ total: 5, passed: 1, failed: 1, warned: 1, skipped: 1, inconclusive: 1 })
  })

  test('capabilities: canonical order, worst status, counts; skipped ones with their reason; unrun ones skip', () => {
    expect(report.capabilities).toEqual([
      {
        id: 'models',
        status: 'skip',
        counts: { passed: 0, failed: 0, warned: 0, skipped: 0, inconclusive: 0 },
        tokens: NO_TOKENS,
      },
      {
        id: 'chat',
        status: 'fail',
        counts: { passed: 1, failed: 1, warned: 0, skipped: 0, inconclusive: 0 },
        tokens: NO_TOKENS,
      },
      {
        id: 'streaming',
        status: 'warn',
        counts: { passed: 0, failed: 0, warned: 1, skipped: 0, inconclusive: 0 },
        tokens: NO_TOKENS,
      },
      {
        id: 'tools',
        status: 'inconclusive',
        counts: { passed: 0, failed: 0, warned: 0, skipped: 0, inconclusive: 1 },
        tokens: NO_TOKENS,
      },
      {
        id: 'embeddings',
        status: 'skip',
        counts: { passed: 0, failed: 0, warned: 0, skipped: 1, inconclusive: 0 },
        tokens: NO_TOKENS,
      },
      {
        id: 'images',
        status: 'skip',
        reason: 'no images model configured',
        counts: { passed: 0, failed: 0, warned: 0, skipped: 0, inconclusive: 0 },
        tokens: NO_TOKENS,
      },
    ])
  })

  test('a capability with cases but not listed as run still appears', () => {
    const only = buildReport(reportInput({ capabilitiesRun: [], skippedCapabilities: [] }))
    expect(only.capabilities.map((c) => c.id)).toEqual(['chat', 'streaming', 'tools', 'embeddings'])
  })

  test('cases grouped by capability in canonical order, given order kept within one', () => {
    const shuffled = buildReport(reportInput({ cases: [INCONCLUSIVE, SKIP, WARN, FAIL, PASS] }))
    expect(shuffled.cases.map((c) => c.id)).toEqual([FAIL.id, PASS.id, WARN.id, INCONCLUSIVE.id, SKIP.id])
  })

  test('the same results in any key order serialise to the same bytes', () => {
    const reversed = ALL_CASES.map((c) => Object.fromEntries(Object.entries(c).reverse()) as typeof c)
    expect(JSON.stringify(buildReport(reportInput({ cases: reversed })))).toBe(JSON.stringify(report))
    expect(Object.keys(report)).toEqual([
      'schemaVersion',
      'tool',
      'spec',
      'target',
      'startedAt',
      'durationMs',
      'summary',
      'tokens',
      'certification',
      'capabilities',
      'cases',
    ])
    expect(Object.keys(report.cases[0]!)).toEqual([
      'id',
      'capability',
      'title',
      'status',
      'durationMs',
      'checks',
      'exchanges',
    ])
  })

  test('canonical ordering never drops a key it does not know', () => {
    const extended = { ...report, cases: [{ ...PASS, extra: 1 }] }
    expect(canonicalReport(extended).cases[0]).toHaveProperty('extra', 1)
  })

  test('an empty run', () => {
    const empty = buildReport(reportInput({ cases: [], capabilitiesRun: ['chat'], skippedCapabilities: [] }))
    expect(empty.summary).toEqual({ total: 0, passed: 0, failed: 0, warned: 0, skipped: 0, inconclusive: 0 })
    expect(empty.capabilities).toEqual([
      {
        id: 'chat',
        status: 'skip',
        counts: { passed: 0, failed: 0, warned: 0, skipped: 0, inconclusive: 0 },
        tokens: NO_TOKENS,
      },
    ])
  })
})

describe('worstStatus', () => {
  test('fail > inconclusive > warn > pass > skip; nothing is skip', () => {
    expect(worstStatus([])).toBe('skip')
    expect(worstStatus(['skip', 'pass'])).toBe('pass')
    expect(worstStatus(['pass', 'warn'])).toBe('warn')
    expect(worstStatus(['warn', 'inconclusive', 'pass'])).toBe('inconclusive')
    expect(worstStatus(['inconclusive', 'fail', 'skip'])).toBe('fail')
  })
})

describe('report.schema.json', () => {
  test('a built report validates', () => {
    const validate = validator()
    const valid = validate(JSON.parse(JSON.stringify(buildReport(reportInput()))))
    expect(validate.errors ?? []).toEqual([])
    expect(valid).toBe(true)
  })

  test('it rejects drift: an unknown key, a wrong status, a bad count', () => {
    const validate = validator()
    const report = JSON.parse(JSON.stringify(buildReport(reportInput())))
    expect(validate({ ...report, extra: true })).toBe(false)
    expect(validate({ ...report, cases: [{ ...report.cases[0], status: 'passed' }] })).toBe(false)
    expect(validate({ ...report, summary: { ...report.summary, failed: -1 } })).toBe(false)
    expect(validate({ ...report, summary: { ...report.summary, extra: 1 } })).toBe(false)
    expect(validate({ ...report, startedAt: 'yesterday' })).toBe(false)
  })

  test('tokens: the usage the exchanges reported, summed per capability and for the run', () => {
    const usage = (prompt: number, completion: number) => ({ prompt, completion, total: prompt + completion })
    const chat = { ...PASS, exchanges: [{ ...PASS.exchanges[0]!, usage: usage(10, 2) }, PASS.exchanges[0]!] }
    const streamed = { ...WARN, exchanges: [{ ...WARN.exchanges[0]!, usage: usage(5, 3) }] }
    const report = JSON.parse(JSON.stringify(buildReport(reportInput({ cases: [chat, streamed, SKIP] }))))
    expect(report.tokens).toEqual({ prompt: 15, completion: 5, total: 20, reported: 2 })
    const byCapability = Object.fromEntries(
      report.capabilities.map((c: { id: string; tokens: unknown }) => [c.id, c.tokens]),
    )
    expect(byCapability[chat.capability]).toMatchObject({ reported: chat.capability === streamed.capability ? 2 : 1 })
    expect(Object.keys(report).indexOf('tokens')).toBe(Object.keys(report).indexOf('summary') + 1)
    const validate = validator()
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true)
    const { tokens: _tokens, ...withoutTokens } = report
    expect(validate(withoutTokens)).toBe(false)
    expect(validate({ ...report, tokens: { ...report.tokens, prompt: -1 } })).toBe(false)
    const badUsage = { ...report.cases[0].exchanges[0], usage: { prompt: 1, completion: 1 } }
    expect(validate({ ...report, cases: [{ ...report.cases[0], exchanges: [badUsage] }] })).toBe(false)
  })

  test('its enums match the code', () => {
    expect(schema.$defs.capability.enum).toEqual([...CAPABILITIES])
    expect(schema.$defs.modelRole.enum).toEqual([...MODEL_ROLES])
    expect(schema.$defs.status.enum.toSorted()).toEqual(['fail', 'inconclusive', 'pass', 'skip', 'warn'])
  })
})
