/**
 * Reading capture files: the format comes from the content; HAR bodies in base64, compressed,
 * streamed as one text, as `_eventSourceMessages`, or missing; JSON Lines; bad or truncated
 * input is a `CaptureError` with one line.
 */
import { gzipSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { CaptureError } from '../../src/formats/capture-entry.ts'
import { parseCapture } from '../../src/formats/captures.ts'
import { harOf, harEntry, jsonResponse, SSE_TEXT } from './captures.ts'

describe('the format comes from the content', () => {
  test('a HAR, whatever the file is called', () => {
    const capture = parseCapture(JSON.stringify(harOf([harEntry()])), 'traffic.jsonl')
    expect(capture.format).toBe('har')
    expect(capture.entries[0]!.source).toEqual({ file: 'traffic.jsonl', entry: 0 })
  })

  test('a recording', () => {
    const recording = {
      provider: 'openai',
      source: 'x',
      endpoint: 'chat.completions',
      request: { method: 'POST', path: '/v1/chat/completions', headers: {}, body: { model: 'm' } },
      response: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body_json: { ok: 1 },
        body_text: null,
        body_base64: null,
      },
    }
    const capture = parseCapture(JSON.stringify(recording, null, 2), 'x.har')
    expect(capture.format).toBe('recording')
    expect(capture.entries[0]!.exchange.request.url).toBe('https://api.openai.com/v1/chat/completions')
  })

  test('JSON Lines of {request, response}, in both shapes, blank lines skipped', () => {
    const lines = [
      JSON.stringify({
        request: {
          method: 'post',
          url: 'http://h/v1/chat/completions',
          headers: { 'Content-Type': 'application/json' },
          body: { model: 'm' },
        },
        response: { status: 200, headers: { 'Content-Type': 'application/json' }, bodyText: '{"a":1}' },
      }),
      '',
      JSON.stringify({
        request: { method: 'GET', path: '/v1/models' },
        response: { status: 200, body_json: { object: 'list', data: [] } },
      }),
    ].join('\n')
    const capture = parseCapture(lines, 'capture.har')
    expect(capture.format).toBe('jsonl')
    expect(capture.entries.map((entry) => entry.source.line)).toEqual([1, 3])
    const [first, second] = capture.entries.map((entry) => entry.exchange)
    expect(first!.request).toMatchObject({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: { model: 'm' },
    })
    expect(first!.response!.bodyText).toBe('{"a":1}')
    expect(second!.request.url).toBe('http://capture.invalid/v1/models')
    expect(JSON.parse(second!.response!.bodyText!)).toEqual({ object: 'list', data: [] })
  })
})

