/**
 * The reference endpoint in-process: msw's setupServer intercepting the official SDK.
 */
import { setupServer } from 'msw/node'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createReferenceHandlers } from '../../src/apis/reference.ts'
import { REFERENCE_CHAT_MODEL, SERVED_MODELS } from '../../src/reference/served-models.ts'
import { schemaErrors } from '../../src/spec/index.ts'

const baseURL = 'http://reference.test/v1'
const apiKey = 'sk-test-reference-key-0123456789'
const model = REFERENCE_CHAT_MODEL
const server = setupServer(...createReferenceHandlers({ baseUrl: baseURL, apiKey }))
// The SDK captures `fetch` when constructed; defer to the global one msw patches on listen().
const viaMsw: typeof fetch = (input, init) => fetch(input, init)
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, fetch: viaMsw })

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

const count = (to: number) => [{ role: 'user' as const, content: `Count from 1 to ${to}` }]

function post(body: unknown, key = apiKey): Promise<Response> {
  return fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

describe('POST /chat/completions', () => {
  it('answers like OpenAI: shape, headers, spec schema', async () => {
    const { data, response } = await client.chat.completions.create({ model, messages: count(5) }).withResponse()
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/)
    expect(data.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/)
    expect(data).toMatchObject({ object: 'chat.completion', model, service_tier: 'default' })
    expect(data.system_fingerprint).toMatch(/^fp_[0-9a-f]{10}$/)
    expect(Number.isInteger(data.created) && Math.abs(data.created - Date.now() / 1000) < 60).toBe(true)
    expect(data.choices).toEqual([
      {
        index: 0,
        message: { role: 'assistant', content: '1 2 3 4 5', refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ])
    expect(data.usage).toEqual({
      prompt_tokens: 3 + 3 + 5,
      completion_tokens: 5,
      total_tokens: 16,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    })
    expect(schemaErrors('CreateChatCompletionResponse', data)).toEqual([])
  })

  it('honours max_tokens, max_completion_tokens, stop, n and logprobs', async () => {
    const cut = await client.chat.completions.create({ model, messages: count(10), max_tokens: 3 })
    expect(cut.choices[0]).toMatchObject({ message: { content: '1 2 3' }, finish_reason: 'length' })
    const cut2 = await client.chat.completions.create({ model, messages: count(10), max_completion_tokens: 2 })
    expect(cut2.choices[0]).toMatchObject({ message: { content: '1 2' }, finish_reason: 'length' })
    const stopped = await client.chat.completions.create({ model, messages: count(10), stop: [' 5', 'x'] })
    expect(stopped.choices[0]).toMatchObject({ message: { content: '1 2 3 4' }, finish_reason: 'stop' })
    expect(stopped.usage?.completion_tokens).toBe(4)

    const many = await client.chat.completions.create({
      model,
      messages: count(3),
      n: 2,
      logprobs: true,
      top_logprobs: 2,
    })
    expect(many.choices.map((choice) => choice.index)).toEqual([0, 1])
    expect(many.usage?.completion_tokens).toBe(6)
    expect(many.choices[1]!.logprobs?.content?.map((entry) => entry.token)).toEqual(['1', ' 2', ' 3'])
    expect(many.choices[1]!.logprobs?.content?.[0]?.top_logprobs).toHaveLength(2)
    expect(schemaErrors('CreateChatCompletionResponse', many)).toEqual([])
  })

  it('accepts canonical request forms', async () => {
    const completion = await client.chat.completions.create({
      model,
      messages: [
        { role: 'developer', content: 'Answer briefly.' },
        { role: 'system', content: [{ type: 'text', text: 'Be exact.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Reply with exactly ' },
            { type: 'text', text: '"pong".' },
          ],
        },
      ],
      user: 'user-1',
      seed: 7,
      temperature: 0,
      top_p: 1,
      max_completion_tokens: 20,
      metadata: { suite: 'reference' },
      store: false,
    })
    expect(completion.choices[0]!.message.content).toBe('pong')
  })

  it('streams chunks like OpenAI: role first, one token each, finish, usage, same id', async () => {
    const stream = await client.chat.completions.create({
      model,
      messages: count(3),
      stream: true,
      stream_options: { include_usage: true },
    })
    const chunks = []
    for await (const chunk of stream) chunks.push(chunk)
    expect(chunks.map((chunk) => chunk.choices[0]?.delta ?? null)).toEqual([
      { role: 'assistant', content: '', refusal: null },
      { content: '1' },
      { content: ' 2' },
      { content: ' 3' },
      {},
      null,
    ])
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason ?? null)).toEqual([
      null,
      null,
      null,
      null,
      'stop',
      null,
    ])
    expect(new Set(chunks.map((chunk) => `${chunk.id}|${chunk.created}|${chunk.model}`)).size).toBe(1)
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true)
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 },
    })
    for (const chunk of chunks) expect(schemaErrors('CreateChatCompletionStreamResponse', chunk)).toEqual([])
  })

  it('frames the stream as data events ending in [DONE], without usage unless asked', async () => {
    const response = await post({ model, messages: count(2), stream: true })
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(response.headers.get('x-request-id')).toMatch(/^req_/)
    const frames = (await response.text()).split('\n\n')
    expect(frames.pop()).toBe('')
    expect(frames.pop()).toBe('data: [DONE]')
    const chunks = frames.map((frame) => JSON.parse(frame.replace(/^data: /, '')))
    expect(chunks).toHaveLength(4)
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true)
  })

  it('interleaves choices when n > 1 and carries logprobs per chunk', async () => {
    const stream = await client.chat.completions.create({
      model,
      messages: count(2),
      n: 2,
      stream: true,
      logprobs: true,
      top_logprobs: 1,
    })
    const seen: Array<[number, string | null | undefined]> = []
    for await (const chunk of stream) {
      const choice = chunk.choices[0]!
      seen.push([choice.index, choice.delta.content])
      if (choice.delta.content) expect(choice.logprobs?.content?.[0]?.token).toBe(choice.delta.content)
    }
    expect(seen).toEqual([
      [0, ''],
      [1, ''],
      [0, '1'],
      [1, '1'],
      [0, ' 2'],
      [1, ' 2'],
      [0, undefined],
      [1, undefined],
    ])
  })
})

