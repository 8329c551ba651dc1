/**
 * `oai-conformance validate FILE...`: one case per API call, named and sourced; other entries
 * ignored and counted (`--host`); a stream without its body unverifiable, never failed;
 * unreadable files one line each and exit 2; keys never in what it writes; a check added to a
 * check set is picked up with no other change.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { APIS } from '../../src/apis/index.ts'
import { createCatalogue } from '../../src/apis/catalogue.ts'
import { defineApi } from '../../src/apis/shared/slice.ts'
import { defineCheck, finding } from '../../src/core/define.ts'
import { main } from '../../src/cli/main.ts'
import type { Report } from '../../src/report/index.ts'
import { reportErrors } from '../../src/report/index.ts'
import { startValidate } from '../../src/validate/validate.ts'
import { chatCompletion } from '../transport/helpers.ts'
import { HAR_KEY, harEntry, harOf, jsonResponse, SSE_TEXT, sink } from './captures.ts'

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'oai-validate-test-'))
}

function writeCapture(dir: string, name: string, content: unknown): string {
  const file = join(dir, name)
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content))
  return file
}

async function validate(args: string[]) {
  const dir = tempDir()
  const stdout = sink()
  const stderr = sink()
  const code = await main(['validate', ...args, '--report-dir', join(dir, 'report')], { stdout, stderr })
  const reportFile = join(dir, 'report', 'report.json')
  let report: Report | undefined
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report
  } catch {
    report = undefined
  }
  const junit = join(dir, 'report', 'junit.xml')
  return {
    code,
    stdout: stdout.text(),
    stderr: stderr.text(),
    report,
    reportText: report ? readFileSync(reportFile, 'utf8') : '',
    junitText: report ? readFileSync(junit, 'utf8') : '',
  }
}

const page = harEntry({
  method: 'GET',
  url: 'https://app.example.test/index.html',
  body: null,
  response: jsonResponse('<html></html>'),
})
const script = harEntry({
  method: 'GET',
  url: 'https://cdn.example.test/app.js',
  body: null,
  response: jsonResponse('x()'),
})
const models = harEntry({
  method: 'GET',
  url: 'https://api.example.test/v1/models',
  body: null,
  response: jsonResponse(
    JSON.stringify({ object: 'list', data: [{ id: 'gpt-test', object: 'model', created: 1, owned_by: 'x' }] }),
  ),
})
const chat = harEntry()
const otherHostChat = harEntry({ url: 'https://other.example.test/v1/chat/completions' })

describe('validate over a HAR', () => {
  test('one case per API call, named by method, path, index and what was asked, with its source', async () => {
    const dir = tempDir()
    const file = writeCapture(dir, 'session.json', harOf([page, models, script, chat]))
    const { code, stdout, report } = await validate([file])
    expect(code).toBe(0)
    expect(stdout).toContain(`${file} (HAR): 4 entries, 2 judged, 2 ignored (2 not API calls)`)
    expect(report!.cases.map((c) => [c.id, c.title, c.source])).toEqual([
      ['GET /v1/models #1', 'GET /v1/models #1', { file, entry: 1 }],
      ['POST /v1/chat/completions #2', 'POST /v1/chat/completions #2: model gpt-test', { file, entry: 3 }],
    ])
    expect(report!.target.baseURL).toBe('https://api.example.test/v1')
    expect(reportErrors(report)).toEqual([])
    // The chat case is judged by the chat completion's check set, found from its premise.
    expect(report!.cases[1]!.checks.map((check) => check.id)).toContain('chat.response.schema')
  })

  test('--host picks which hosts are judged; the others are counted', async () => {
    const dir = tempDir()
    const file = writeCapture(dir, 'two-hosts.har', harOf([chat, otherHostChat]))
    const { stdout, report } = await validate([file, '--host', 'other.example.test'])
    expect(stdout).toContain('2 entries, 1 judged, 1 ignored (1 other hosts)')
    expect(report!.cases.map((c) => c.source)).toEqual([{ file, entry: 1 }])
  })

  test('a stream whose body the capture did not keep is unverifiable, never a failure', async () => {
    const dir = tempDir()
    const noBody = harEntry({
      stream: true,
      response: {
        ...jsonResponse('', { size: 0, text: undefined, mimeType: 'text/event-stream' }),
        headers: [{ name: 'content-type', value: 'text/event-stream' }],
      },
    })
    const file = writeCapture(dir, 'stream.har', harOf([noBody]))
    const { code, report } = await validate([file])
    expect(code).toBe(0)
    const [result] = report!.cases
    expect(result).toMatchObject({ status: 'skip', reason: 'unverifiable: the capture holds no body' })
    expect(result!.checks.some((check) => check.status === 'fail')).toBe(false)
    // What the status and headers say is still judged.
    expect(result!.checks.find((check) => check.id === 'http.status.success')?.status).toBe('pass')
  })

  test('a stream kept as one text is judged', async () => {
    const dir = tempDir()
    const stream = harEntry({
      stream: true,
      response: {
        ...jsonResponse(SSE_TEXT, { mimeType: 'text/event-stream' }),
        headers: [{ name: 'content-type', value: 'text/event-stream' }],
      },
    })
    const { code, report } = await validate([writeCapture(dir, 's.har', harOf([stream]))])
    expect(report!.cases[0]!.title).toBe('POST /v1/chat/completions #1: model gpt-test, stream')
    expect(report!.cases[0]!.checks.find((check) => check.id === 'stream.done.terminates')?.status).toBe('pass')
    expect(code).toBe(0)
  })

  test('a failing required check exits 1', async () => {
    const dir = tempDir()
    const broken = harEntry({
      response: jsonResponse(JSON.stringify({ ...chatCompletion('Hi'), object: 'text_completion' })),
    })
    const { code, report } = await validate([writeCapture(dir, 'b.har', harOf([broken]))])
    expect(code).toBe(1)
    expect(report!.cases[0]!.checks.find((check) => check.id === 'chat.response.object')?.status).toBe('fail')
  })

  test('the key the requests carried is in nothing it writes, even where the response echoes it', async () => {
    const dir = tempDir()
    const echo = harEntry({
      response: jsonResponse(JSON.stringify({ ...chatCompletion(`your key is ${HAR_KEY}`), object: 'oops' })),
    })
    const { stdout, stderr, reportText, junitText } = await validate([writeCapture(dir, 'k.har', harOf([echo]))])
    expect(reportText).toContain('[REDACTED]')
    for (const text of [stdout, stderr, reportText, junitText]) expect(text).not.toContain(HAR_KEY)
  })
})

describe('unusable input', () => {
  test('each unreadable file is one line, the others are still judged, and the exit code is 2', async () => {
    const dir = tempDir()
    const good = writeCapture(dir, 'good.har', harOf([chat]))
    const cut = writeCapture(dir, 'cut.har', JSON.stringify(harOf([chat, chat])).slice(0, 300))
    const missing = join(dir, 'missing.har')
    const { code, stderr, report } = await validate([good, cut, missing])
    expect(code).toBe(2)
    const lines = stderr.trim().split('\n')
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(`^oai-conformance validate: ${cut}: not valid JSON \\(.+\\); a truncated file\\?$`),
      ),
      expect.stringMatching(new RegExp(`^oai-conformance validate: ${missing}: cannot be read \\(ENOENT`)),
      'oai-conformance validate: 2 of 3 files could not be read',
    ])
    expect(report!.cases).toHaveLength(1)
  })

  test('a capture with no API call in it exits 2 saying so', async () => {
    const dir = tempDir()
    const { code, stderr } = await validate([writeCapture(dir, 'pages.har', harOf([page, script]))])
    expect(code).toBe(2)
    expect(stderr).toMatch(/no API calls to judge/)
  })

  test('no file at all is a usage error', async () => {
    const { code, stderr } = await validate([])
    expect(code).toBe(2)
    expect(stderr).toBe('oai-conformance: validate: name at least one capture file (validate --help)\n')
  })
})

describe('a check added to a check set', () => {
  test('is picked up by validate with no other change', async () => {
    const greets = defineCheck({
      id: 'toy.content.greets',
      title: 'The reply greets',
      level: 'required',
      spec: { doc: 'https://example.test/toy#greets' },
      description: 'A chat reply MUST start with "Hello" (a toy rule, for the architecture test).',
      run: ({ exchange }) =>
        JSON.parse(exchange.response?.bodyText ?? '{}').choices?.[0]?.message?.content?.startsWith('Hello')
          ? []
          : [finding('the reply does not greet')],
    })
    // The chat slice as it is, with the check in its chat.completion set: nothing else changes.
    const slices = APIS.map((api) =>
      api.name !== 'chat'
        ? api
        : defineApi({
            ...api,
            checks: [...api.checks, greets],
            checkSets: (api.checkSets ?? []).map((set) =>
              set.name === 'chat.completion' ? { ...set, checks: [...set.checks, greets.id] } : set,
            ),
          }),
    )
    const dir = tempDir()
    const file = writeCapture(
      dir,
      'c.har',
      harOf([harEntry({ response: jsonResponse(JSON.stringify(chatCompletion('Bye'))) })]),
    )
    const stdout = sink()
    const code = await startValidate(
      { files: [file], reportDir: join(dir, 'report') },
      { stdout, stderr: sink() },
      { catalogue: createCatalogue(slices) },
    )
    const report = JSON.parse(readFileSync(join(dir, 'report', 'report.json'), 'utf8')) as Report
    expect(report.cases[0]!.checks.find((check) => check.id === 'toy.content.greets')?.status).toBe('fail')
    expect(code).toBe(1)
  })
})

describe('a hostile capture', () => {
  const base = harEntry()
  const variants: [string, object][] = [
    ['headers that are an object', { ...base, request: { ...base.request, headers: { a: 'b' } } }],
    ['a content that is a string', { ...base, response: { ...base.response, content: 'oops' } }],
    ['a body text that is a number', { ...base, response: { ...base.response, content: { size: 3, text: 42 } } }],
    ['a URL that is not one', { ...base, request: { ...base.request, url: 'not a url' } }],
    ['a request body that is not JSON', { ...base, request: { ...base.request, postData: { text: '{"model": ' } } }],
    ['messages that are not objects', harEntry({ body: { model: 'm', messages: [null, 3, 'x'], tools: 'no' } })],
    [
      'base64 that is not base64',
      { ...base, response: { ...base.response, content: { size: 9, text: '%%%', encoding: 'base64' } } },
    ],
    [
      'a gzip coding over garbage',
      { ...base, response: jsonResponse('\u0000\u0001', {}, [{ name: 'content-encoding', value: 'gzip, br' }]) },
    ],
  ]
  test.each(variants)('%s: a verdict or one line, never a crash', async (_name, entry) => {
    const dir = tempDir()
    const { code, stderr } = await validate([writeCapture(dir, 'h.har', harOf([entry]))])
    expect([0, 1, 2]).toContain(code)
    expect(stderr).not.toMatch(/at .+\.ts:\d+/)
  })
})
