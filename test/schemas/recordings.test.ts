/**
 * src/exchange/recordings.ts on synthetic recordings (no shared/ needed).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { listRecordings, loadRecording, recordingToExchange, type Recording } from '../../src/formats/recordings.ts'

const recording = (response: Partial<Recording['response']>): Recording => ({
  provider: 'openai',
  source: 'test',
  endpoint: '/v1/chat/completions',
  request: {
    method: 'POST',
    path: '/v1/chat/completions',
    headers: { 'content-type': 'application/json', authorization: 'REDACTED' },
    body: { model: 'm', messages: [] },
  },
  response: {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body_json: null,
    body_text: null,
    body_base64: null,
    ...response,
  },
})

describe('recordingToExchange', () => {
  test('JSON body: re-serialised as the body text, no chunks, no sdk outcome', () => {
    const exchange = recordingToExchange(recording({ body_json: { id: 'x' } }))
    expect(exchange).toEqual({
      request: {
        method: 'POST',
        url: 'https://api.openai.com/v1/chat/completions',
        headers: { 'content-type': 'application/json', authorization: 'REDACTED' },
        body: { model: 'm', messages: [] },
      },
      response: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        bodyText: '{"id":"x"}',
        bodyBase64: null,
      },
    })
  })

  test('SSE body: kept verbatim, and as one chunk at t=0', () => {
    const text = 'data: {"a":1}\n\ndata: [DONE]\n\n'
    const exchange = recordingToExchange(
      recording({ headers: { 'content-type': 'text/event-stream; charset=utf-8' }, body_text: text }),
    )
    expect(exchange.response?.bodyText).toBe(text)
    expect(exchange.response?.chunks).toEqual([{ t: 0, text }])
  })

  test('binary body: base64 kept, no text; no body at all: both null', () => {
    const binary = recordingToExchange(recording({ headers: { 'content-type': 'audio/mpeg' }, body_base64: 'AAE=' }))
    expect(binary.response).toMatchObject({ bodyText: null, bodyBase64: 'AAE=' })
    expect(binary.response).not.toHaveProperty('chunks')
    expect(recordingToExchange(recording({})).response).toMatchObject({ bodyText: null, bodyBase64: null })
  })

  test('a text body wins over the parsed JSON (the text is what was received)', () => {
    expect(recordingToExchange(recording({ body_json: { a: 1 }, body_text: '{"a": 1}' })).response?.bodyText).toBe(
      '{"a": 1}',
    )
  })
})

describe('listRecordings / loadRecording', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recordings-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('lists *.json files sorted, absolute; a missing directory lists nothing', () => {
    writeFileSync(join(dir, 'b.json'), JSON.stringify(recording({})))
    writeFileSync(join(dir, 'a.json'), JSON.stringify(recording({ status: 404 })))
    writeFileSync(join(dir, 'README.md'), '# not a recording')
    expect(listRecordings(dir)).toEqual([join(dir, 'a.json'), join(dir, 'b.json')])
    expect(loadRecording(join(dir, 'a.json')).response.status).toBe(404)
    expect(listRecordings(join(dir, 'missing'))).toEqual([])
  })

  test('a file that is not a recording is rejected by name', () => {
    writeFileSync(join(dir, 'bad.json'), '{"hello": 1}')
    expect(() => loadRecording(join(dir, 'bad.json'))).toThrow(/bad.json: not a real-traffic recording/)
  })
})