describe('errors', () => {
  it('401 with a masked key for a wrong key (AuthenticationError)', async () => {
    const wrongKey = 'sk-wrong-key-abcdefghijklmnop'
    const wrong = new OpenAI({ baseURL, apiKey: wrongKey, maxRetries: 0, fetch: viaMsw })
    const error = await wrong.chat.completions.create({ model, messages: count(1) }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError)
    const apiError = error as InstanceType<typeof OpenAI.AuthenticationError>
    expect(apiError.status).toBe(401)
    expect(apiError.code).toBe('invalid_api_key')
    expect(apiError.message).toContain('sk-wrong*****************mnop')
    expect(apiError.message).not.toContain(wrongKey)
  })

  it('401 without a code when no key is sent', async () => {
    const response = await fetch(`${baseURL}/models`)
    expect(response.status).toBe(401)
    expect((await response.json()).error).toMatchObject({ type: 'invalid_request_error', code: null })
  })

  it('404 model_not_found for an unknown model, streamed or not, before any SSE', async () => {
    const error = await client.chat.completions
      .create({ model: 'no-such-model', messages: count(1) })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.NotFoundError)
    const response = await post({
      model: 'no-such-model',
      messages: count(1),
      stream: true,
      stream_options: { include_usage: true },
    })
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toBe('application/json')
    const body = await response.json()
    expect(body).toEqual({
      error: {
        message: 'The model `no-such-model` does not exist or you do not have access to it.',
        type: 'invalid_request_error',
        param: null,
        code: 'model_not_found',
      },
    })
    expect(schemaErrors('ErrorResponse', body)).toEqual([])
  })

  it('400 BadRequestError for an invalid request', async () => {
    const error = await client.chat.completions
      .create({ model, messages: count(1), temperature: 3 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.BadRequestError)
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('temperature')
  })

  const INVALID: Array<[string, unknown, string | null, string | null]> = [
    ['body not JSON', '{"model": ', null, null],
    ['body not an object', '[1]', 'body', 'invalid_type'],
    ['model missing', { messages: count(1) }, null, null],
    ['messages missing', { model }, 'messages', 'missing_required_parameter'],
    ['messages not an array', { model, messages: 'hi' }, 'messages', 'invalid_type'],
    ['messages empty', { model, messages: [] }, 'messages', 'empty_array'],
    ['role missing', { model, messages: [{ content: 'hi' }] }, 'messages[0].role', 'missing_required_parameter'],
    ['role invalid', { model, messages: [{ role: 'bot', content: 'hi' }] }, 'messages[0].role', 'invalid_value'],
    [
      'user content missing',
      { model, messages: [{ role: 'user' }] },
      'messages[0].content',
      'missing_required_parameter',
    ],
    [
      'content part type invalid',
      { model, messages: [{ role: 'system', content: [{ type: 'image_url' }] }] },
      'messages[0].content[0].type',
      'invalid_value',
    ],
    [
      'tool message without tool_call_id',
      { model, messages: [{ role: 'tool', content: 'x' }] },
      'messages[0].tool_call_id',
      'missing_required_parameter',
    ],
    ['unknown argument', { model, messages: count(1), prompt: 'hi' }, null, null],
    ['n below range', { model, messages: count(1), n: 0 }, 'n', 'integer_below_min_value'],
    ['n above range', { model, messages: count(1), n: 129 }, 'n', 'integer_above_max_value'],
    ['n not an integer', { model, messages: count(1), n: 1.5 }, 'n', 'invalid_type'],
    [
      'temperature above range',
      { model, messages: count(1), temperature: 2.5 },
      'temperature',
      'decimal_above_max_value',
    ],
    ['temperature a string', { model, messages: count(1), temperature: 'hot' }, 'temperature', 'invalid_type'],
    ['top_logprobs without logprobs', { model, messages: count(1), top_logprobs: 2 }, 'top_logprobs', 'invalid_value'],
    [
      'top_logprobs above 20',
      { model, messages: count(1), logprobs: true, top_logprobs: 21 },
      'top_logprobs',
      'integer_above_max_value',
    ],
    ['max_tokens zero', { model, messages: count(1), max_tokens: 0 }, 'max_tokens', 'integer_below_min_value'],
    ['stop too long', { model, messages: count(1), stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop', 'array_above_max_length'],
    [
      'stream_options without stream',
      { model, messages: count(1), stream_options: { include_usage: true } },
      'stream_options',
      null,
    ],
    ['stream not a boolean', { model, messages: count(1), stream: 'yes' }, 'stream', 'invalid_type'],
  ]

  it.each(INVALID)('400 for %s', async (_name, body, param, code) => {
    const response = await post(body)
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toBe('application/json')
    const envelope = await response.json()
    expect(envelope.error).toMatchObject({ type: 'invalid_request_error', param, code })
    expect(envelope.error.message).toEqual(expect.any(String))
    expect(schemaErrors('ErrorResponse', envelope)).toEqual([])
  })

  it('404 envelope for an unknown route', async () => {
    const response = await fetch(`${baseURL}/engines`, { headers: { authorization: `Bearer ${apiKey}` } })
    expect(response.status).toBe(404)
    expect((await response.json()).error.message).toBe('Invalid URL (GET /v1/engines)')
  })
})

describe('models', () => {
  it('lists the served models (ListModelsResponse)', async () => {
    const body = await (await client.models.list().asResponse()).json()
    expect(body).toEqual({
      object: 'list',
      data: SERVED_MODELS.map(({ id }) => ({
        id,
        object: 'model',
        created: expect.any(Number),
        owned_by: 'oai-conformance',
      })),
    })
    expect(body.data[0].id).toBe(model)
    expect(schemaErrors('ListModelsResponse', body)).toEqual([])
    const ids = []
    for await (const entry of client.models.list()) ids.push(entry.id)
    expect(ids).toEqual(SERVED_MODELS.map(({ id }) => id))
    expect(ids).toContain(model)
  })

  it('retrieves a model, or 404 model_not_found (NotFoundError)', async () => {
    const retrieved = await client.models.retrieve(model)
    expect(retrieved).toMatchObject({ id: model, object: 'model', owned_by: 'oai-conformance' })
    expect(schemaErrors('Model', retrieved)).toEqual([])
    const error = await client.models.retrieve('gpt-nothing').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.NotFoundError)
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found')
  })
})
