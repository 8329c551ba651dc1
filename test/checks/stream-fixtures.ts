/**
 * Hand-made streamed exchanges for the streaming checks' unit tests: chunk objects shaped
 * like OpenAI's recorded ones, SSE text built by hand, what the official SDK makes of a
 * body (offline), and a way to run one check.
 */
import OpenAI from 'openai'
import { getCheck } from '../../src/apis/index.ts'
import type { CheckResult, Exchanges, OperationName } from '../../src/core/types.ts'
import type { BodyChunk, Exchange, SdkOutcome } from '../../src/core/exchange.ts'
import { OPERATIONS } from '../../src/apis/index.ts'

export const ID = 'chatcmpl-D7TjTgB9tujfGfxdQhgCDjp8kL3G8'
export const CREATED = 1770674959
export const MODEL = 'gpt-4o-2024-08-06'

type Json = Record<string, unknown>

/** A chunk envelope around some choices, as OpenAI sends it. */
export function chunk(choices: unknown[], extra: Json = {}): Json {
  return {
    id: ID,
    object: 'chat.completion.chunk',
    created: CREATED,
    model: MODEL,
    system_fingerprint: 'fp_ad98c18a04',
    choices,
    ...extra,
  }
}

export function choice(index: number, delta: Json, finishReason: string | null = null, extra: Json = {}): Json {
  return { index, delta, logprobs: null, finish_reason: finishReason, ...extra }
}

export interface TextStreamOptions {
  n?: number
  includeUsage?: boolean
  finishReason?: string
}

/** OpenAI's shape: per choice a role delta, one delta per token, a finish delta; then the usage chunk. */
export function textChunks(
  tokens: string[],
  { n = 1, includeUsage = false, finishReason = 'stop' }: TextStreamOptions = {},
): Json[] {
  const usage = includeUsage ? { usage: null } : {}
  const perChoice = Array.from({ length: n }, (_, i) => [
    choice(i, { role: 'assistant', content: '', refusal: null }),
    ...tokens.map((token) => choice(i, { content: token })),
    choice(i, {}, finishReason),
  ])
  const chunks: Json[] = []
  for (let step = 0; step < perChoice[0]!.length; step++)
    for (const list of perChoice) chunks.push(chunk([list[step]], usage))
  if (includeUsage) {
    const completion = tokens.length * n
    chunks.push(
      chunk([], { usage: { prompt_tokens: 12, completion_tokens: completion, total_tokens: 12 + completion } }),
    )
  }
  return chunks
}

/** A tool call streamed as OpenAI does: id/type/name first, then argument pieces. */
export function toolCallChunks(args: string[], { finishReason = 'tool_calls', name = 'get_weather' } = {}): Json[] {
  return [
    chunk([
      choice(0, {
        role: 'assistant',
        content: null,
        tool_calls: [
          { index: 0, id: 'call_KMbhDNYS2l62U8AAxZnpxtg6', type: 'function', function: { name, arguments: '' } },
        ],
        refusal: null,
      }),
    ]),
    ...args.map((piece) => chunk([choice(0, { tool_calls: [{ index: 0, function: { arguments: piece } }] })])),
    chunk([choice(0, {}, finishReason)]),
  ]
}

export const DONE = 'data: [DONE]\n\n'

/** SSE text: one `data:` event per payload, then `[DONE]` unless told otherwise. */
export function sse(payloads: unknown[], { done = true } = {}): string {
  return (
    payloads.map((payload) => `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`).join('') +
    (done ? DONE : '')
  )
}

/**
 * Text as a streaming server delivers it: one read per event block (each ending with its
 * blank line), a millisecond apart.
 */
export function perEvent(text: string): BodyChunk[] {
  return text
    .split(/(?<=\r\n\r\n|\n\n|\r\r)/)
    .filter((piece) => piece !== '')
    .map((piece, i) => ({ t: 10 + i, text: piece }))
}

/** Text chunks as the transport captures them: `text` cut into pieces of `size` characters. */
export function pieces(text: string, size: number): BodyChunk[] {
  const out: BodyChunk[] = []
  for (let i = 0; i < text.length; i += size) out.push({ t: 10 + out.length, text: text.slice(i, i + size) })
  return out
}

