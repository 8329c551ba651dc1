/**
 * Only credentials are redacted: a `--header 'x-provider: openai'` must not turn case ids
 * into `tools.round-trip.[REDACTED]-call-ids` or the spec source into
 * `github.com/[REDACTED]/…`; a value too short to redact as text is named once on the terminal.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { cleanEnv, runCli, tempDir } from '../support/cli.ts'

test('a non-secret header redacts nothing; a short secret is named once, not used', async () => {
  const reportDir = join(tempDir(), 'report')
  const result = await runCli(
    [
      'run',
      ...['--header', 'x-provider: openai', '--header', 'x-team-token: tiny', '--secret', 'abc'],
      ...['--only', 'chat,tools', '--report-dir', reportDir],
    ],
    { env: cleanEnv(), timeoutMs: 60_000 },
  )
  expect(result.code, result.stderr).toBe(0)
  const outputs = [result.stdout, readFileSync(join(reportDir, 'report.json'), 'utf8')]
  for (const text of outputs) expect(text).not.toContain('[REDACTED]')
  const report = JSON.parse(outputs[1]!)
  expect(report.spec.source).toContain('openai')
  expect(report.cases.map((c: { id: string }) => c.id)).toContain('tools.round-trip.openai-call-ids')
  const notes = result.stderr.split('\n').filter((line) => line.includes('not redacted as text'))
  expect(notes).toEqual([
    'oai-conformance: not redacted as text, being shorter than 8 characters (credential headers are still redacted whole): header x-team-token, a --secret value',
  ])
})
