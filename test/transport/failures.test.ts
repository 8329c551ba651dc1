import { afterEach, describe, expect, it } from 'vitest'
import {
  CHAT_BODY,
  chatChunk,
  chatCompletion,
  clientFor,
  sendJSON,
  sseFrame,
  startServer,
  type TestServer,
} from './helpers.ts'

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const chat = { operation: 'chat.completions.create', body: CHAT_BODY } as const

function sdkError(exchange: { sdk?: unknown }) {
  const sdk = exchange.sdk as { ok: boolean; error?: { name: string; status?: number; message: string } }
  expect(sdk.ok).toBe(false)
  return sdk.error!
}

describe('retries', () => {
  it('retries a 429 after Retry-After and records the attempt', async () => {
    server = await startServer((_req, res) => {
      if (server!.received.length === 1) {
        sendJSON(res, 429, { error: { message: 'Slow down', type: 'rate_limit' } }, { 'retry-after': '0' })
      } else {
        sendJSON(res, 200, chatCompletion('ok'))
      }
    })
    const exchange = await clientFor(server, { retries: 2 }).perform(chat)
    expect(server.received).toHaveLength(2)
    expect(exchange.retries).toHaveLength(1)
    expect(exchange.retries![0]).toMatchObject({ status: 429, retryAfter: '0', waitedMs: 0 })
    expect(exchange.retries![0]!.bodyExcerpt).toContain('Slow down')
    expect(exchange.response!.status).toBe(200)
    expect(exchange.error).toBeUndefined()
    expect(exchange.sdk).toMatchObject({ ok: true, value: { choices: [{ message: { content: 'ok' } }] } })
  })

  it('gives the final 5xx to the SDK once the retries are spent', async () => {
    server = await startServer((_req, res) => sendJSON(res, 503, { error: { message: 'Overloaded' } }))
    const started = performance.now()
    const exchange = await clientFor(server, { retries: 2, retryBaseDelayMs: 20 }).perform(chat)
    expect(server.received).toHaveLength(3)
    expect(exchange.retries!.map((r) => [r.status, r.retryAfter, r.waitedMs])).toEqual([
      [503, null, 20],
      [503, null, 40],
    ])
    expect(performance.now() - started).toBeGreaterThanOrEqual(55)
    expect(exchange.response!.status).toBe(503)
    expect(JSON.parse(exchange.response!.bodyText!)).toEqual({ error: { message: 'Overloaded' } })
    expect(sdkError(exchange)).toMatchObject({ name: 'InternalServerError', status: 503 })
  })

  it('never retries a 400', async () => {
    server = await startServer((_req, res) => sendJSON(res, 400, { error: { message: 'Bad model', param: 'model' } }))
    const exchange = await clientFor(server, { retries: 2 }).perform(chat)
    expect(server.received).toHaveLength(1)
    expect(exchange.retries).toBeUndefined()
    expect(exchange.response!.status).toBe(400)
    expect(sdkError(exchange)).toMatchObject({ name: 'BadRequestError', status: 400, message: '400 Bad model' })
  })
})

describe('timeouts', () => {
  it('bounds a server that never answers', async () => {
    server = await startServer(() => {})
    const started = performance.now()
    const exchange = await clientFor(server, { timeoutMs: 300 }).perform(chat)
    const elapsed = performance.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(290)
    expect(elapsed).toBeLessThan(300 + 1_000)
    expect(exchange.error).toMatchObject({ kind: 'timeout' })
    expect(exchange.response).toBeNull()
    expect(sdkError(exchange).name).toBe('APIConnectionTimeoutError')
  })

  it('keeps the partial body of a stream that stalls', async () => {
    const first = sseFrame(chatChunk('Hel', null, true))
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write(first) // …and nothing more
    })
    const started = performance.now()
    const exchange = await clientFor(server, { timeoutMs: 300 }).perform({
      operation: 'chat.completions.create.stream',
      body: CHAT_BODY,
    })
    expect(performance.now() - started).toBeLessThan(300 + 1_000)
    expect(exchange.error).toMatchObject({ kind: 'timeout' })
    expect(exchange.response!.status).toBe(200)
    expect(exchange.response!.bodyText).toBe(first)
    expect(exchange.response!.chunks).toHaveLength(1)
    expect(exchange.response!.timing!.lastByteMs).toBeGreaterThanOrEqual(290)
    // The SDK sees the transport's timeout, not a silently ended stream.
    expect(sdkError(exchange).name).toBe('APIConnectionTimeoutError')
  })
})

describe('broken connections', () => {
  it('records a reset before the headers as a reset, and the slot is released', async () => {
    server = await startServer((req, res) => {
      if (server!.received.length === 1) req.socket.destroy()
      else sendJSON(res, 200, chatCompletion('after'))
    })
    const client = clientFor(server, { concurrency: 1 })
    const exchange = await client.perform(chat)
    expect(exchange.error).toMatchObject({ kind: 'reset' })
    expect(exchange.response).toBeNull()
    expect(sdkError(exchange).name).toBe('APIConnectionError')

    const next = await client.perform(chat)
    expect(next.sdk).toMatchObject({ ok: true })
  })

  it('records a connection refused as a network error', async () => {
    const closed = await startServer(() => {})
    const baseURL = closed.baseURL
    await closed.close()
    const exchange = await clientFor({ ...closed, baseURL }).perform(chat)
    expect(exchange.error).toMatchObject({ kind: 'network' })
    expect(exchange.error!.message).toMatch(/ECONNREFUSED/)
    expect(exchange.response).toBeNull()
  })

  it('keeps the response when the connection dies mid-body', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write(sseFrame(chatChunk('Hel', null, true)))
      setTimeout(() => res.socket?.destroy(), 20)
    })
    const exchange = await clientFor(server).perform({ operation: 'chat.completions.create.stream', body: CHAT_BODY })
    expect(exchange.error).toMatchObject({ kind: 'reset' })
    expect(exchange.error!.message).toMatch(/^\d+ bytes of the body arrived/)
    expect(exchange.response!.status).toBe(200)
    expect(exchange.response!.bodyText).toContain('Hel')
  })
})

describe('body limit', () => {
  it('stops reading a body over maxBodyBytes', async () => {
    const maxBodyBytes = 256 * 1024
    let written = 0
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const block = Buffer.alloc(64 * 1024, 'x')
      // An endless body: write until the client goes away.
      const pump = () => {
        while (!res.destroyed && written < 64 * 1024 * 1024) {
          written += block.length
          if (!res.write(block)) return void res.once('drain', pump)
        }
      }
      pump()
    })
    const exchange = await clientFor(server, { maxBodyBytes }).perform(chat)
    expect(exchange.error).toMatchObject({ kind: 'too-large' })
    expect(exchange.response!.truncated).toBe(true)
    expect(exchange.response!.bodyText!.length).toBe(maxBodyBytes)
    // The connection was cut: the server did not get to write the whole 64 MiB.
    expect(written).toBeLessThan(16 * 1024 * 1024)
    expect(sdkError(exchange).name).toBe('APIConnectionError')
  })
})