/**
 * UTF-8 bytes cut every `size` bytes (so multi-byte characters split) and decoded in
 * streaming mode, as the transport does: a split character lands whole in the later chunk.
 */
export function bytePieces(text: string, size: number): BodyChunk[] {
  const bytes = new TextEncoder().encode(text)
  const decoder = new TextDecoder('utf-8')
  const out: BodyChunk[] = []
  for (let i = 0; i < bytes.length; i += size) {
    out.push({ t: 10 + out.length, text: decoder.decode(bytes.subarray(i, i + size), { stream: true }) })
  }
  return out
}

export interface ExchangeOptions {
  request?: Json
  status?: number
  contentType?: string
  sdk?: SdkOutcome
}

export const STREAM_REQUEST: Json = {
  model: 'gpt-4o',
  messages: [{ role: 'user', content: 'Count from 1 to 30' }],
  stream: true,
}

/** A captured streamed exchange; a text body arrives as a streaming server sends it (`perEvent`). */
export function streamExchange(
  body: string | BodyChunk[],
  {
    request = STREAM_REQUEST,
    status = 200,
    contentType = 'text/event-stream; charset=utf-8',
    sdk,
  }: ExchangeOptions = {},
): Exchange {
  const chunks = typeof body === 'string' ? perEvent(body) : body
  return {
    request: {
      method: 'POST',
      url: 'https://api.example.test/v1/chat/completions',
      headers: { 'content-type': 'application/json' },
      body: request,
    },
    response: {
      status,
      headers: { 'content-type': contentType },
      bodyText: chunks.map((c) => c.text).join(''),
      bodyBase64: null,
      chunks,
      timing: { startedAt: '2026-01-01T00:00:00.000Z', headersMs: 5, firstByteMs: 10, lastByteMs: 10 + chunks.length },
    },
    ...(sdk ? { sdk } : {}),
  }
}

/** A JSON exchange (a twin, or a stream request answered with JSON). */
export function jsonExchange(
  body: unknown,
  { request = STREAM_REQUEST, status = 200 }: { request?: Json; status?: number } = {},
): Exchange {
  const text = JSON.stringify(body)
  return {
    request: { method: 'POST', url: 'https://api.example.test/v1/chat/completions', headers: {}, body: request },
    response: { status, headers: { 'content-type': 'application/json' }, bodyText: text, bodyBase64: null },
  }
}

/**
 * What the official SDK makes of a response body, as the transport records it: the operation
 * run offline, through a fetch that answers with the body (no socket).
 */
export async function sdkOutcomeFor(
  operation: OperationName,
  body: string,
  request: Json = STREAM_REQUEST,
  contentType = 'text/event-stream',
): Promise<SdkOutcome> {
  const fetch = async () => new Response(body, { status: 200, headers: { 'content-type': contentType } })
  const sdk = new OpenAI({ apiKey: 'sk-test', baseURL: 'http://127.0.0.1:9/v1', fetch, maxRetries: 0, logLevel: 'off' })
  try {
    return { ok: true, value: await OPERATIONS[operation].run(sdk, request, {}) }
  } catch (error) {
    return { ok: false, error: { name: (error as Error).constructor.name, message: (error as Error).message } }
  }
}

/** Runs one check on an exchange (its request is the exchange's). */
export function judge(
  id: string,
  exchange: Exchange,
  { params, related = {} }: { params?: unknown; related?: Record<string, Exchange> } = {},
): CheckResult {
  const check = getCheck(id)
  if (!check) throw new Error(`unknown check ${id}`)
  const exchanges = { main: exchange, ...related } as Exchanges
  return check.run({ exchange, exchanges, request: (exchange.request.body ?? {}) as Json, params, models: {} })
}

/** pass / deviation / skip, for readable assertions. */
export function verdict(result: CheckResult): 'pass' | 'deviation' | 'skip' {
  if (!Array.isArray(result)) return 'skip'
  return result.length === 0 ? 'pass' : 'deviation'
}

/** The check's findings' messages (or its skip reason), for assertions that say what went wrong. */
export function messages(result: CheckResult): string[] {
  return Array.isArray(result) ? result.map((f) => f.message) : [`skip: ${result.skip}`]
}
