/**
 * The SDK's view of a stream against the wire read by the SDK's own documented rules: hand-fed
 * SDK values for the comparisons, and the real SDK (offline) for what it does on odd streams.
 */
import { describe, expect, it } from 'vitest'
import { checkUseId } from '../../src/engine/evaluate.ts'
import { STREAM_COMPLETION } from '../../src/apis/chat/check-sets.ts'
import {
  jsonExchange,
  judge,
  messages,
  sdkOutcomeFor,
  sse,
  STREAM_REQUEST,
  streamExchange,
  textChunks,
  toolCallChunks,
  verdict,
} from './stream-fixtures.ts'

type Json = Record<string, unknown>
const TOKENS = ['Hello', ' there', ', general', ' Kenobi']

const raw = (chunks: unknown[]) => ({ ok: true as const, value: { chunks } })
const helper = (final: Json, events: Record<string, number> = { chunk: 6, 'content.delta': 4 }) => ({
  ok: true as const,
  value: { final, events },
})

/** What finalChatCompletion() returns for a one-choice text stream. */
function finalCompletion(content: string | null, finishReason = 'stop', toolCalls?: Json[]): Json {
  const message: Json = { role: 'assistant', content, refusal: null, ...(toolCalls ? { tool_calls: toolCalls } : {}) }
  return {
    id: 'chatcmpl-x',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
  }
}

describe('sdk.stream.raw-matches', () => {
  const chunks = textChunks(TOKENS)

  it("passes when the SDK yields the wire's chunks", () => {
    expect(messages(judge('sdk.stream.raw-matches', streamExchange(sse(chunks), { sdk: raw(chunks) })))).toEqual([])
  })

  it('fails when the SDK hands a foreign object to the caller as a chunk', () => {
    const foreign = { choices: [], cost: '0' }
    const exchange = streamExchange(sse([...chunks, foreign]), { sdk: raw([...chunks, foreign]) })
    expect(messages(judge('sdk.stream.raw-matches', exchange))).toEqual([
      'the SDK handed 1 object(s) that are not chunks to the caller as chunks: code reading chunk.choices breaks',
    ])
  })

  it("passes the SDK delivering an unfinished last event, as it documents (the wire fault is stream.done.terminates')", () => {
    const body = sse(chunks, { done: false }).slice(0, -2)
    expect(messages(judge('sdk.stream.raw-matches', streamExchange(body, { sdk: raw(chunks) })))).toEqual([])
    expect(verdict(judge('stream.done.terminates', streamExchange(body)))).toBe('deviation')
  })

  it('fails when the SDK loses what its rules read: an event it should have flushed, or one before [DONE]', () => {
    const body = sse(chunks, { done: false }).slice(0, -2)
    expect(messages(judge('sdk.stream.raw-matches', streamExchange(body, { sdk: raw(chunks.slice(0, -1)) })))).toEqual([
      'choice 0 finishReason: the SDK yields null, the wire carries "stop"',
    ])
  })

  it('fails 0 chunks without an error, naming a plain JSON body as the cause', () => {
    const completion = { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'm', choices: [] }
    expect(messages(judge('sdk.stream.raw-matches', { ...jsonExchange(completion), sdk: raw([]) }))).toEqual([
      'the SDK yielded 0 chunks without raising: the body is plain JSON (content-type application/json), which the SDK reads as an event stream without events; a caller sees an empty reply and no error',
    ])
    expect(messages(judge('sdk.stream.raw-matches', streamExchange(sse(chunks), { sdk: raw([]) })))[0]).toMatch(
      /yielded 0 chunks without raising, although the wire carries chunks/,
    )
  })

  it('fails a choice only one side has', () => {
    const result = judge(
      'sdk.stream.raw-matches',
      streamExchange(sse(chunks), { sdk: raw(textChunks(TOKENS, { n: 2 })) }),
    )
    expect(messages(result)[0]).toMatch(/^choice 1: the SDK yields a choice the wire/)
  })

  it('skips without an SDK outcome, after an SDK error, and for the stream helper', () => {
    expect(verdict(judge('sdk.stream.raw-matches', streamExchange(sse(chunks))))).toBe('skip')
    const failed = streamExchange(sse(chunks), { sdk: { ok: false, error: { name: 'APIError', message: 'boom' } } })
    expect(judge('sdk.stream.raw-matches', failed)).toEqual({ skip: 'the SDK raised APIError; see sdk.call.succeeds' })
    expect(
      verdict(
        judge('sdk.stream.raw-matches', streamExchange(sse(chunks), { sdk: helper(finalCompletion(TOKENS.join(''))) })),
      ),
    ).toBe('skip')
  })
})

