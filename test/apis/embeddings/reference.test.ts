/**
 * The reference's `POST /embeddings` in-process (msw intercepting the official SDK): the
 * answer's shape and schema, the hash model's properties the suite relies on, and OpenAI's
 * errors for bad requests.
 */
import { setupServer } from 'msw/node'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cosine, decodeFloat32Base64, norm } from '../../../src/apis/embeddings/read.ts'
import { EMBEDDING_DIMENSIONS, embed, float32Base64 } from '../../../src/apis/embeddings/reference/model.ts'
import { createReferenceHandlers } from '../../../src/apis/reference.ts'
import { REFERENCE_CHAT_MODEL, REFERENCE_EMBEDDINGS_MODEL } from '../../../src/reference/served-models.ts'
import { schemaErrors } from '../../../src/spec/index.ts'

const baseURL = 'http://reference.test/v1'
const apiKey = 'sk-test-reference-key-0123456789'
const model = REFERENCE_EMBEDDINGS_MODEL
const server = setupServer(...createReferenceHandlers({ baseUrl: baseURL, apiKey }))
const viaMsw: typeof fetch = (input, init) => fetch(input, init)
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, fetch: viaMsw })

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

function post(body: unknown): Promise<Response> {
  return fetch(`${baseURL}/embeddings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

async function rejection(body: unknown) {
  const response = await post(body)
  return { status: response.status, error: ((await response.json()) as { error: Record<string, unknown> }).error }
}

describe('POST /embeddings', () => {
  it('answers a CreateEmbeddingResponse: one unit vector per input, at its index, usage counted', async () => {
    const input = ['Paris is the capital of France.', 'Water boils.']
    const response = await post({ model, input, encoding_format: 'float' })
    const body = await response.json()
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(schemaErrors('CreateEmbeddingResponse', body)).toEqual([])
    expect(body).toMatchObject({ object: 'list', model, usage: { prompt_tokens: 10, total_tokens: 10 } })
    expect(body.data.map((item: { index: number }) => item.index)).toEqual([0, 1])
    for (const item of body.data) {
      expect(item.object).toBe('embedding')
      expect(item.embedding).toHaveLength(EMBEDDING_DIMENSIONS)
      expect(norm(item.embedding)).toBeCloseTo(1, 5)
    }
  })

  it('sends float32 little-endian base64 for base64, the same values as the float form', async () => {
    const input = 'A quiet river runs through the old town.'
    const floats = await client.embeddings.create({ model, input, encoding_format: 'float' })
    const base64 = await client.embeddings.create({ model, input, encoding_format: 'base64' })
    const text = base64.data[0]!.embedding as unknown as string
    expect(typeof text).toBe('string')
    expect(decodeFloat32Base64(text)).toEqual({ values: floats.data[0]!.embedding })
    // The SDK's default asks for base64 and decodes it to the same numbers.
    const sdkDefault = await client.embeddings.create({ model, input })
    expect(sdkDefault.data[0]!.embedding).toEqual(floats.data[0]!.embedding)
  })

  it('shortens to `dimensions` and normalises again; token arrays embed', async () => {
    const short = await client.embeddings.create({
      model,
      input: 'one two three',
      dimensions: 8,
      encoding_format: 'float',
    })
    expect(short.data[0]!.embedding).toHaveLength(8)
    expect(norm(short.data[0]!.embedding)).toBeCloseTo(1, 5)
    const tokens = await client.embeddings.create({ model, input: [[1, 2, 3], [4]], encoding_format: 'float' })
    expect(tokens.data).toHaveLength(2)
    expect(tokens.usage).toEqual({ prompt_tokens: 4, total_tokens: 4 })
  })

  it('rejects bad requests the way OpenAI does', async () => {
    expect(await rejection({ model })).toMatchObject({
      status: 400,
      error: { param: 'input', code: 'missing_required_parameter' },
    })
    for (const input of ['', [], [''], ['a', 1]])
      expect(await rejection({ model, input })).toMatchObject({
        status: 400,
        error: { message: expect.stringContaining("'$.input' is invalid") },
      })
    expect(await rejection({ model: 'nope', input: 'x' })).toMatchObject({
      status: 404,
      error: { code: 'model_not_found' },
    })
    expect(await rejection({ model: REFERENCE_CHAT_MODEL, input: 'x' })).toMatchObject({
      status: 400,
      error: { param: 'model' },
    })
    expect(await rejection({ model, input: 'x', encoding_format: 'int8' })).toMatchObject({
      status: 400,
      error: { param: 'encoding_format', code: 'invalid_value' },
    })
    expect(await rejection({ model, input: 'x', dimensions: 0 })).toMatchObject({
      status: 400,
      error: { param: 'dimensions', code: 'integer_below_min_value' },
    })
    expect(await rejection({ model, input: 'x', dimensions: 4096 })).toMatchObject({
      status: 400,
      error: { param: 'dimensions', code: 'integer_above_max_value' },
    })
    expect(await rejection({ model, input: 'x', pooling: 'mean' })).toMatchObject({
      status: 400,
      error: { message: 'Unrecognized request argument supplied: pooling' },
    })
    expect((await rejection({ model, input: 'x '.repeat(9000) })).error.message).toMatch(
      /maximum context length is 8192/,
    )
    expect(await rejection('{not json')).toMatchObject({ status: 400 })
  })
})

describe('the hash model', () => {
  it('is deterministic, and a paraphrase sharing words is nearer than an unrelated sentence', () => {
    const anchor = 'The weather today is sunny and warm.'
    expect(embed(anchor)).toEqual(embed(anchor))
    const paraphrase = cosine(embed(anchor), embed('Today it is warm and sunny outside.'))
    const unrelated = cosine(embed(anchor), embed('The weather station recorded a small earthquake overnight.'))
    expect(paraphrase).toBeGreaterThan(unrelated + 0.3)
  })

  it('gives punctuation-only input a unit vector of its own', () => {
    expect(norm(embed('?!'))).toBeCloseTo(1, 5)
    expect(embed('?!')).not.toEqual(embed('...'))
  })
})

describe('strict base64 of float32', () => {
  const one = float32Base64([1])
  it('reads the standard alphabet, padded, of whole float32 values', () => {
    expect(decodeFloat32Base64(one)).toEqual({ values: [1] })
    expect(decodeFloat32Base64(float32Base64([0.5, -2]))).toEqual({ values: [0.5, -2] })
  })
  it.each([
    ['the URL-safe alphabet', 'AA-_AAAA'],
    ['padding in the middle', `${one}${one}`],
    ['no padding', one.replace(/=+$/, '')],
    ['line breaks', `${one.slice(0, 4)}\n${one.slice(4)}`],
    ['bytes that are not whole float32 values', 'AAA='],
    ['an empty string', ''],
  ])('refuses %s', (_what, text) => {
    expect(decodeFloat32Base64(text)).toHaveProperty('problem')
  })
})
