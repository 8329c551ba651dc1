import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { EXCHANGE_HEADER } from '../../src/transport/index.ts'
import {
  CHAT_BODY,
  chatChunk,
  chatCompletion,
  clientFor,
  delay,
  sendJSON,
  sseFrame,
  startServer,
  streamFrames,
  type TestServer,
} from './helpers.ts'

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('capturing a round trip', () => {
  it('records request, response, timing and the SDK value', async () => {
    server = await startServer((_req, res) => sendJSON(res, 200, chatCompletion('hi'), { 'X-Request-Id': 'req_1' }))
    const client = clientFor(server)
    const exchange = await client.perform({ operation: 'chat.completions.create', body: CHAT_BODY })

    expect(exchange.error).toBeUndefined()
    expect(exchange.request.method).toBe('POST')
    expect(exchange.request.url).toBe(`${server.baseURL}/chat/completions`)
    expect(exchange.request.body).toEqual(CHAT_BODY)
    expect(exchange.request.headers['content-type']).toBe('application/json')
    // As sent: the checks judge it; what a result shows is redacted (test/transport/redaction.test.ts).
    expect(exchange.request.headers.authorization).toBe('Bearer sk-test-key-123')
    for (const name of [...Object.keys(exchange.request.headers), ...Object.keys(exchange.response!.headers)]) {
      expect(name).toBe(name.toLowerCase())
    }
    // The correlation header is ours: it never reaches the server or the record.
    expect(exchange.request.headers[EXCHANGE_HEADER]).toBeUndefined()
    expect(server.received[0]!.headers[EXCHANGE_HEADER]).toBeUndefined()

    const response = exchange.response!
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('application/json')
    expect(response.headers['x-request-id']).toBe('req_1')
    expect(JSON.parse(response.bodyText!)).toEqual(chatCompletion('hi'))
    expect(response.bodyBase64).toBeNull()
    expect(response.chunks!.map((c) => c.text).join('')).toBe(response.bodyText)
    expect(response.truncated).toBeUndefined()
    const timing = response.timing!
    expect(Date.parse(timing.startedAt)).not.toBeNaN()
    expect(timing.headersMs).toBeGreaterThanOrEqual(0)
    expect(timing.firstByteMs).toBeGreaterThanOrEqual(timing.headersMs)
    expect(timing.lastByteMs).toBeGreaterThanOrEqual(timing.firstByteMs!)

    expect(exchange.sdk).toEqual({ ok: true, value: chatCompletion('hi') })
  })

  it('keeps each exchange with its own request under concurrency', async () => {
    server = await startServer(async (_req, res, received) => {
      const marker = JSON.parse(received.body).messages[0].content as string
      await delay(Math.random() * 30)
      sendJSON(res, 200, chatCompletion(`echo ${marker}`, `chatcmpl-${marker}`))
    })
    const client = clientFor(server, { concurrency: 8 })
    const markers = Array.from({ length: 20 }, (_, i) => `m${i}`)
    const exchanges = await Promise.all(
      markers.map((marker) =>
        client.perform({
          operation: 'chat.completions.create',
          body: { ...CHAT_BODY, messages: [{ role: 'user', content: marker }] },
        }),
      ),
    )
    exchanges.forEach((exchange, i) => {
      const marker = markers[i]!
      expect((exchange.request.body as typeof CHAT_BODY).messages[0]!.content).toBe(marker)
      expect(JSON.parse(exchange.response!.bodyText!).id).toBe(`chatcmpl-${marker}`)
      expect(exchange.sdk).toMatchObject({ ok: true, value: { id: `chatcmpl-${marker}` } })
    })
  })

  it('never has more requests in flight than the concurrency, counting whole streams', async () => {
    let inFlight = 0
    let maxInFlight = 0
    server = await startServer(async (_req, res) => {
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      res.on('close', () => inFlight--)
      await streamFrames(res, [chatChunk('a'), chatChunk('b'), chatChunk(null, 'stop')], 35)
    })
    const client = clientFor(server, { concurrency: 2 })
    const exchanges = await Promise.all(
      Array.from({ length: 6 }, () => client.perform({ operation: 'chat.completions.create.stream', body: CHAT_BODY })),
    )
    expect(exchanges.every((e) => e.error === undefined && e.sdk?.ok)).toBe(true)
    expect(server.received).toHaveLength(6)
    expect(maxInFlight).toBe(2)
  })
})

