/** Expectations: known deviations that don't alert, new failures and unexpected passes that do. */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { CaseResult } from '../../src/core/types.ts'
import {
  compareWithExpectations,
  expectationsFromReport,
  hasUnexpected,
  parseExpectations,
} from '../../src/report/expectations.ts'
import { buildReport } from '../../src/report/report.ts'
import { reportErrors } from '../../src/report/schema.ts'
import { FAIL, PASS, SKIP, reportInput } from '../reporters/fixtures/cases.ts'
import { runCli, startServe, tempDir } from '../support/cli.ts'

const report = (cases: CaseResult[]) => buildReport(reportInput({ cases }))

describe('compareWithExpectations', () => {
  const known = expectationsFromReport(report([PASS, FAIL, SKIP]))

  test('a report made into expectations: every failure and warning named, with its message as the reason', () => {
    expect(known.expectations).toEqual([
      { case: FAIL.id, check: 'chat.usage.total', status: 'fail', reason: expect.stringContaining('bad <tag>') },
      { case: FAIL.id, check: 'chat.response.schema', status: 'fail', reason: 'missing "choices"' },
      { case: FAIL.id, check: 'chat.response.id-prefix', status: 'warn', reason: 'id does not start with chatcmpl-' },
    ])
    expect(parseExpectations(JSON.parse(JSON.stringify(known)))).toEqual({ file: known })
  })

  test('the same results again: all as expected, nothing to alert on', () => {
    const outcome = compareWithExpectations(report([PASS, FAIL, SKIP]), known, 'x.json')
    expect(outcome.expected).toHaveLength(3)
    expect(outcome.unexpected).toEqual([])
    expect(hasUnexpected(outcome)).toBe(false)
  })

  test('a new failure and a fixed one both alert; the report with them matches its schema', () => {
    const broken: CaseResult = {
      ...PASS,
      status: 'fail',
      checks: [{ ...PASS.checks[0]!, status: 'fail', message: 'new' }],
    }
    const fixed: CaseResult = {
      ...FAIL,
      checks: FAIL.checks.map((c) => (c.id === 'chat.usage.total' ? { ...c, status: 'pass' as const } : c)),
    }
    const built = report([broken, fixed])
    const outcome = compareWithExpectations(built, known, 'x.json')
    expect(outcome.unexpected).toEqual([
      { case: PASS.id, check: 'chat.response.schema', status: 'fail', message: 'new' },
    ])
    expect(outcome.unexpectedPasses.map((r) => r.check)).toEqual(['chat.usage.total'])
    expect(hasUnexpected(outcome)).toBe(true)
    expect(reportErrors({ ...built, expectations: outcome })).toEqual([])
  })

  test('an expectation whose case did not run is "not seen", not a pass', () => {
    const outcome = compareWithExpectations(report([PASS]), known, 'x.json')
    expect(outcome.unmatched).toHaveLength(3)
    expect(hasUnexpected(outcome)).toBe(false)
  })

  test.each([
    [{}, /not an expectations file/],
    [{ version: 1, expectations: [{ case: 'a', status: 'broken', reason: '' }] }, /expectations\[0\]: "status"/],
    [{ version: 1, expectations: [{ case: 'a', status: 'fail' }] }, /expectations\[0\]: "reason"/],
  ])('a malformed file is refused with the reason: %j', (value, problem) => {
    const parsed = parseExpectations(value)
    expect('problem' in parsed && parsed.problem).toMatch(problem)
  })
})

test('a nightly run with expectations: known failures exit 0, a fixed one exits 1', async () => {
  const faulty = await startServe(['--api-key', 'sk-test-expect', '--fault', 'chat-usage-total-mismatch'])
  const clean = await startServe(['--api-key', 'sk-test-expect'])
  try {
    const cwd = tempDir()
    const args = (url: string, dir: string) => [
      ...['--base-url', url, '--api-key', 'sk-test-expect', '--model', 'chat=oai-ref-chat-1', '--only', 'chat'],
      ...['--report-dir', join(cwd, dir)],
    ]
    const first = await runCli(args(faulty.url, 'first'), { cwd })
    expect(first.code, first.stdout + first.stderr).toBe(1)

    const made = await runCli(['expectations', 'first/report.json', '--out', 'known.json'], { cwd })
    expect(made.code, made.stderr).toBe(0)
    const known = JSON.parse(readFileSync(join(cwd, 'known.json'), 'utf8'))
    expect(known.expectations.map((e: { check: string }) => e.check)).toContain('chat.usage.total')

    const again = await runCli([...args(faulty.url, 'again'), '--expectations', 'known.json'], { cwd })
    expect(again.code, again.stdout + again.stderr).toBe(0)
    expect(again.stdout).toMatch(/Expectations \(.*known\.json\): \d+ as expected, 0 unexpected, 0 unexpected pass/)
    const report = JSON.parse(readFileSync(join(cwd, 'again', 'report.json'), 'utf8'))
    expect(report.summary.failed).toBeGreaterThan(0) // a known failure is still a failure
    expect(reportErrors(report)).toEqual([])

    const fixed = await runCli([...args(clean.url, 'fixed'), '--expectations', 'known.json'], { cwd })
    expect(fixed.code).toBe(1)
    expect(fixed.stdout).toMatch(/now passes {2}\S+ {2}chat\.usage\.total: pass/)

    writeFileSync(join(cwd, 'bad.json'), '{"version": 1}')
    const bad = await runCli([...args(clean.url, 'bad'), '--expectations', 'bad.json'], { cwd })
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(bad.stderr).toMatch(/expectations file .*bad\.json: not an expectations file/)
  } finally {
    await faulty.stop()
    await clean.stop()
  }
}, 120_000)