describe('sdk.stream.final-matches', () => {
  const chunks = textChunks(TOKENS)

  it('passes a final completion equal to the assembled message', () => {
    expect(
      messages(
        judge(
          'sdk.stream.final-matches',
          streamExchange(sse(chunks), { sdk: helper(finalCompletion(TOKENS.join(''))) }),
        ),
      ),
    ).toEqual([])
  })

  it('fails a different finish reason or content', () => {
    const exchange = streamExchange(sse(chunks), { sdk: helper(finalCompletion('Hello there', 'length')) })
    expect(messages(judge('sdk.stream.final-matches', exchange))).toEqual([
      'choice 0 content: finalChatCompletion() has "Hello there", the wire carries "Hello there, general Kenobi"',
      'choice 0 finishReason: finalChatCompletion() has "length", the wire carries "stop"',
    ])
  })

  it('fails when the helper emitted no content.delta events', () => {
    const exchange = streamExchange(sse(chunks), { sdk: helper(finalCompletion(TOKENS.join('')), { chunk: 6 }) })
    expect(messages(judge('sdk.stream.final-matches', exchange))).toEqual([
      'the helper emitted no content.delta events for a reply with content: a UI listening for them shows nothing',
    ])
  })

  it('compares tool calls: an arguments object becomes "[object Object]" in the SDK', () => {
    const calls = toolCallChunks(['{"location":"Paris"}'])
    const call = (args: string) => [
      { id: 'call_KMbhDNYS2l62U8AAxZnpxtg6', type: 'function', function: { name: 'get_weather', arguments: args } },
    ]
    const events = { chunk: 3, 'tool_calls.function.arguments.done': 1 }
    const good = streamExchange(sse(calls), {
      sdk: helper(finalCompletion(null, 'tool_calls', call('{"location":"Paris"}')), events),
    })
    expect(messages(judge('sdk.stream.final-matches', good))).toEqual([])
    const bad = streamExchange(sse(calls), {
      sdk: helper(finalCompletion(null, 'tool_calls', call('[object Object]')), events),
    })
    expect(messages(judge('sdk.stream.final-matches', bad))[0]).toMatch(
      /^choice 0 toolCalls: finalChatCompletion\(\) has .*\[object Object\]/,
    )
  })

  it("reads tool-call ids by the SDK's rule: the last id sent wins (a changed id is stream.tool-calls.identity-stable's)", () => {
    const calls = toolCallChunks(['{"location":', '"Paris"}'])
    const tool = calls[1]!.choices as { delta: { tool_calls: Json[] } }[]
    tool[0]!.delta.tool_calls[0] = { ...tool[0]!.delta.tool_calls[0], id: 'call_later' }
    const call = (id: string) => [
      { id, type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } },
    ]
    const events = { chunk: 4, 'tool_calls.function.arguments.done': 1 }
    expect(
      messages(
        judge(
          'sdk.stream.final-matches',
          streamExchange(sse(calls), { sdk: helper(finalCompletion(null, 'tool_calls', call('call_later')), events) }),
        ),
      ),
    ).toEqual([])
    expect(
      messages(
        judge(
          'sdk.stream.final-matches',
          streamExchange(sse(calls), {
            sdk: helper(finalCompletion(null, 'tool_calls', call('call_KMbhDNYS2l62U8AAxZnpxtg6')), events),
          }),
        ),
      )[0],
    ).toMatch(
      /^choice 0 toolCalls: finalChatCompletion\(\) has .*call_KMbhDNYS2l62U8AAxZnpxtg6.*, the wire carries .*call_later/,
    )
  })

  it('skips for the raw iteration', () => {
    expect(verdict(judge('sdk.stream.final-matches', streamExchange(sse(chunks), { sdk: raw(chunks) })))).toBe('skip')
  })
})

describe('sdk.stream.dataless-events', () => {
  const chunks = textChunks(TOKENS)
  const withPing = (ping: string) => sse(chunks.slice(0, 1), { done: false }) + ping + sse(chunks.slice(1))

  it('warns on an event block that names an event and carries no data', () => {
    expect(messages(judge('sdk.stream.dataless-events', streamExchange(withPing('event: ping\n\n'))))).toEqual([
      'an event block without data: "event: ping"; openai-node dispatches it with empty data and throws',
    ])
  })

  it.each([
    ['comment keep-alives', ': ping\n\n'],
    ['an empty event name', 'event:\n\n'],
    ['a retry-only block', 'retry: 3000\n\n'],
    ['a named event with data', `event: message\ndata: ${JSON.stringify(chunks[0])}\n\n`],
  ])('passes %s', (_name, block) => {
    expect(messages(judge('sdk.stream.dataless-events', streamExchange(withPing(block))))).toEqual([])
  })
})

describe('the real SDK (openai 7) on streams the rules and the SDK read differently', () => {
  const chunks = textChunks(TOKENS)
  const WIRE = STREAM_COMPLETION.checks.map(checkUseId).filter((id) => id.startsWith('stream.'))

  it('a data-less `event: ping` block: legal, every stream.* check passes, the SDK throws', async () => {
    const body = `${sse(chunks.slice(0, 1), { done: false })}event: ping\n\n${sse(chunks.slice(1))}`
    for (const operation of ['chat.completions.create.stream', 'chat.completions.stream'] as const) {
      const exchange = streamExchange(body, { sdk: await sdkOutcomeFor(operation, body) })
      for (const id of WIRE) expect(messages(judge(id, exchange)), id).toEqual([])
      expect(messages(judge('sdk.call.succeeds', exchange))[0]).toMatch(/malformed server-sent event JSON/)
    }
  })

  it('an unfinished last event: the SDK delivers it, so its view matches its rules; the wire fails', async () => {
    const body = sse(chunks, { done: false }).slice(0, -2)
    const rawView = streamExchange(body, { sdk: await sdkOutcomeFor('chat.completions.create.stream', body) })
    const helperView = streamExchange(body, { sdk: await sdkOutcomeFor('chat.completions.stream', body) })
    expect(messages(judge('sdk.stream.raw-matches', rawView))).toEqual([])
    expect(messages(judge('sdk.stream.final-matches', helperView))).toEqual([])
    expect(verdict(judge('stream.done.terminates', rawView))).toBe('deviation')
  })

  it('a plain JSON answer: the raw iteration yields nothing and raises nothing', async () => {
    const completion = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
    }
    const text = JSON.stringify(completion, null, 2)
    const exchange = {
      ...jsonExchange(completion),
      sdk: await sdkOutcomeFor('chat.completions.create.stream', text, STREAM_REQUEST, 'application/json'),
    }
    expect(exchange.sdk).toEqual({ ok: true, value: { chunks: [] } })
    expect(messages(judge('sdk.stream.raw-matches', exchange))[0]).toMatch(/^the SDK yielded 0 chunks without raising/)
  })
})
