/** Streamed tool-call fragments. */
import { describe, expect, it } from 'vitest'
import { checkUseId } from '../../src/engine/evaluate.ts'
import { STREAM_TOOL_CALLS } from '../../suites/common.ts'
import { chunk, choice, judge, messages, sse, STREAM_REQUEST, streamExchange, textChunks, toolCallChunks, verdict } from './stream-fixtures.ts'

type Json = Record<string, unknown>
const ARGS = ['{"', 'location', '":"', 'Paris', '"}']
const TOOLS = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }]
const REQUIRED = { ...STREAM_REQUEST, tools: TOOLS, tool_choice: 'required' }
const NAMED = { ...STREAM_REQUEST, tools: TOOLS, tool_choice: { type: 'function', function: { name: 'get_weather' } } }
const ids = ['stream.tool-calls.forced', ...STREAM_TOOL_CALLS.map(checkUseId)]

/** Rewrites every tool-call fragment (with its position among the fragments). */
function eachFragment(chunks: Json[], edit: (fragment: Json, i: number) => Json): Json[] {
  let i = 0
  return chunks.map((c) => ({
    ...c,
    choices: (c.choices as Json[]).map((ch) => {
      const delta = ch.delta as Json
      return Array.isArray(delta.tool_calls) ? { ...ch, delta: { ...delta, tool_calls: delta.tool_calls.map((f: Json) => edit(f, i++)) } } : ch
    }),
  }))
}

function judgeCalls(id: string, chunks: Json[], request: Json = REQUIRED) {
  return judge(id, streamExchange(sse(chunks), { request }))
}

describe('a well-formed tool call', () => {
  it('passes every tool-call check', () => {
    for (const id of ids) expect(messages(judgeCalls(id, toolCallChunks(ARGS))), id).toEqual([])
  })

  it('passes the recorded OpenAI shape: tool_choice names the function, finish "stop"', () => {
    for (const id of ids) expect(messages(judgeCalls(id, toolCallChunks(ARGS, { finishReason: 'stop' }), NAMED)), id).toEqual([])
  })

  it('passes two parallel calls indexed 0 and 1', () => {
    const chunks = toolCallChunks(ARGS)
    const second = chunk([choice(0, { tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Oslo"}' } }] })])
    for (const id of ids) expect(messages(judgeCalls(id, [...chunks.slice(0, -1), second, chunks.at(-1)!])), id).toEqual([])
  })
})

describe('malformed fragments', () => {
  it('fails a first fragment without id and name', () => {
    const chunks = eachFragment(toolCallChunks(ARGS), (f, i) => (i === 0 ? { index: 0, function: { arguments: '' } } : f))
    expect(messages(judgeCalls('stream.tool-calls.first-fragment', chunks))).toEqual([
      'choice 0, tool call 0: the first fragment lacks id (undefined), type "function" (undefined), function.name (undefined)',
    ])
  })

  it('fails id and name repeated on every fragment', () => {
    const chunks = eachFragment(toolCallChunks(ARGS), (f) => ({ ...f, id: 'call_KMbhDNYS2l62U8AAxZnpxtg6', type: 'function', function: { name: 'get_weather', ...(f.function as Json) } }))
    const result = judgeCalls('stream.tool-calls.later-fragments', chunks)
    expect(messages(result)).toHaveLength(ARGS.length)
    expect(messages(result)[0]).toBe('choice 0, tool call 0: a later fragment repeats id, type, function.name')
  })

  it('fails indices starting at 1, and a missing index', () => {
    expect(messages(judgeCalls('stream.tool-calls.indices', eachFragment(toolCallChunks(ARGS), (f) => ({ ...f, index: 1 }))))).toEqual([
      'choice 0: tool call indices are [1] in order of appearance, expected [0]',
    ])
    expect(messages(judgeCalls('stream.tool-calls.indices', eachFragment(toolCallChunks(ARGS), ({ index: _i, ...f }) => f)))[0]).toMatch(/indices are \[null\]/)
  })

  it('warns on arguments that are not JSON, and on an arguments object', () => {
    expect(messages(judgeCalls('stream.tool-calls.arguments-json', toolCallChunks(ARGS.slice(0, -1))))[0]).toMatch(/^choice 0, tool call 0: the concatenated arguments are not JSON/)
    const object = eachFragment(toolCallChunks(['{}']), (f, i) => (i === 1 ? { index: 0, function: { arguments: { location: 'Paris' } } } : f))
    expect(messages(judgeCalls('stream.tool-calls.arguments-json', object))).toEqual(['choice 0, tool call 0: function.arguments is not a string fragment'])
    expect(verdict(judgeCalls('stream.chunk.schema', object))).toBe('deviation')
  })

  it('fails finish "stop" with tool calls unless tool_choice forced the call (named or "required": OpenAI finishes those with "stop")', () => {
    const stop = toolCallChunks(ARGS, { finishReason: 'stop' })
    expect(messages(judgeCalls('stream.tool-calls.finish-reason', stop, { ...STREAM_REQUEST, tools: TOOLS }))).toEqual(['choice 0 called a tool but finished with "stop", expected "tool_calls"'])
    expect(messages(judgeCalls('stream.tool-calls.finish-reason', stop, { ...STREAM_REQUEST, tools: TOOLS, tool_choice: 'auto' }))).toHaveLength(1)
    expect(messages(judgeCalls('stream.tool-calls.finish-reason', stop, NAMED))).toEqual([])
    expect(messages(judgeCalls('stream.tool-calls.finish-reason', stop))).toEqual([])
  })

  it('fails a forced tool call answered with text', () => {
    expect(messages(judgeCalls('stream.tool-calls.forced', textChunks(['{"name": "get_weather"}'])))).toEqual([
      'choice 0 streamed no tool call; its content is "{\\"name\\": \\"get_weather\\"}"',
    ])
  })
})

describe('no tool calls', () => {
  it('skips with a reason', () => {
    for (const id of STREAM_TOOL_CALLS.map(checkUseId)) expect(judgeCalls(id, textChunks(['hi']), STREAM_REQUEST), id).toEqual({ skip: 'the stream carried no tool calls' })
    expect(verdict(judgeCalls('stream.tool-calls.forced', textChunks(['hi']), STREAM_REQUEST))).toBe('skip')
  })
})
