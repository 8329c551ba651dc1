/**
 * Recordings judged as fully as they allow: a HAR entry without its request body is judged
 * as the stream or the JSON answer its response shows; a 429 or 5xx, which nothing can
 * retry in a recording, is judged on its error envelope.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { main } from '../../src/cli/main.ts'
import type { Report } from '../../src/report/index.ts'
import { harEntry, harOf, jsonResponse, SSE_TEXT, sink } from './captures.ts'

async function validateEntries(entries: object[]): Promise<{ code: number; report: Report }> {
  const dir = mkdtempSync(join(tmpdir(), 'oai-validate-recorded-'))
  const file = join(dir, 'c.har')
  writeFileSync(file, JSON.stringify(harOf(entries)))
  const code = await main(['validate', file, '--report-dir', join(dir, 'report')], { stdout: sink(), stderr: sink() })
  return { code, report: JSON.parse(readFileSync(join(dir, 'report', 'report.json'), 'utf8')) as Report }
}

const statusOf = (report: Report, id: string) => report.cases[0]!.checks.find((check) => check.id === id)?.status

test('an event stream without its request body is judged as a stream, not as a JSON answer', async () => {
  const stream = harEntry({
    body: null,
    response: {
      ...jsonResponse(SSE_TEXT, { mimeType: 'text/event-stream' }),
      headers: [{ name: 'content-type', value: 'text/event-stream' }],
    },
  })
  const { code, report } = await validateEntries([stream])
  expect(statusOf(report, 'stream.done.terminates')).toBe('pass')
  expect(statusOf(report, 'http.content-type.json')).toBeUndefined()
  expect(report.cases[0]!.checks.filter((check) => check.status === 'fail')).toEqual([])
  expect(code).toBe(0)
})

test('a JSON answer without its request body is judged as a completion', async () => {
  const { code, report } = await validateEntries([harEntry({ body: null })])
  expect(statusOf(report, 'chat.response.schema')).toBe('pass')
  expect(report.cases[0]!.checks.filter((check) => check.status === 'fail')).toEqual([])
  expect(code).toBe(0)
})

const envelope = (message: string) =>
  JSON.stringify({ error: { message, type: 'server_error', param: null, code: null } })

test.each([429, 500, 503])('a recorded %i is judged on its error envelope, not inconclusive', async (status) => {
  const entry = harEntry({ response: { ...jsonResponse(envelope('busy')), status } })
  const { code, report } = await validateEntries([entry])
  expect(report.cases[0]!.status).toBe('pass')
  expect(statusOf(report, 'errors.envelope.schema')).toBe('pass')
  expect(code).toBe(0)
})

test('a recorded 500 without the error envelope fails', async () => {
  const entry = harEntry({ response: { ...jsonResponse('{"error":"SyntaxError"}'), status: 500 } })
  const { code, report } = await validateEntries([entry])
  expect(statusOf(report, 'errors.envelope.schema')).toBe('fail')
  expect(code).toBe(1)
})
