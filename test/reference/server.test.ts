/**
 * The reference endpoint on a loopback socket, driven by the official SDK and raw fetch.
 */
import { request as httpRequest } from 'node:http'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REFERENCE_API_KEY, REFERENCE_CHAT_MODEL, SERVED_MODELS } from '../../src/reference/served-models.ts'
import { startReferenceServer, type ReferenceServer } from '../../src/apis/reference.ts'

let server: ReferenceServer
let client: OpenAI

beforeAll(async () => {
  server = await startReferenceServer()
  client = new OpenAI({ baseURL: server.url, apiKey: REFERENCE_API_KEY, maxRetries: 0 })
})
afterAll(() => server.close())

const messages = [{ role: 'user' as const, content: 'Count from 1 to 12' }]

describe('startReferenceServer', () => {
  it('listens on 127.0.0.1, a free port, under /v1', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/v1`)
    expect(server.port).toBeGreaterThan(0)
  })

  it('answers the SDK, enforcing the reference key by default', async () => {
    const completion = await client.chat.completions.create({ model: REFERENCE_CHAT_MODEL, messages })
    expect(completion.choices[0]!.message.content).toBe('1 2 3 4 5 6 7 8 9 10 11 12')
    const models = await client.models.list()
    expect(models.data.map((model) => model.id)).toEqual(SERVED_MODELS.map(({ id }) => id))
    const wrong = new OpenAI({ baseURL: server.url, apiKey: 'sk-wrong', maxRetries: 0 })
    await expect(wrong.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError)
  })

  it('streams through the SDK', async () => {
    const stream = await client.chat.completions.create({ model: REFERENCE_CHAT_MODEL, messages, stream: true })
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
    expect(text).toBe('1 2 3 4 5 6 7 8 9 10 11 12')
  })

  it('puts the stream on the wire in several network chunks', async () => {
    const response = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${REFERENCE_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: REFERENCE_CHAT_MODEL, messages, stream: true }),
    })
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let reads = 0
    let text = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      reads++
      text += decoder.decode(value, { stream: true })
    }
    const frames = text.split('\n\n').filter(Boolean)
    expect(frames).toHaveLength(12 + 3)
    expect(frames.at(-1)).toBe('data: [DONE]')
    expect(reads).toBeGreaterThan(frames.length / 2)
  })

  it('answers unmatched paths with a 404 envelope', async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/health`)
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: { message: 'Invalid URL (GET /health)', code: null } })
  })

  it('takes the key, auth off, and faults from its options', async () => {
    const open = await startReferenceServer({ apiKey: null, faults: ['chat-usage-missing'] })
    try {
      const anyKey = new OpenAI({ baseURL: open.url, apiKey: 'anything', maxRetries: 0 })
      const completion = await anyKey.chat.completions.create({ model: REFERENCE_CHAT_MODEL, messages })
      expect(completion.usage).toBeUndefined()
    } finally {
      await open.close()
    }
  })

  it('answers 500 server_error when a handler throws, and keeps serving', async () => {
    const explode = {
      name: 'explode',
      description: 'throws',
      modelledOn: 'test',
      proves: [],
      hooks: {
        respond: () => {
          throw new Error('boom')
        },
      },
    }
    const broken = await startReferenceServer({ faults: [explode] })
    try {
      const response = await fetch(`${broken.url}/models`)
      expect(response.status).toBe(500)
      expect((await response.json()).error).toMatchObject({ type: 'server_error', code: null })
      expect((await fetch(`${broken.url}/models`)).status).toBe(500)
    } finally {
      await broken.close()
    }
  })

  it('survives a client that goes away mid-stream', async () => {
    const controller = new AbortController()
    const response = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${REFERENCE_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: REFERENCE_CHAT_MODEL,
        messages: [{ role: 'user', content: 'Count from 1 to 3000' }],
        stream: true,
      }),
      signal: controller.signal,
    })
    await response.body!.getReader().read()
    controller.abort()
    const completion = await client.chat.completions.create({ model: REFERENCE_CHAT_MODEL, messages })
    expect(completion.choices[0]!.finish_reason).toBe('stop')
  })

  it('rejects unknown fault names, listing the valid ones', async () => {
    await expect(startReferenceServer({ faults: ['no-such-fault'] })).rejects.toThrow(
      /unknown fault "no-such-fault"; valid faults: .*chat-usage-missing/,
    )
  })

  it('closes promptly despite keep-alive and open streams, and close() is idempotent', async () => {
    const other = await startReferenceServer()
    // A keep-alive connection left idle, and a stream left unread.
    const agentResponse = await fetch(`${other.url}/models`, {
      headers: { authorization: `Bearer ${REFERENCE_API_KEY}` },
    })
    await agentResponse.text()
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${other.url}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${REFERENCE_API_KEY}`, 'content-type': 'application/json' },
      })
      req.on('response', (res) => {
        res.once('data', () => resolve())
        res.on('error', () => {})
      })
      req.on('error', () => {})
      req.end(
        JSON.stringify({
          model: REFERENCE_CHAT_MODEL,
          messages: [{ role: 'user', content: 'Count from 1 to 4000' }],
          stream: true,
        }),
      )
    })
    const started = performance.now()
    await other.close()
    await other.close()
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
