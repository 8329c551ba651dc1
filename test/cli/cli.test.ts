/** The CLI end to end, as a user runs it: exit codes, report files, usage errors. */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { reportErrors } from '../../src/report/schema.ts'
import { runCli, startServe, tempDir } from '../support/cli.ts'

function readReport(dir: string) {
  return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))
}

describe('usage errors: one line, exit 2', () => {
  test.each([
    [['--no-such-flag']],
    [['--model', 'chat']],
    [['--model', 'nonsense=x']],
    [['--only', 'chatt']],
    [['--base-url', 'ftp://example.test']],
    [['--concurrency', '0']],
    [['--config', 'does-not-exist.json']],
    [['serve', '--fault', 'no-such-fault']],
    [['serve', '--port', 'abc']],
  ])('%j', async (args) => {
    const { code, stderr, stdout } = await runCli(args)
    expect(code).toBe(2)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/^oai-conformance/)
    expect(stdout).toBe('')
  })
})

test('with no endpoint, the run uses the embedded reference and passes', async () => {
  const cwd = tempDir()
  const { code, stdout, stderr } = await runCli([], { cwd })
  expect(stderr).toBe('')
  expect(stdout).toContain('embedded reference')
  expect(code).toBe(0)
  const report = readReport(join(cwd, 'conformance-report'))
  expect(report.schemaVersion).toBe(1)
  expect(report.summary.failed).toBe(0)
  expect(report.summary.total).toBeGreaterThan(10)
  expect(existsSync(join(cwd, 'conformance-report', 'junit.xml'))).toBe(true)
  expect(reportErrors(report)).toEqual([])
}, 120_000)

test('serve + run --base-url: exit 0 when compliant, 1 with the failing check named under a fault', async () => {
  const clean = await startServe(['--api-key', 'sk-test-clean'])
  const faulty = await startServe(['--api-key', 'sk-test-faulty', '--fault', 'chat-usage-total-mismatch'])
  try {
    const okDir = tempDir()
    const ok = await runCli([
      '--base-url',
      clean.url,
      '--api-key',
      'sk-test-clean',
      '--model',
      'chat=oai-ref-chat-1',
      '--report-dir',
      okDir,
      '--only',
      'chat',
    ])
    expect(ok.code, ok.stdout + ok.stderr).toBe(0)

    const badDir = tempDir()
    const bad = await runCli([
      '--base-url',
      faulty.url,
      '--api-key',
      'sk-test-faulty',
      '--model',
      'chat=oai-ref-chat-1',
      '--report-dir',
      badDir,
      '--only',
      'chat',
    ])
    expect(bad.code, bad.stdout + bad.stderr).toBe(1)
    const report = readReport(badDir)
    const failing = report.cases.flatMap((c: any) => c.checks).filter((c: any) => c.status === 'fail')
    expect(failing.map((c: any) => c.id)).toContain('chat.usage.total')
    expect(bad.stdout).toContain('chat.usage.total')
  } finally {
    await clean.stop()
    await faulty.stop()
  }
}, 120_000)

test('an echoed API key fails http.credentials.not-echoed, and appears in no output', async () => {
  const canary = 'sk-canary-7d1e4b9a0c3f5e2d'
  // unknown-model-400 makes a recommended check warn, so the echoed 404/400 body lands in the evidence.
  const server = await startServe([
    ...['--api-key', canary, '--fault', 'auth-echoes-key', '--fault', 'auth-echoes-key-header'],
    ...['--fault', 'unknown-model-400'],
  ])
  try {
    const dir = tempDir()
    const result = await runCli([
      '--base-url',
      server.url,
      '--api-key',
      canary,
      '--model',
      'chat=oai-ref-chat-1',
      '--report-dir',
      dir,
    ])
    // The echo is a required failure, judged on the key as sent…
    expect(result.code).toBe(1)
    const echoes = readReport(dir).cases.flatMap((c: any) =>
      c.checks.filter((check: any) => check.id === 'http.credentials.not-echoed' && check.status === 'fail'),
    )
    expect(echoes.length).toBeGreaterThan(0)
    expect(JSON.stringify(echoes)).toContain('header x-forwarded-authorization')
    // …and shown redacted.
    expect(result.stdout).not.toContain(canary)
    expect(result.stderr).not.toContain(canary)
    // Every report file, the badges folder's too.
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()))
      expect(readFileSync(join(entry.parentPath, entry.name), 'utf8'), entry.name).not.toContain(canary)
    // The echo really happened, or this test proves nothing: the redaction marker is there.
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toContain('[REDACTED]')
  } finally {
    await server.stop()
  }
}, 120_000)

test('an unreachable target: every case inconclusive with one reason, exit 2, report written', async () => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  const dir = tempDir()
  const result = await runCli(['--base-url', `http://127.0.0.1:${port}/v1`, '--model', 'chat=m', '--report-dir', dir])
  expect(result.code).toBe(2)
  expect(result.stderr).toMatch(/could not start: the target is unreachable/)
  const report = readReport(dir)
  expect(report.summary.inconclusive).toBe(report.summary.total - report.summary.skipped)
  expect(report.summary.failed).toBe(0)
  const reasons = new Set(report.cases.filter((c: any) => c.status === 'inconclusive').map((c: any) => c.reason))
  expect(reasons.size).toBe(1)
}, 60_000)