describe('capturing streams', () => {
  it('records chunks with arrival times, and the SDK stream op yields the chunks', async () => {
    const frames = [chatChunk('Hel', null, true), chatChunk('lo'), chatChunk(null, 'stop')]
    server = await startServer((_req, res) => streamFrames(res, frames, 20))
    const client = clientFor(server)
    const exchange = await client.perform({ operation: 'chat.completions.create.stream', body: CHAT_BODY })

    expect(exchange.error).toBeUndefined()
    expect(exchange.request.body).toMatchObject({ stream: true })
    const response = exchange.response!
    expect(response.headers['content-type']).toBe('text/event-stream')
    const chunks = response.chunks!
    expect(chunks.length).toBeGreaterThanOrEqual(3)
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.t).toBeGreaterThanOrEqual(chunks[i - 1]!.t)
    expect(chunks.at(-1)!.t - chunks[0]!.t).toBeGreaterThanOrEqual(40)
    expect(chunks.map((c) => c.text).join('')).toBe(response.bodyText)
    expect(response.bodyText!.endsWith('data: [DONE]\n\n')).toBe(true)

    const value = (exchange.sdk as { ok: true; value: { chunks: unknown[] } }).value
    expect(value.chunks).toEqual(frames)
  })

  it('counts the stream helper events and returns the final completion', async () => {
    server = await startServer((_req, res) =>
      streamFrames(res, [chatChunk('Hel', null, true), chatChunk('lo'), chatChunk(null, 'stop')], 5),
    )
    const client = clientFor(server)
    const exchange = await client.perform({ operation: 'chat.completions.stream', body: CHAT_BODY })
    expect(exchange.sdk).toMatchObject({
      ok: true,
      value: {
        final: { choices: [{ message: { content: 'Hello' }, finish_reason: 'stop' }] },
        events: { chunk: 3, content: 2, 'content.delta': 2, 'content.done': 1 },
      },
    })
  })

  it('captures the whole body even when the SDK throws part-way', async () => {
    const body = `${sseFrame(chatChunk('a', null, true))}data: {not json}\n\n${sseFrame(chatChunk('b'))}${sseFrame('[DONE]')}`
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.end(body)
    })
    const exchange = await clientFor(server).perform({ operation: 'chat.completions.create.stream', body: CHAT_BODY })
    expect(exchange.sdk).toMatchObject({ ok: false, error: { name: 'SyntaxError' } })
    expect(exchange.error).toBeUndefined()
    expect(exchange.response!.bodyText).toBe(body)
  })

  it('decodes a character split across two writes', async () => {
    const text = JSON.stringify(chatCompletion('café ☕ 😀'))
    const bytes = Buffer.from(text, 'utf8')
    const split = bytes.indexOf(Buffer.from('é')) + 1 // between the two bytes of "é"
    server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write(bytes.subarray(0, split))
      await delay(40)
      res.end(bytes.subarray(split))
    })
    const client = clientFor(server)
    const exchange = await client.perform({ operation: 'chat.completions.create', body: CHAT_BODY })
    const response = exchange.response!
    expect(response.bodyText).toBe(text)
    expect(response.chunks).toHaveLength(2)
    expect(response.chunks![0]!.text.endsWith('caf')).toBe(true)
    expect(response.chunks![1]!.text.startsWith('é')).toBe(true)
    expect(exchange.sdk).toMatchObject({ ok: true, value: { choices: [{ message: { content: 'café ☕ 😀' } }] } })
  })
})

describe('capturing binary bodies', () => {
  it('keeps audio as base64', async () => {
    const audio = Buffer.from([0xff, 0xfb, 0x90, 0x00, 0x80, 0x7f, 0xc3, 0x28, 0x00, 0x01])
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'audio/mpeg' })
      res.end(audio)
    })
    const client = clientFor(server)
    const exchange = await client.perform({
      operation: 'audio.speech.create',
      body: { model: 'tts', input: 'hello', voice: 'alloy' },
    })
    expect(exchange.error).toBeUndefined()
    expect(exchange.request.url).toBe(`${server.baseURL}/audio/speech`)
    expect(exchange.response!.bodyText).toBeNull()
    expect(exchange.response!.bodyBase64).toBe(audio.toString('base64'))
    expect(exchange.response!.chunks).toBeUndefined()
    const digest = createHash('sha256').update(audio).digest('hex')
    expect(exchange.sdk).toMatchObject({
      ok: true,
      value: {
        contentType: 'audio/mpeg',
        arrayBuffer: { byteLength: audio.length, sha256: digest },
        file: { byteLength: audio.length, sha256: digest },
      },
    })
  })
})
