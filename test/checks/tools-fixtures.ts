/**
 * Hand-made exchanges for the tools and structured-output checks: completions shaped like
 * OpenAI's recorded ones (real-traffic nonstream-tools-toolcall__03, nonstream-json_object__01),
 * tool declarations, and a way to run one check and read its verdict, notes included.
 * Streams come from the streaming checks' fixtures.
 */
import { getCheck } from '../../src/apis/index.ts'
import type { CheckResult, Exchanges } from '../../src/core/types.ts'
import type { Exchange, SdkOutcome } from '../../src/core/exchange.ts'
import { chunk, choice, sse, streamExchange } from './stream-fixtures.ts'

type Json = Record<string, unknown>

export const GET_WEATHER = {
  type: 'function',
  function: {
    name: 'get_weather',
    strict: true,
    parameters: {
      type: 'object',
      properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['location', 'unit'],
      additionalProperties: false,
    },
  },
}

export const GET_STOCK_PRICE = {
  type: 'function',
  function: {
    name: 'get_stock_price',
    parameters: { type: 'object', properties: { symbol: { type: 'string' } }, required: ['symbol'] },
  },
}

export const PERSON = {
  type: 'object',
  properties: { name: { type: 'string' }, age: { type: 'integer' } },
  required: ['name', 'age'],
  additionalProperties: false,
}

export const ARGS = '{"location":"Paris, France","unit":"celsius"}'

/** A tool call as OpenAI returns it. */
export function toolCall(
  args: unknown = ARGS,
  {
    id = 'call_lajfUEGHY26jOJyJdSHd5zbs',
    name = 'get_weather',
    type = 'function',
  }: { id?: unknown; name?: unknown; type?: unknown } = {},
): Json {
  return { id, type, function: { name, arguments: args } }
}

/** A chat.completion with one choice per message. */
export function completion(
  messages: Json[],
  finishReasons: Array<string | null> = messages.map((m) => (m.tool_calls ? 'tool_calls' : 'stop')),
): Json {
  return {
    id: 'chatcmpl-BmNkUynJUGU88p2gBeNgj9gWi8XBf',
    object: 'chat.completion',
    created: 1750870734,
    model: 'gpt-4o-2024-08-06',
    choices: messages.map((message, index) => ({
      index,
      message: { role: 'assistant', refusal: null, annotations: [], ...message },
      logprobs: null,
      finish_reason: finishReasons[index],
    })),
    usage: { prompt_tokens: 46, completion_tokens: 15, total_tokens: 61 },
  }
}

/** A message with tool calls (content null). */
export function callsMessage(...calls: Json[]): Json {
  return { content: null, tool_calls: calls }
}

/** A message with text content. */
export function textMessage(content: unknown, extra: Json = {}): Json {
  return { content, ...extra }
}

export const REQUEST: Json = {
  model: 'gpt-4o',
  messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
  tools: [GET_WEATHER],
}

/** A non-streamed exchange (JSON body) for `request`. */
export function exchange(
  body: unknown,
  request: Json = REQUEST,
  { status = 200, sdk }: { status?: number; sdk?: SdkOutcome } = {},
): Exchange {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  return {
    request: { method: 'POST', url: 'https://api.example.test/v1/chat/completions', headers: {}, body: request },
    response: { status, headers: { 'content-type': 'application/json' }, bodyText: text, bodyBase64: null },
    ...(sdk ? { sdk } : {}),
  }
}

/** A streamed exchange of `chunks` for `request` (which gets `stream: true`). */
export function streamed(chunks: unknown[], request: Json = REQUEST): Exchange {
  return streamExchange(sse(chunks), { request: { ...request, stream: true } })
}

/** Content streamed in pieces, OpenAI's way: role delta, one delta per piece, finish delta. */
export function contentChunks(pieces: string[], finishReason = 'stop'): Json[] {
  return [
    chunk([choice(0, { role: 'assistant', content: '', refusal: null })]),
    ...pieces.map((piece) => chunk([choice(0, { content: piece })])),
    chunk([choice(0, {}, finishReason)]),
  ]
}

/** Two tool calls streamed in OpenAI's fragment pattern. */
export function twoCallChunks(
  ids: [string, string] = ['call_KMbhDNYS2l62U8AAxZnpxtg6', 'call_lajfUEGHY26jOJyJdSHd5zbs'],
): Json[] {
  const first = (index: number) => ({
    index,
    id: ids[index],
    type: 'function',
    function: { name: 'get_weather', arguments: '' },
  })
  const piece = (index: number, text: string) => ({ index, function: { arguments: text } })
  return [
    chunk([choice(0, { role: 'assistant', content: null, tool_calls: [first(0)], refusal: null })]),
    chunk([choice(0, { tool_calls: [piece(0, '{"location":"Paris",')] })]),
    chunk([choice(0, { tool_calls: [piece(0, '"unit":"celsius"}')] })]),
    chunk([choice(0, { tool_calls: [first(1)] })]),
    chunk([choice(0, { tool_calls: [piece(1, '{"location":"Tokyo","unit":"celsius"}')] })]),
    chunk([choice(0, {}, 'tool_calls')]),
  ]
}

export type Verdict = 'pass' | 'deviation' | 'skip' | 'note'

/** Runs one check; `request` defaults to the exchange's own body (as the engine gives recordings). */
export function run(
  id: string,
  main: Exchange,
  { params, related = {}, request }: { params?: unknown; related?: Record<string, Exchange>; request?: Json } = {},
): CheckResult {
  const check = getCheck(id)
  if (!check) throw new Error(`unknown check ${id}`)
  const exchanges = { main, ...related } as Exchanges
  return check.run({
    exchange: main,
    exchanges,
    request: request ?? ((main.request.body ?? {}) as Json),
    params,
    models: {},
  })
}

export function verdict(result: CheckResult): Verdict {
  if (Array.isArray(result)) return result.length === 0 ? 'pass' : 'deviation'
  return 'note' in result ? 'note' : 'skip'
}

/** Findings' messages, the skip reason or the note, for assertions that say what happened. */
export function said(result: CheckResult): string {
  if (Array.isArray(result)) return result.map((f) => f.message).join('\n')
  return 'note' in result ? `note: ${result.note}` : `skip: ${result.skip}`
}
