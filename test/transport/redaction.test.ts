import { OPERATIONS } from '../../src/apis/index.ts'
import { afterEach, describe, expect, it } from 'vitest'
import type { Exchange } from '../../src/core/exchange.ts'
import { createTargetClient, redactExchanges, type TargetClient } from '../../src/transport/index.ts'
import {
  CHAT_BODY,
  chatChunk,
  chatCompletion,
  delay,
  sendJSON,
  sseFrame,
  startServer,
  TEST_OPTIONS,
  type TestServer,
} from './helpers.ts'

const CANARY = 'sk-canary-5f3a9c1e7b'
const GATEWAY_TOKEN = 'gw-canary-77d1e0'

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

function canaryClient(s: TestServer, options = {}) {
  return createTargetClient(
    { baseURL: s.baseURL, apiKey: CANARY, headers: { 'X-Gateway-Token': GATEWAY_TOKEN } },
    { ...TEST_OPTIONS, ...options },
    OPERATIONS,
  )
}

function expectNoSecrets(value: unknown): void {
  const text = JSON.stringify(value)
  expect(text).not.toContain(CANARY)
  expect(text).not.toContain(GATEWAY_TOKEN)
  // No fragment long enough to matter either.
  expect(text).not.toContain(CANARY.slice(0, 12))
  expect(text).toContain('[REDACTED]')
}

/** The exchange as a case's result shows it (the capture keeps it as sent, for the checks). */
async function shownExchange(client: TargetClient, ...args: Parameters<TargetClient['perform']>): Promise<Exchange> {
  const raw = await client.perform(...args)
  return redactExchanges(client.redactor, { main: raw }).shown.main
}

describe('secrets never reach what is shown of an exchange', () => {
  it('redacts a key echoed in an error body, a response header and the SDK error', async () => {
    server = await startServer((req, res) => {
      const auth = String(req.headers.authorization)
      sendJSON(
        res,
        401,
        {
          error: {
            message: `Incorrect API key provided: ${auth} (gateway ${req.headers['x-gateway-token']})`,
            type: 'invalid_request_error',
          },
        },
        { 'x-echo-auth': auth, 'www-authenticate': `Bearer realm="${CANARY}"` },
      )
    })
    const exchange = await shownExchange(canaryClient(server), {
      operation: 'chat.completions.create',
      body: CHAT_BODY,
    })
    // It really went over the wire…
    expect(server.received[0]!.headers.authorization).toBe(`Bearer ${CANARY}`)
    expect(server.received[0]!.headers['x-gateway-token']).toBe(GATEWAY_TOKEN)
    // …and is nowhere in the record.
    expectNoSecrets(exchange)
    expect(exchange.sdk).toMatchObject({ ok: false, error: { name: 'AuthenticationError', status: 401 } })
    expect((exchange.sdk as { error: { message: string } }).error.message).toContain(
      'Incorrect API key provided: Bearer [REDACTED]',
    )
    expect(exchange.response!.headers['x-echo-auth']).toBe('Bearer [REDACTED]')
  })

  it('redacts a key echoed in a successful body and the SDK value', async () => {
    server = await startServer((req, res) =>
      sendJSON(res, 200, chatCompletion(`you sent ${req.headers.authorization}`)),
    )
    const exchange = await shownExchange(canaryClient(server), {
      operation: 'chat.completions.create',
      body: CHAT_BODY,
    })
    expectNoSecrets(exchange)
    expect(exchange.sdk).toMatchObject({
      ok: true,
      value: { choices: [{ message: { content: 'you sent Bearer [REDACTED]' } }] },
    })
  })

  it('redacts a key split across stream chunks', async () => {
    server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      const frame = sseFrame(chatChunk(`key=${CANARY}`, null, true))
      const cut = frame.indexOf(CANARY) + 6
      res.write(frame.slice(0, cut))
      await delay(30)
      res.write(frame.slice(cut))
      res.end(sseFrame('[DONE]'))
    })
    const exchange = await shownExchange(canaryClient(server), {
      operation: 'chat.completions.create.stream',
      body: CHAT_BODY,
    })
    expect(exchange.response!.chunks!.length).toBeGreaterThanOrEqual(2)
    expectNoSecrets(exchange)
    expect(exchange.response!.chunks!.map((c) => c.text).join('')).toBe(exchange.response!.bodyText)
  })

  it('redacts a key in retried attempts', async () => {
    server = await startServer((req, res) => {
      if (server!.received.length === 1) {
        sendJSON(res, 429, { error: { message: `limit for ${req.headers.authorization}` } }, { 'retry-after': '0' })
      } else {
        sendJSON(res, 200, chatCompletion('ok'))
      }
    })
    const exchange = await shownExchange(canaryClient(server, { retries: 1 }), {
      operation: 'chat.completions.create',
      body: CHAT_BODY,
    })
    expect(exchange.retries).toHaveLength(1)
    expectNoSecrets(exchange)
  })
})