describe('bad input is one line', () => {
  const har = JSON.stringify(harOf([harEntry(), harEntry()]), null, 2)
  test.each([
    ['a HAR cut short', har.slice(0, har.length / 2), /^not valid JSON \(.+\); a truncated file\?$/],
    [
      'a JSON Lines file whose last line is cut',
      `${JSON.stringify({ request: { method: 'GET', url: 'http://h/v1/models' }, response: { status: 200 } })}\n{"request": {"meth`,
      /^line 2 is not JSON/,
    ],
    ['an empty file', '  \n', /^the file is empty$/],
    ['JSON that is no capture', '{"hello": "world"}', /^not a capture: expected a HAR 1\.2 log/],
    [
      'a HAR entry without a status',
      JSON.stringify({ log: { entries: [{ request: { method: 'GET', url: 'http://h/' }, response: {} }] } }),
      /^log\.entries\[0\] has no response status$/,
    ],
    [
      'a line without a method',
      `{"request": {"url": "http://h/"}, "response": {"status": 200}}\n{"request": {}, "response": {}}`,
      /^line 1 has no request method/,
    ],
    ['binary garbage', '\u0000\u0001\u00ff\u00fe', /^not valid JSON/],
  ])('%s', (_name, text, message) => {
    let error: unknown
    try {
      parseCapture(text, 'f')
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(CaptureError)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain('\n')
  })
})

describe('HAR bodies', () => {
  const read = (entry: object) => parseCapture(JSON.stringify(harOf([entry])), 'f').entries[0]!

  test('base64 content is decoded', () => {
    const text = JSON.stringify({ object: 'list', data: [] })
    const entry = read(
      harEntry({ response: jsonResponse(text, { encoding: 'base64', text: Buffer.from(text).toString('base64') }) }),
    )
    expect(entry.exchange.response!.bodyText).toBe(text)
  })

  test('a body still compressed is decompressed, and the wire headers go with the coding', () => {
    const text = JSON.stringify({ object: 'list', data: [] })
    const gz = gzipSync(text).toString('base64')
    const entry = read(
      harEntry({
        response: jsonResponse(text, { encoding: 'base64', text: gz }, [
          { name: 'Content-Encoding', value: 'gzip' },
          { name: 'Content-Length', value: '40' },
        ]),
      }),
    )
    expect(entry.exchange.response!.bodyText).toBe(text)
    expect(entry.exchange.response!.headers['content-encoding']).toBeUndefined()
    expect(entry.exchange.response!.headers['content-length']).toBeUndefined()
  })

  test('a body stored decoded under Content-Encoding: gzip is taken as it is', () => {
    const text = JSON.stringify({ object: 'list', data: [] })
    const entry = read(harEntry({ response: jsonResponse(text, {}, [{ name: 'content-encoding', value: 'gzip' }]) }))
    expect(entry.exchange.response!.bodyText).toBe(text)
  })

  test('a stream kept as one content.text is one chunk at the first byte', () => {
    const entry = read(harEntry({ stream: true, response: sseResponse({ text: SSE_TEXT }) }))
    expect(entry.exchange.response!.chunks).toEqual([{ t: 30, text: SSE_TEXT }])
    expect(entry.bodyNotCaptured).toBeUndefined()
  })

  test('a stream kept as _eventSourceMessages is rebuilt, one chunk per event at its time', () => {
    const started = Date.parse('2026-01-01T00:00:00.000Z') / 1000
    const entry = read({
      ...harEntry({ stream: true, response: sseResponse({}) }),
      _eventSourceMessages: [
        { time: started + 0.1, eventName: 'message', eventId: '', data: '{"a":1}' },
        { time: started + 0.25, eventName: 'message', eventId: '', data: '[DONE]' },
      ],
    })
    expect(entry.exchange.response!.chunks).toEqual([
      { t: 100, text: 'data: {"a":1}\n\n' },
      { t: 250, text: 'data: [DONE]\n\n' },
    ])
    expect(entry.exchange.response!.bodyText).toBe('data: {"a":1}\n\ndata: [DONE]\n\n')
  })

  test('a stream with no body kept says so', () => {
    const entry = read(harEntry({ stream: true, response: sseResponse({ size: 0 }) }))
    expect(entry.bodyNotCaptured).toBe(true)
    expect(entry.exchange.response!.bodyText).toBeNull()
  })

  test('an empty body is an empty text, not a lost one', () => {
    const entry = read(harEntry({ response: jsonResponse('', { size: 0, text: undefined }) }))
    expect(entry.bodyNotCaptured).toBeUndefined()
    expect(entry.exchange.response!.bodyText).toBe('')
  })

  test('status 0 is a request that got no response', () => {
    const entry = read(harEntry({ response: { ...jsonResponse('', {}), status: 0 } }))
    expect(entry.exchange.response).toBeNull()
    expect(entry.exchange.error?.message).toMatch(/no response/)
  })

  test('request headers are lower-cased, HTTP/2 pseudo-headers left out, the JSON body parsed', () => {
    const entry = read(harEntry())
    expect(entry.exchange.request.headers).toMatchObject({ authorization: 'Bearer sk-test-har-key-0123456789' })
    expect(Object.keys(entry.exchange.request.headers).some((name) => name.startsWith(':'))).toBe(false)
    expect(entry.exchange.request.body).toMatchObject({ model: 'gpt-test' })
  })
})

function sseResponse(content: object) {
  return {
    status: 200,
    statusText: 'OK',
    httpVersion: 'HTTP/1.1',
    headers: [{ name: 'content-type', value: 'text/event-stream' }],
    cookies: [],
    content: { size: SSE_TEXT.length, mimeType: 'text/event-stream', ...content },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
  }
}
