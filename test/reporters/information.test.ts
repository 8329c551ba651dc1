/** What was asked, and what informational probes found, reach every output. */
import { expect, test } from 'vitest'
import { toJUnitXml } from '../../reporters/junit.ts'
import { buildReport } from '../../src/report/report.ts'
import { formatSummary } from '../../reporters/terminal.ts'
import { reportErrors } from '../../src/report/schema.ts'
import type { CaseResult } from '../../src/core/types.ts'
import { PASS, reportInput } from './fixtures/cases.ts'

const PROBE: CaseResult = {
  ...PASS,
  id: 'structured.vendor-dialect',
  capability: 'structured',
  asked: 'extract the event as JSON (vendor form of response_format)',
  checks: [
    {
      id: 'structured.vendor-dialect',
      level: 'optional',
      status: 'pass',
      spec: { doc: 'x' },
      message: 'accepts the vendor form',
      evidence: null,
      note: true,
    },
  ],
}

const report = buildReport(reportInput({ cases: [PROBE], capabilitiesRun: ['structured'], skippedCapabilities: [] }))

test('report.json keeps asked and note, and stays schema-valid', () => {
  expect(report.cases[0]).toMatchObject({
    asked: PROBE.asked,
    checks: [{ note: true, message: 'accepts the vendor form' }],
  })
  expect(reportErrors(JSON.parse(JSON.stringify(report)))).toEqual([])
})

test('the terminal summary lists information', () => {
  expect(formatSummary(report)).toContain(
    'Information (1)\n  structured.vendor-dialect  structured.vendor-dialect: accepts the vendor form',
  )
})

test('junit carries what was asked and the information in system-out', () => {
  const xml = toJUnitXml(report)
  expect(xml).toContain('asked: extract the event as JSON (vendor form of response_format)')
  expect(xml).toContain('information: structured.vendor-dialect: accepts the vendor form')
})
