/** Several targets in one run, and one run split into shards: as a user runs them, through the CLI. */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { Report } from '../../src/report/report.ts'
import { reportErrors } from '../../src/report/schema.ts'
import { spreadFor } from '../../src/run/run-cases.ts'
import { targetFolders } from '../../src/run/start-run.ts'
import { DEFAULT_OPTIONS } from '../../src/config/index.ts'
import { runCli, tempDir } from '../support/cli.ts'

const read = (file: string): Report => JSON.parse(readFileSync(file, 'utf8'))
/** What must be equal between two runs of the same cases: ids, statuses, and every check's status. */
const verdicts = (report: Report) =>
  report.cases.map((c) => ({ id: c.id, status: c.status, checks: c.checks.map((k) => [k.id, k.status]) }))

describe('spreading cases over the generic test files', () => {
  const options = { ...DEFAULT_OPTIONS, reportDir: '/x' }
  test('one target: one file, one worker', () => {
    expect(spreadFor(options, 1, 8)).toEqual({ by: 'target', buckets: 1 })
  })
  test('several targets: side by side, no more files than workers', () => {
    expect(spreadFor(options, 10, 2)).toEqual({ by: 'target', buckets: 2 })
    expect(spreadFor(options, 3, 8)).toEqual({ by: 'target', buckets: 3 })
  })
  test('--shard I/N: every case spread over N files', () => {
    expect(spreadFor({ ...options, shard: { index: 2, count: 3 } }, 1, 2)).toEqual({ by: 'case', buckets: 3 })
  })
  test('target folders are distinct, safe names', () => {
    expect(targetFolders(['Groq', 'api.together.xyz', 'a b', 'a-b', '../x'])).toEqual([
      'groq',
      'api.together.xyz',
      'a-b',
      'a-b-2',
      'x',
    ])
  })
})

test('the reference twice, once with a fault: the matrix shows exactly the difference', async () => {
  const cwd = tempDir()
  writeFileSync(
    join(cwd, 'oai-conformance.config.json'),
    JSON.stringify({
      targets: [{ name: 'clean' }, { name: 'faulty', faults: ['chat-usage-total-mismatch'] }],
      only: ['chat', 'streaming'],
    }),
  )
  const { code, stdout, stderr } = await runCli([], { cwd, timeoutMs: 90_000 })
  expect(stderr).toBe('')
  expect(code).toBe(1)
  const clean = read(join(cwd, 'conformance-report', 'clean', 'report.json'))
  const faulty = read(join(cwd, 'conformance-report', 'faulty', 'report.json'))
  expect(reportErrors(clean)).toEqual([])
  expect(reportErrors(faulty)).toEqual([])
  expect(clean.summary.failed).toBe(0)
  const failedInFaulty = faulty.cases.filter((c) => c.status === 'fail').map((c) => c.id)
  expect(failedInFaulty.length).toBeGreaterThan(0)
  for (const id of failedInFaulty) {
    const checks = faulty.cases.find((c) => c.id === id)!.checks.filter((k) => k.status === 'fail')
    expect(checks.map((k) => k.id)).toEqual(['chat.usage.total'])
  }

  const markdown = readFileSync(join(cwd, 'conformance-report', 'matrix.md'), 'utf8')
  const differs = markdown.split('## Cases where the targets differ')[1]!.split('## Every case')[0]!
  const listed = [...differs.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1])
  expect(listed).toEqual(failedInFaulty)
  expect(markdown).toMatch(/^\| chat \| ✅ pass \| ❌ fail \|$/m)
  expect(markdown).toMatch(/^\| streaming \| ✅ pass \| ✅ pass \|$/m)
  const html = readFileSync(join(cwd, 'conformance-report', 'matrix.html'), 'utf8')
  expect(html).toContain(`Cases where the targets differ (${failedInFaulty.length})`)
  expect(stdout).toContain(`Cases where the targets differ (${failedInFaulty.length}):`)
  expect(stdout).toMatch(/faulty › chat\.single-turn {2}chat\.usage\.total/)
}, 120_000)

test('two shards merged equal one unsharded run', async () => {
  const cwd = tempDir()
  const only = ['--only', 'chat,tools']
  const runs = await Promise.all([
    runCli([...only, '--shard', '1/2', '--report-dir', 'part-1'], { cwd, timeoutMs: 90_000 }),
    runCli([...only, '--shard', '2/2', '--report-dir', 'part-2'], { cwd, timeoutMs: 90_000 }),
    runCli([...only, '--report-dir', 'whole'], { cwd, timeoutMs: 90_000 }),
  ])
  for (const run of runs) expect(run.code, run.stderr).toBe(0)
  const [one, two, whole] = ['part-1', 'part-2', 'whole'].map((dir) => read(join(cwd, dir, 'report.json')))
  expect(one!.shard).toEqual({ index: 1, count: 2 })
  expect(one!.cases.length).toBeGreaterThan(0)
  expect(two!.cases.length).toBeGreaterThan(0)

  const merged = await runCli(['merge', 'part-2', 'part-1/report.json', '--report-dir', 'merged'], { cwd })
  expect(merged.code, merged.stderr).toBe(0)
  const report = read(join(cwd, 'merged', 'report.json'))
  expect(reportErrors(report)).toEqual([])
  expect(report.shard).toBeUndefined()
  expect(verdicts(report)).toEqual(verdicts(whole!))
  expect(report.summary).toEqual(whole!.summary)
  expect(report.capabilities).toEqual(whole!.capabilities)

  const incomplete = await runCli(['merge', 'part-1', '--report-dir', 'merged-2'], { cwd })
  expect(incomplete.code).toBe(2)
  expect(incomplete.stderr).toBe('oai-conformance: cannot merge: shard 2/2 missing\n')
}, 120_000)
