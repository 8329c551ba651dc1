/** The SDK's view of a stream against the wire read by the rules. */
import { describe, expect, it } from 'vitest'
import { judge, messages, sse, streamExchange, textChunks, toolCallChunks, verdict } from './stream-fixtures.ts'

type Json = Record<string, unknown>
const TOKENS = ['Hello', ' there', ', general', ' Kenobi']

const raw = (chunks: unknown[]) => ({ ok: true as const, value: { chunks } })
const helper = (final: Json, events: Record<string, number> = { chunk: 6, 'content.delta': 4 }) => ({ ok: true as const, value: { final, events } })

/** What finalChatCompletion() returns for a one-choice text stream. */
function finalCompletion(content: string | null, finishReason = 'stop', toolCalls?: Json[]): Json {
  const message: Json = { role: 'assistant', content, refusal: null, ...(toolCalls ? { tool_calls: toolCalls } : {}) }
  return { id: 'chatcmpl-x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }] }
}

describe('sdk.stream.raw-matches', () => {
  const chunks = textChunks(TOKENS)

  it('passes when the SDK yields the wire\'s chunks', () => {
    expect(messages(judge('sdk.stream.raw-matches', streamExchange(sse(chunks), { sdk: raw(chunks) })))).toEqual([])
  })

  it('fails when the SDK hands a foreign object to the caller as a chunk', () => {
    const foreign = { choices: [], cost: '0' }
    const exchange = streamExchange(sse([...chunks, foreign]), { sdk: raw([...chunks, foreign]) })
    expect(messages(judge('sdk.stream.raw-matches', exchange))).toEqual(['the SDK handed 1 object(s) that are not chunks to the caller as chunks: code reading chunk.choices breaks'])
  })

  it('fails when the SDK delivers an event a spec-following reader drops (no blank line after the last event)', () => {
    const body = sse(chunks, { done: false }).slice(0, -2)
    const result = judge('sdk.stream.raw-matches', streamExchange(body, { sdk: raw(chunks) }))
    expect(messages(result)).toEqual(['choice 0 finishReason: the SDK yields "stop", the wire (read by the rules) carries null'])
  })

  it('fails a choice only one side has', () => {
    const result = judge('sdk.stream.raw-matches', streamExchange(sse(chunks), { sdk: raw(textChunks(TOKENS, { n: 2 })) }))
    expect(messages(result)[0]).toMatch(/^choice 1: the SDK yields a choice the wire/)
  })

  it('skips without an SDK outcome, after an SDK error, and for the stream helper', () => {
    expect(verdict(judge('sdk.stream.raw-matches', streamExchange(sse(chunks))))).toBe('skip')
    const failed = streamExchange(sse(chunks), { sdk: { ok: false, error: { name: 'APIError', message: 'boom' } } })
    expect(judge('sdk.stream.raw-matches', failed)).toEqual({ skip: 'the SDK raised APIError; see sdk.call.succeeds' })
    expect(verdict(judge('sdk.stream.raw-matches', streamExchange(sse(chunks), { sdk: helper(finalCompletion(TOKENS.join(''))) })))).toBe('skip')
  })
})

describe('sdk.stream.final-matches', () => {
  const chunks = textChunks(TOKENS)

  it('passes a final completion equal to the assembled message', () => {
    expect(messages(judge('sdk.stream.final-matches', streamExchange(sse(chunks), { sdk: helper(finalCompletion(TOKENS.join(''))) })))).toEqual([])
  })

  it('fails a different finish reason or content', () => {
    const exchange = streamExchange(sse(chunks), { sdk: helper(finalCompletion('Hello there', 'length')) })
    expect(messages(judge('sdk.stream.final-matches', exchange))).toEqual([
      'choice 0 content: finalChatCompletion() has "Hello there", the wire (read by the rules) carries "Hello there, general Kenobi"',
      'choice 0 finishReason: finalChatCompletion() has "length", the wire (read by the rules) carries "stop"',
    ])
  })

  it('fails when the helper emitted no content.delta events', () => {
    const exchange = streamExchange(sse(chunks), { sdk: helper(finalCompletion(TOKENS.join('')), { chunk: 6 }) })
    expect(messages(judge('sdk.stream.final-matches', exchange))).toEqual(['the helper emitted no content.delta events for a reply with content: a UI listening for them shows nothing'])
  })

  it('compares tool calls: an arguments object becomes "[object Object]" in the SDK', () => {
    const calls = toolCallChunks(['{"location":"Paris"}'])
    const call = (args: string) => [{ id: 'call_KMbhDNYS2l62U8AAxZnpxtg6', type: 'function', function: { name: 'get_weather', arguments: args } }]
    const events = { chunk: 3, 'tool_calls.function.arguments.done': 1 }
    const good = streamExchange(sse(calls), { sdk: helper(finalCompletion(null, 'tool_calls', call('{"location":"Paris"}')), events) })
    expect(messages(judge('sdk.stream.final-matches', good))).toEqual([])
    const bad = streamExchange(sse(calls), { sdk: helper(finalCompletion(null, 'tool_calls', call('[object Object]')), events) })
    expect(messages(judge('sdk.stream.final-matches', bad))[0]).toMatch(/^choice 0 toolCalls: finalChatCompletion\(\) has .*\[object Object\]/)
  })

  it('skips for the raw iteration', () => {
    expect(verdict(judge('sdk.stream.final-matches', streamExchange(sse(chunks), { sdk: raw(chunks) })))).toBe('skip')
  })
})
