/** Streamed tool-call fragments. */
import { describe, expect, it } from 'vitest'
import { checkUseId } from '../../src/engine/evaluate.ts'
import { STREAM_TOOL_CALLS } from '../../src/apis/chat/check-sets.ts'
import {
  chunk,
  choice,
  judge,
  messages,
  sse,
  STREAM_REQUEST,
  streamExchange,
  textChunks,
  toolCallChunks,
  verdict,
} from './stream-fixtures.ts'

type Json = Record<string, unknown>
const ARGS = ['{"', 'location', '":"', 'Paris', '"}']
const TOOLS = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }]
const REQUIRED = { ...STREAM_REQUEST, tools: TOOLS, tool_choice: 'required' }
const NAMED = { ...STREAM_REQUEST, tools: TOOLS, tool_choice: { type: 'function', function: { name: 'get_weather' } } }
const ids = ['stream.tool-calls.forced', ...STREAM_TOOL_CALLS.checks.map(checkUseId)]

/** Rewrites every tool-call fragment (with its position among the fragments). */
function eachFragment(chunks: Json[], edit: (fragment: Json, i: number) => Json): Json[] {
  let i = 0
  return chunks.map((c) => ({
    ...c,
    choices: (c.choices as Json[]).map((ch) => {
      const delta = ch.delta as Json
      return Array.isArray(delta.tool_calls)
        ? { ...ch, delta: { ...delta, tool_calls: delta.tool_calls.map((f: Json) => edit(f, i++)) } }
        : ch
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
    for (const id of ids)
      expect(messages(judgeCalls(id, toolCallChunks(ARGS, { finishReason: 'stop' }), NAMED)), id).toEqual([])
  })

  it('passes two parallel calls indexed 0 and 1', () => {
    const chunks = toolCallChunks(ARGS)
    const second = chunk([
      choice(0, {
        tool_calls: [
          {
            index: 1,
            id: 'call_2',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"location":"Oslo"}' },
          },
        ],
      }),
    ])
    for (const id of ids)
      expect(messages(judgeCalls(id, [...chunks.slice(0, -1), second, chunks.at(-1)!])), id).toEqual([])
  })
})

describe('malformed fragments', () => {
  it('fails a first fragment without id and name', () => {
    const chunks = eachFragment(toolCallChunks(ARGS), (f, i) =>
      i === 0 ? { index: 0, function: { arguments: '' } } : f,
    )
    expect(messages(judgeCalls('stream.tool-calls.first-fragment', chunks))).toEqual([
      'choice 0, tool call 0: the first fragment lacks id (undefined), type "function" (undefined), function.name (undefined)',
    ])
  })

  it('warns on id, type and name repeated unchanged on every fragment (the schema allows it; OpenAI never does it)', () => {
    const chunks = eachFragment(toolCallChunks(ARGS), (f) => ({
      ...f,
      id: 'call_KMbhDNYS2l62U8AAxZnpxtg6',
      type: 'function',
      function: { name: 'get_weather', ...(f.function as Json) },
    }))
    const result = judgeCalls('stream.tool-calls.later-fragments', chunks)
    expect(messages(result)).toHaveLength(ARGS.length)
    expect(messages(result)[0]).toBe('choice 0, tool call 0: a later fragment repeats id, type, function.name')
    expect(messages(judgeCalls('stream.tool-calls.identity-stable', chunks))).toEqual([])
  })

  it('fails a later fragment that changes the id or the name, or sends one empty', () => {
    const changedId = eachFragment(toolCallChunks(ARGS), (f, i) => (i === 2 ? { ...f, id: 'call_other' } : f))
    expect(messages(judgeCalls('stream.tool-calls.identity-stable', changedId))).toEqual([
      'choice 0, tool call 0: a later fragment changes id from "call_KMbhDNYS2l62U8AAxZnpxtg6" to "call_other"',
    ])
    expect(messages(judgeCalls('stream.tool-calls.later-fragments', changedId))).toEqual([])
    const renamed = eachFragment(toolCallChunks(ARGS), (f, i) =>
      i === 1 ? { ...f, function: { ...(f.function as Json), name: 'get_time' } } : f,
    )
    expect(messages(judgeCalls('stream.tool-calls.identity-stable', renamed))).toEqual([
      'choice 0, tool call 0: a later fragment changes function.name from "get_weather" to "get_time"',
    ])
    const blank = eachFragment(toolCallChunks(ARGS), (f, i) =>
      i > 0 ? { ...f, id: '', function: { ...(f.function as Json), name: null } } : f,
    )
    expect(messages(judgeCalls('stream.tool-calls.identity-stable', blank))[0]).toBe(
      'choice 0, tool call 0: a later fragment sends id empty (the first fragment has "call_KMbhDNYS2l62U8AAxZnpxtg6")',
    )
  })

  it('leaves an identity the first fragment lacked to first-fragment', () => {
    const late = eachFragment(toolCallChunks(ARGS), (f, i) =>
      i === 0
        ? { index: 0, function: { arguments: '' } }
        : i === 1
          ? { ...f, id: 'call_1', type: 'function', function: { ...(f.function as Json), name: 'get_weather' } }
          : f,
    )
    expect(verdict(judgeCalls('stream.tool-calls.first-fragment', late))).toBe('deviation')
    expect(messages(judgeCalls('stream.tool-calls.identity-stable', late))).toEqual([])
  })

  it('fails indices starting at 1, and a missing index', () => {
    expect(
      messages(
        judgeCalls(
          'stream.tool-calls.indices',
          eachFragment(toolCallChunks(ARGS), (f) => ({ ...f, index: 1 })),
        ),
      ),
    ).toEqual(['choice 0: tool call indices are [1] in order of appearance, expected [0]'])
    expect(
      messages(
        judgeCalls(
          'stream.tool-calls.indices',
          eachFragment(toolCallChunks(ARGS), ({ index: _i, ...f }) => f),
        ),
      )[0],
    ).toMatch(/indices are \[null\]/)
  })

  it('warns on arguments that are not JSON, and on an arguments object', () => {
    expect(messages(judgeCalls('stream.tool-calls.arguments-json', toolCallChunks(ARGS.slice(0, -1))))[0]).toMatch(
      /^choice 0, tool call 0: the concatenated arguments are not JSON/,
    )
    const object = eachFragment(toolCallChunks(['{}']), (f, i) =>
      i === 1 ? { index: 0, function: { arguments: { location: 'Paris' } } } : f,
    )
    expect(messages(judgeCalls('stream.tool-calls.arguments-json', object))).toEqual([
      'choice 0, tool call 0: function.arguments is not a string fragment',
    ])
    expect(verdict(judgeCalls('stream.chunk.schema', object))).toBe('deviation')
  })

  it('fails finish "stop" with tool calls unless tool_choice forced the call (named or "required": OpenAI finishes those with "stop")', () => {
    const stop = toolCallChunks(ARGS, { finishReason: 'stop' })
    expect(messages(judgeCalls('stream.tool-calls.finish-reason', stop, { ...STREAM_REQUEST, tools: TOOLS }))).toEqual([
      'choice 0 called a tool but finished with "stop", expected "tool_calls"',
    ])
    expect(
      messages(
        judgeCalls('stream.tool-calls.finish-reason', stop, { ...STREAM_REQUEST, tools: TOOLS, tool_choice: 'auto' }),
      ),
    ).toHaveLength(1)
    expect(messages(judgeCalls('stream.tool-calls.finish-reason', stop, NAMED))).toEqual([])
    expect(messages(judgeCalls('stream.tool-calls.finish-reason', stop))).toEqual([])
  })

  it('fails a forced tool call answered with text', () => {
    expect(messages(judgeCalls('stream.tool-calls.forced', textChunks(['{"name": "get_weather"}'])))).toEqual([
      'choice 0 streamed no tool call; its content is "{\\"name\\": \\"get_weather\\"}"',
    ])
  })
})

describe('custom tool calls (GPT-5, type "custom")', () => {
  const custom = [
    chunk([
      choice(0, {
        role: 'assistant',
        content: null,
        tool_calls: [{ index: 0, id: 'call_x', type: 'custom', custom: { name: 'run_sql', input: '' } }],
      }),
    ]),
    chunk([choice(0, { tool_calls: [{ index: 0, custom: { input: 'SELECT 1' } }] })]),
    chunk([choice(0, {}, 'tool_calls')]),
  ]

  it('skips the function-call rules with a reason, and keeps the others', () => {
    for (const id of [
      'stream.tool-calls.first-fragment',
      'stream.tool-calls.identity-stable',
      'stream.tool-calls.later-fragments',
      'stream.tool-calls.arguments-json',
    ]) {
      expect(judgeCalls(id, custom), id).toEqual({
        skip: 'the stream\'s tool calls are all custom tool calls (type "custom"), which the function-call rules do not cover',
      })
    }
    for (const id of ['stream.tool-calls.indices', 'stream.tool-calls.finish-reason', 'stream.tool-calls.forced'])
      expect(messages(judgeCalls(id, custom)), id).toEqual([])
  })

  it('still judges the function calls beside a custom one', () => {
    const mixed = [
      ...custom.slice(0, 2),
      chunk([choice(0, { tool_calls: [{ index: 1, function: { arguments: '{}' } }] })]),
      custom[2]!,
    ]
    expect(messages(judgeCalls('stream.tool-calls.first-fragment', mixed))[0]).toMatch(
      /^choice 0, tool call 1: the first fragment lacks id/,
    )
  })
})

describe('no tool calls', () => {
  it('skips with a reason', () => {
    for (const id of STREAM_TOOL_CALLS.checks.map(checkUseId))
      expect(judgeCalls(id, textChunks(['hi']), STREAM_REQUEST), id).toEqual({
        skip: 'the stream carried no tool calls',
      })
    expect(verdict(judgeCalls('stream.tool-calls.forced', textChunks(['hi']), STREAM_REQUEST))).toBe('skip')
  })
})
