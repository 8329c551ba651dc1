/**
 * A stream that sent some chunks and then hung: the chunks that arrived are judged, and
 * their findings stand; only what needs the rest of the stream is inconclusive.
 */
import { describe, expect, test } from 'vitest'
import { checkRegistry, getCheck } from '../../src/apis/index.ts'
import { STREAM_COMPLETION, STREAM_TOOL_CALLS } from '../../src/apis/chat/check-sets.ts'
import type { Exchange } from '../../src/core/exchange.ts'
import type { CaseDefinition } from '../../src/core/types.ts'
import { evaluateCase } from '../../src/engine/evaluate.ts'
import { chunk, choice, sse, STREAM_REQUEST, streamExchange, textChunks, toolCallChunks } from './stream-fixtures.ts'

const streamCase = (checks: CaseDefinition['checks']): CaseDefinition => ({
  id: 'streaming.example',
  title: 'example',
  capability: 'streaming',
  request: { operation: 'chat.completions.create.stream', body: STREAM_REQUEST },
  checks,
})

/** The exchange of a stream that sent `payloads` (no [DONE]) and then went silent until the timeout. */
function hungAfter(payloads: unknown[], request = STREAM_REQUEST): Exchange {
  const exchange = streamExchange(sse(payloads, { done: false }), { request })
  return { ...exchange, error: { kind: 'timeout', message: 'no complete response within 1000 ms' } }
}

const byId = (result: ReturnType<typeof evaluateCase>) =>
  Object.fromEntries(result.checks.map((c) => [c.id, { status: c.status, message: c.message }]))

describe('a stream that sends N chunks, one deviant, then hangs', () => {
  // Five chunks of a count; the third names another completion id.
  const chunks = textChunks(['1', ' 2', ' 3', ' 4']).slice(0, 5)
  chunks[2] = { ...chunks[2], id: 'chatcmpl-other' }
  const result = evaluateCase(streamCase(STREAM_COMPLETION.checks), { main: hungAfter(chunks) }, checkRegistry, {})
  const outcomes = byId(result)

  test("the deviant chunk's finding is a failure", () => {
    expect(result.status).toBe('fail')
    expect(outcomes['stream.chunk.id']).toMatchObject({ status: 'fail', message: /chatcmpl-other/ })
    expect(result.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['stream.chunk.id'])
  })

  test('the head is judged as usual', () => {
    expect(outcomes['http.status.success']).toMatchObject({ status: 'pass' })
    expect(outcomes['stream.http.content-type']).toMatchObject({ status: 'pass' })
  })

  test('checks that need the end of the stream are inconclusive', () => {
    for (const id of ['stream.done.terminates', 'stream.finish.once', 'stream.choices.count', 'sdk.call.succeeds'])
      expect(outcomes[id], id).toMatchObject({ status: 'inconclusive', message: /needs the whole body/ })
    expect(outcomes['http.response.complete']).toMatchObject({ status: 'inconclusive' })
  })

  test('checks of each chunk that found nothing in what arrived are inconclusive for the rest', () => {
    for (const id of ['stream.chunk.object', 'stream.chunk.schema', 'stream.choice.role-first'])
      expect(outcomes[id], id).toMatchObject({ status: 'inconclusive', message: /no deviation in what arrived/ })
  })

  test('a check that found nothing to judge yet is undecided, not skipped', () => {
    const outcome = byId(
      evaluateCase(streamCase(['stream.done.nothing-after']), { main: hungAfter(chunks) }, checkRegistry, {}),
    )['stream.done.nothing-after']
    expect(outcome).toMatchObject({ status: 'inconclusive', message: /no \[DONE\].*in what arrived/ })
  })
})

test('tool-call fragments that arrived are judged before the hang', () => {
  const request = { ...STREAM_REQUEST, tools: [{ type: 'function', function: { name: 'get_weather' } }] }
  const [first, ...rest] = toolCallChunks(['{"location"', ': "Paris"}'])
  // The second argument fragment renames the call.
  const renamed = chunk([
    choice(0, { tool_calls: [{ index: 0, function: { name: 'get_time', arguments: '{"location"' } }] }),
  ])
  const result = evaluateCase(
    streamCase(STREAM_TOOL_CALLS.checks),
    { main: hungAfter([first, renamed, rest[1]], request) },
    checkRegistry,
    {},
  )
  expect(byId(result)).toMatchObject({
    'stream.tool-calls.identity-stable': { status: 'fail', message: /get_weather.*get_time/ },
    'stream.tool-calls.arguments-json': { status: 'inconclusive', message: /needs the whole body/ },
  })
})

test('what each streaming check reads', () => {
  const reads = (id: string) => getCheck(id)?.reads ?? 'body'
  expect(reads('stream.http.content-type')).toBe('head')
  expect(reads('stream.errors.status')).toBe('head')
  expect(reads('errors.unknown-model.status')).toBe('head')
  expect(reads('stream.chunk.id')).toBe('prefix')
  expect(reads('stream.done.terminates')).toBe('body')
  expect(reads('stream.finish.once')).toBe('body')
})
