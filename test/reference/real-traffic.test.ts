/**
 * The reference looks like real OpenAI traffic (../shared/real-traffic): the same fields at
 * every level, with values of the same types. Values themselves differ (ids, text, counts).
 */
import { readFileSync } from 'node:fs'
import { getResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { maskApiKey } from '../../src/reference/errors.ts'
import { createReferenceHandlers } from '../../src/apis/reference.ts'
import { REFERENCE_CHAT_MODEL as model } from '../../src/reference/served-models.ts'

const RECORDINGS = new URL('../../../shared/real-traffic/', import.meta.url)

function recording(name: string): any {
  return JSON.parse(readFileSync(new URL(`${name}.json`, RECORDINGS), 'utf8'))
}

/**
 * A value's shape: objects as their keys (sorted) with the shapes of their values, arrays
 * as the shape of their first item, primitives as their type. `obfuscation` (OpenAI's random
 * padding field on stream chunks, optional in the spec) is left out.
 */
function shapeOf(value: unknown): unknown {
  if (value === null) return 'null'
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])]
  if (typeof value !== 'object') return typeof value
  return Object.fromEntries(
    Object.keys(value)
      .filter((key) => key !== 'obfuscation')
      .sort()
      .map((key) => [key, shapeOf((value as Record<string, unknown>)[key])]),
  )
}

const handlers = createReferenceHandlers({ baseUrl: 'http://reference.test/v1' })

async function reference(body: unknown): Promise<Response> {
  const request = new Request('http://reference.test/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return (await getResponse(handlers, request))!
}

function sseData(text: string): any[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: {'))
    .map((frame) => JSON.parse(frame.slice('data: '.length)))
}

describe('the reference mirrors recorded OpenAI traffic', () => {
  it('non-streamed completion (gpt-4o-mini, with a developer message)', async () => {
    const real = recording('openai__chat-completions__nonstream__03')
    const response = await reference({ ...real.request.body, model })
    expect(response.status).toBe(real.response.status)
    expect(response.headers.get('content-type')).toBe(real.response.headers['content-type'])
    expect(shapeOf(await response.json())).toEqual(shapeOf(real.response.body_json))
  })

  it('streamed completion with include_usage: role chunk, content chunks, finish chunk, usage chunk', async () => {
    const real = recording('openai__chat-completions__stream-include_usage-jsonschema-strict__01')
    const { response_format: _unusedHere, ...body } = real.request.body
    const response = await reference({ ...body, model })
    expect(response.headers.get('content-type')).toBe(real.response.headers['content-type'])
    const text = await response.text()
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true)
    const ours = sseData(text)
    const theirs = sseData(real.response.body_text)
    const [first, second, ...rest] = ours
    expect(shapeOf(first)).toEqual(shapeOf(theirs[0]))
    expect(shapeOf(second)).toEqual(shapeOf(theirs[1]))
    expect(shapeOf(rest.at(-2))).toEqual(shapeOf(theirs.at(-2)))
    expect(shapeOf(rest.at(-1))).toEqual(shapeOf(theirs.at(-1)))
  })

  it.each([
    'openai__chat-completions__error-404-nonstream__01',
    'openai__chat-completions__error-404-stream-include_usage__01',
  ])('unknown model error, word for word (%s)', async (name) => {
    const real = recording(name)
    const response = await reference(real.request.body)
    expect(response.status).toBe(real.response.status)
    expect(await response.json()).toEqual(real.response.body_json)
  })

  it('masks a wrong key like the recorded 401: first 8, a star each, last 4', async () => {
    const real = recording('openai__chat-completions__error-401-nonstream__01')
    // The recording's key is redacted; "invalid-key-12345" is the 17-character key its mask implies.
    const handlers = createReferenceHandlers({ baseUrl: 'http://reference.test/v1', apiKey: 'sk-right' })
    const request = new Request('http://reference.test/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer invalid-key-12345' },
      body: JSON.stringify(real.request.body),
    })
    const response = (await getResponse(handlers, request))!
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual(real.response.body_json)
    expect(maskApiKey('sk-proj-abcdefghijklmnopqrstuvwxyz')).toBe('sk-proj-**********************wxyz')
    for (const key of ['', 'k', 'short', 'twelve-chars', 'fifteen-chars!!']) {
      expect(maskApiKey(key)).toHaveLength(key.length)
      if (key) expect(maskApiKey(key)).not.toBe(key)
    }
  })
})
