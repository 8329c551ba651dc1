/** `diff`: what changed between two reports, and the exit code a nightly job alerts on. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { CaseResult } from '../../src/core/types.ts'
import { classifyChange, diffReports, formatDiff, hasRegressions } from '../../src/report/diff.ts'
import { buildReport } from '../../src/report/report.ts'
import { ALL_CASES, FAIL, PASS, SKIP, reportInput } from '../reporters/fixtures/cases.ts'
import { runCli, tempDir } from '../support/cli.ts'

const report = (cases: CaseResult[]) => buildReport(reportInput({ cases }))

function withCheck(result: CaseResult, checkId: string, status: CaseResult['status']): CaseResult {
  const checks = result.checks.map((check) => (check.id === checkId ? { ...check, status } : check))
  return { ...result, checks, status }
}

describe('classifyChange', () => {
  test.each([
    ['pass', 'fail', 'regression'],
    ['pass', 'warn', 'regression'],
    ['warn', 'fail', 'regression'],
    ['fail', 'pass', 'fix'],
    ['fail', 'warn', 'fix'],
    ['pass', 'inconclusive', 'unverified'],
    ['skip', 'fail', 'unverified'],
    ['pass', 'pass', 'same'],
  ] as const)('%s → %s is %s', (from, to, kind) => {
    expect(classifyChange(from, to)).toBe(kind)
  })
})

describe('diffReports', () => {
  test('the same report twice: nothing changed', () => {
    const diff = diffReports(report(ALL_CASES), report(ALL_CASES))
    expect(hasRegressions(diff)).toBe(false)
    expect(formatDiff(diff)).toBe('0 regression(s), 0 fix(es), 0 case(s) added, 0 removed\n')
  })

  test('a check that went from pass to fail is a regression, named by case and check', () => {
    const diff = diffReports(report([PASS]), report([withCheck(PASS, 'chat.response.schema', 'fail')]))
    expect(diff.regressions).toEqual([
      { caseId: PASS.id, checkId: 'chat.response.schema', from: 'pass', to: 'fail', message: 'ok' },
    ])
    expect(hasRegressions(diff)).toBe(true)
  })

  test('one more failing check in a case that already failed is a regression too', () => {
    const worse = withCheck(FAIL, 'chat.response.id-prefix', 'fail')
    const diff = diffReports(report([FAIL]), report([worse]))
    expect(diff.regressions.map((c) => c.checkId)).toEqual(['chat.response.id-prefix'])
  })

  test('fixes, added and removed cases, and skips are told apart', () => {
    const fixed = withCheck(FAIL, 'chat.usage.total', 'pass')
    const diff = diffReports(report([FAIL, SKIP]), report([fixed, PASS]))
    expect(diff.fixes.map((c) => c.checkId)).toEqual(['chat.usage.total'])
    expect(diff.casesAdded).toEqual([{ caseId: PASS.id, status: 'pass' }])
    expect(diff.casesRemoved).toEqual([{ caseId: SKIP.id, status: 'skip' }])
    expect(hasRegressions(diff)).toBe(false)
  })

  test('a case that became inconclusive as a whole is unverified, not a regression', () => {
    const lost: CaseResult = { ...PASS, status: 'inconclusive', checks: [], reason: 'HTTP 503 after 3 attempts' }
    const diff = diffReports(report([PASS]), report([lost]))
    expect(diff.unverified).toEqual([
      { caseId: PASS.id, checkId: '(case)', from: 'pass', to: 'inconclusive', message: 'HTTP 503 after 3 attempts' },
    ])
    expect(hasRegressions(diff)).toBe(false)
  })

  test('reports of different targets are compared, and the difference is said', () => {
    const other = buildReport(reportInput({ cases: [PASS], target: { name: 'b', baseURL: 'http://b/v1', models: {} } }))
    const diff = diffReports(report([PASS]), other)
    expect(formatDiff(diff)).toMatch(/^note: the reports are of different targets: local .* → b \(http:\/\/b\/v1\)/)
  })
})

describe('oai-conformance diff', () => {
  function files(before: CaseResult[], after: CaseResult[]) {
    const dir = tempDir()
    writeFileSync(join(dir, 'old.json'), JSON.stringify(report(before)))
    writeFileSync(join(dir, 'new.json'), JSON.stringify(report(after)))
    return dir
  }

  test('exit 1 on a regression, with the regression printed', async () => {
    const cwd = files([PASS], [withCheck(PASS, 'chat.response.schema', 'fail')])
    const { code, stdout } = await runCli(['diff', 'old.json', 'new.json'], { cwd })
    expect(code).toBe(1)
    expect(stdout).toContain('regressions (1):')
    expect(stdout).toContain(`${PASS.id}  chat.response.schema: pass → fail`)
  })

  test('exit 0 with no regression; --json prints the diff as JSON', async () => {
    const cwd = files([FAIL], [withCheck(FAIL, 'chat.usage.total', 'pass')])
    const { code, stdout } = await runCli(['diff', 'old.json', 'new.json', '--json'], { cwd })
    expect(code).toBe(0)
    expect(JSON.parse(stdout).fixes).toHaveLength(1)
  })

  test.each([
    [['diff', 'old.json'], /two report\.json files/],
    [['diff', 'old.json', 'missing.json'], /missing\.json: cannot read it \(ENOENT\)/],
    [['diff', 'old.json', 'garbage.json'], /garbage\.json: not JSON/],
    [['diff', 'old.json', 'other.json'], /other\.json: not a report\.json of this tool/],
  ])('bad input %j: one line, exit 2', async (args, message) => {
    const cwd = files([PASS], [PASS])
    writeFileSync(join(cwd, 'garbage.json'), '{"cases": [')
    writeFileSync(join(cwd, 'other.json'), '{"hello": 1}')
    const { code, stderr, stdout } = await runCli(args, { cwd })
    expect(code).toBe(2)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(message)
    expect(stdout).toBe('')
  })
})
