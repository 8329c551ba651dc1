/**
 * Calibration of `validate` on captures made by the tools users have (test/fixtures/captures/,
 * made by scripts/capture-calibration.ts): the compliant reference's traffic gives no failure,
 * the reference under a fault gives exactly that fault's findings, and the real OpenAI
 * traffic (../shared/real-traffic/) wrapped as HAR gives no required-level failure.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { getFault } from '../../src/apis/index.ts'
import { listRecordings, loadRecording, type Recording } from '../../src/formats/recordings.ts'
import type { Report } from '../../src/report/index.ts'
import { startValidate } from '../../src/validate/validate.ts'
import { sink } from './captures.ts'

const CAPTURES = fileURLToPath(new URL('../fixtures/captures/', import.meta.url))
const FAULTS = ['chat-usage-total-mismatch', 'stream-missing-done']

async function judge(files: string[]): Promise<{ code: number; report: Report }> {
  const dir = mkdtempSync(join(tmpdir(), 'oai-calibration-'))
  const code = await startValidate({ files, reportDir: dir }, { stdout: sink(), stderr: sink() })
  return { code, report: JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report }
}

/** Every check outcome that is not a pass or a skip, as `case: check status`. */
function deviations(report: Report): string[] {
  return report.cases.flatMap((result) =>
    result.checks
      .filter((check) => check.status !== 'pass' && check.status !== 'skip')
      .map((check) => `${result.id}: ${check.id} ${check.status}`),
  )
}

describe('captures of the compliant reference', () => {
  test.each(['chromium-reference.har', 'proxy-reference.jsonl'])('%s: every case passes', async (name) => {
    const { code, report } = await judge([join(CAPTURES, name)])
    expect(deviations(report)).toEqual([])
    expect(report.summary.total).toBeGreaterThan(10)
    expect(code).toBe(0)
  })

  test('the Chromium HAR covers plain, streamed, tools, structured and error exchanges', async () => {
    const { report } = await judge([join(CAPTURES, 'chromium-reference.har')])
    expect(new Set(report.cases.map((result) => result.capability))).toEqual(
      new Set(['models', 'chat', 'streaming', 'tools', 'structured', 'errors']),
    )
  })
})

describe('captures of the reference under a fault', () => {
  test.each(FAULTS)('%s: exactly its findings', async (name) => {
    const fault = getFault(name)!
    const { code, report } = await judge([join(CAPTURES, `chromium-${name}.har`)])
    const found = new Set(deviations(report).map((line) => line.split(': ')[1]!.split(' ')[0]!))
    expect(found.size).toBeGreaterThan(0)
    expect([...found].filter((id) => !fault.proves.includes(id))).toEqual([])
    expect(code).toBe(1)
  })
})

/** The recordings (`REAL_TRAFFIC_DIR` overrides where they are, for a checkout not beside `shared/`). */
const recordings = listRecordings(process.env.REAL_TRAFFIC_DIR)

/** A recording as the HAR entry a browser would have written of it. */
function harEntry(recording: Recording) {
  const { request, response } = recording
  const text = response.body_text ?? (response.body_json != null ? JSON.stringify(response.body_json) : undefined)
  const header = (headers: Record<string, string>) => Object.entries(headers).map(([name, value]) => ({ name, value }))
  return {
    startedDateTime: '2025-01-01T00:00:00.000Z',
    time: 100,
    request: {
      method: request.method,
      url: `https://api.openai.com${request.path}`,
      httpVersion: 'HTTP/2',
      headers: header(request.headers),
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: -1,
      ...(request.body != null
        ? { postData: { mimeType: 'application/json', text: JSON.stringify(request.body) } }
        : {}),
    },
    response: {
      status: response.status,
      statusText: '',
      httpVersion: 'HTTP/2',
      headers: header(response.headers),
      cookies: [],
      content: {
        size: -1,
        mimeType: response.headers['content-type'] ?? '',
        ...(response.body_base64 !== null
          ? { text: response.body_base64, encoding: 'base64' }
          : text !== undefined
            ? { text }
            : {}),
      },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 50, receive: 50 },
  }
}

describe.skipIf(recordings.length === 0 || !existsSync(recordings[0]!))('real OpenAI traffic wrapped as HAR', () => {
  test('no required-level failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oai-real-har-'))
    const file = join(dir, 'real-traffic.har')
    const entries = recordings.map((path) => harEntry(loadRecording(path)))
    writeFileSync(file, JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } }))
    const { code, report } = await judge([file])
    expect(report.summary.total).toBe(recordings.length)
    expect(deviations(report).filter((line) => line.endsWith(' fail') || line.endsWith(' inconclusive'))).toEqual([])
    expect(code).toBe(0)
  })
})
