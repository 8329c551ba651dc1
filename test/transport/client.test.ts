import { afterEach, describe, expect, it } from 'vitest'
import { OPERATIONS } from '../../src/apis/index.ts'
import { createTargetClient, INVALID_API_KEY, sdkTimeoutMs } from '../../src/transport/index.ts'
import {
  CHAT_BODY,
  chatCompletion,
  clientFor,
  TEST_OPTIONS,
  sendJSON,
  startServer,
  type TestServer,
} from './helpers.ts'

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('authentication', () => {
  it('sends no Authorization header for an empty key', async () => {
    server = await startServer((_req, res) => sendJSON(res, 200, chatCompletion('hi')))
    const exchange = await clientFor(server, {}, '').perform({ operation: 'chat.completions.create', body: CHAT_BODY })
    expect(server.received[0]!.headers.authorization).toBeUndefined()
    expect(exchange.request.headers.authorization).toBeUndefined()
    expect(exchange.sdk).toMatchObject({ ok: true })
  })

  it("sends the invalid key for auth: 'invalid', for that request only", async () => {
    server = await startServer((req, res) => {
      if (req.headers.authorization === `Bearer ${INVALID_API_KEY}`)
        sendJSON(res, 401, { error: { message: 'bad key' } })
      else sendJSON(res, 200, chatCompletion('hi'))
    })
    const client = clientFor(server)
    const invalid = await client.perform({ operation: 'chat.completions.create', body: CHAT_BODY, auth: 'invalid' })
    const valid = await client.perform({ operation: 'chat.completions.create', body: CHAT_BODY })
    expect(server.received.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${INVALID_API_KEY}`,
      'Bearer sk-test-key-123',
    ])
    expect(invalid.sdk).toMatchObject({ ok: false, error: { name: 'AuthenticationError', status: 401 } })
    expect(valid.sdk).toMatchObject({ ok: true })
  })

  it('replaces a configured api-key header too (Azure-style gateways), so the wrong-key case really sends no valid key', async () => {
    server = await startServer((_req, res) => sendJSON(res, 401, { error: { message: 'bad key' } }))
    const client = createTargetClient(
      { baseURL: server.baseURL, apiKey: '', headers: { 'api-key': 'sk-real-gateway-key' } },
      TEST_OPTIONS,
      OPERATIONS,
    )
    await client.perform({ operation: 'chat.completions.create', body: CHAT_BODY, auth: 'invalid' })
    expect(server.received[0]!.headers['api-key']).toBe(INVALID_API_KEY)
  })
})

describe('operations', () => {
  it('lists and retrieves models, creates embeddings and images', async () => {
    const vector = Buffer.from(new Float32Array([0.5, -1]).buffer).toString('base64')
    server = await startServer((req, res, received) => {
      if (req.url === '/v1/models')
        sendJSON(res, 200, { object: 'list', data: [{ id: 'm1', object: 'model', created: 1, owned_by: 'x' }] })
      else if (req.url === '/v1/models/m1') sendJSON(res, 200, { id: 'm1', object: 'model', created: 1, owned_by: 'x' })
      else if (req.url === '/v1/embeddings') {
        const { encoding_format } = JSON.parse(received.body)
        const embedding = encoding_format === 'base64' ? vector : [0.5, -1]
        sendJSON(res, 200, {
          object: 'list',
          model: 'e',
          data: [{ object: 'embedding', index: 0, embedding }],
          usage: { prompt_tokens: 1, total_tokens: 1 },
        })
      } else if (req.url === '/v1/images/generations') sendJSON(res, 200, { created: 1, data: [{ b64_json: 'AAAA' }] })
      else sendJSON(res, 404, { error: { message: 'no route' } })
    })
    const client = clientFor(server)

    const list = await client.perform({ operation: 'models.list', body: {} })
    expect(list.request).toMatchObject({ method: 'GET', url: `${server.baseURL}/models`, body: null })
    expect(list.sdk).toMatchObject({ ok: true, value: { data: [{ id: 'm1' }] } })

    const model = await client.perform({ operation: 'models.retrieve', body: { model: 'm1' } })
    expect(model.sdk).toMatchObject({ ok: true, value: { id: 'm1' } })

    const missing = await client.perform({ operation: 'models.retrieve', body: { model: 'nope' } })
    expect(missing.sdk).toMatchObject({ ok: false, error: { name: 'NotFoundError', status: 404 } })

    // Without encoding_format the SDK asks for base64 on the wire and decodes it.
    const embeddings = await client.perform({ operation: 'embeddings.create', body: { model: 'e', input: 'hi' } })
    expect(embeddings.request.body).toMatchObject({ encoding_format: 'base64' })
    expect(embeddings.sdk).toMatchObject({ ok: true, value: { data: [{ embedding: [0.5, -1] }] } })

    const images = await client.perform({ operation: 'images.generate', body: { model: 'i', prompt: 'a cat' } })
    expect(images.sdk).toMatchObject({ ok: true, value: { data: [{ b64_json: 'AAAA' }] } })
  })

  it('parses structured output with chat.completions.parse', async () => {
    server = await startServer((_req, res) => sendJSON(res, 200, chatCompletion('{"answer":42}')))
    const body = {
      ...CHAT_BODY,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'a',
          strict: true,
          schema: {
            type: 'object',
            properties: { answer: { type: 'number' } },
            required: ['answer'],
            additionalProperties: false,
          },
        },
      },
    }
    const exchange = await clientFor(server).perform({ operation: 'chat.completions.parse', body })
    expect(exchange.sdk).toMatchObject({ ok: true, value: { choices: [{ message: { parsed: { answer: 42 } } }] } })
  })

  it('returns a synthetic exchange when the SDK fails before sending', async () => {
    server = await startServer((_req, res) => sendJSON(res, 200, chatCompletion('hi')))
    const body = {
      ...CHAT_BODY,
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }], // not strict: parse() refuses
    }
    const exchange = await clientFor(server).perform({ operation: 'chat.completions.parse', body })
    expect(server.received).toHaveLength(0)
    expect(exchange.response).toBeNull()
    expect(exchange.error).toMatchObject({ kind: 'internal', message: expect.stringMatching(/^The SDK did not send/) })
    expect(exchange.request).toMatchObject({ method: 'POST', url: `${server.baseURL}/chat/completions`, body })
    expect(exchange.sdk).toMatchObject({ ok: false, error: { name: 'OpenAIError' } })
  })

  it('shows what the SDK makes of a stream request answered with plain JSON', async () => {
    server = await startServer((_req, res) => sendJSON(res, 200, chatCompletion('not a stream')))
    const client = clientFor(server)
    const raw = await client.perform({ operation: 'chat.completions.create.stream', body: CHAT_BODY })
    // The SDK finds no SSE events and ends the stream quietly: only the wire shows the deviation.
    expect(raw.sdk).toEqual({ ok: true, value: { chunks: [] } })
    expect(raw.response!.headers['content-type']).toBe('application/json')
    const helper = await client.perform({ operation: 'chat.completions.stream', body: CHAT_BODY })
    expect(helper.sdk).toMatchObject({
      ok: false,
      error: { name: 'OpenAIError', message: 'request ended without sending any chunks' },
    })
  })

  it('sets the SDK timer beyond the transport worst case', () => {
    expect(sdkTimeoutMs({ timeoutMs: 1000, retries: 2, maxRetryAfterMs: 500 })).toBe(3 * 1000 + 2 * 500 + 2000)
  })
})
