/**
 * Stream faults, proven closer than the catalogue-wide proof (test/proofs) does it:
 *
 * - the tool-call faults, offline: each hook applied to an OpenAI-shaped tool-call stream,
 *   the checks it names run on the result (the `sdk.*` ones over what the real SDK made of it);
 * - faults whose point is what they do NOT trip, through the reference (loopback): a legal
 *   stream that breaks only the SDK, a wire fault the SDK reads as it documents, a buffered
 *   delivery that is otherwise a perfect stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getCheck } from '../../src/apis/index.ts'
import { REFERENCE_API_KEY, REFERENCE_MODELS, startReferenceServer } from '../../src/apis/reference.ts'
import { getFault } from '../../src/apis/index.ts'
import type { ReferenceRequest } from '../../src/reference/fault.ts'
import { deviationStatus } from '../../src/core/status.ts'
import streaming from '../../suites/streaming.ts'
import { outcomes, runCases } from '../support/run-cases.ts'
import {
  judge,
  messages,
  sdkOutcomeFor,
  sse,
  STREAM_REQUEST,
  streamExchange,
  toolCallChunks,
  verdict,
} from './stream-fixtures.ts'

const TOOLS = [
  {
    type: 'function',
    function: { name: 'get_weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } },
  },
]
const REQUEST = { ...STREAM_REQUEST, tools: TOOLS, tool_choice: 'required' }
const ARGS = ['{"', 'location', '":"', 'Paris', '"}']

const TOOL_CALL_FAULTS = [
  'stream-tool-call-as-content',
  'stream-tool-call-first-fragment-bare',
  'stream-tool-call-id-repeated',
  'stream-tool-call-id-changes',
  'stream-tool-call-index-from-1',
  'stream-tool-call-arguments-object',
  'stream-tool-call-arguments-repeated',
  'stream-cumulative-deltas',
  // Not 'stream-tool-call-finish-stop': under this forced tool_choice OpenAI itself finishes
  // with "stop", so that fault shows only on an "auto" call (tools.stream.call, in test/proofs).
]

/** The fault's chunks for a compliant tool-call stream, framed. */
function faultedBody(name: string): string {
  const fault = getFault(name)!
  const req: ReferenceRequest = {
    method: 'POST',
    path: '/chat/completions',
    operationId: 'createChatCompletion',
    headers: new Headers(),
    body: REQUEST,
  }
  const chunks = fault.hooks.events
    ? fault.hooks.events(structuredClone(toolCallChunks(ARGS)), req)
    : toolCallChunks(ARGS)
  return sse(chunks)
}

describe.each(TOOL_CALL_FAULTS)('fault %s on a tool-call stream', (name) => {
  const fault = getFault(name)!
  // stream.equivalence.content needs a twin: the streaming suite proves it (test/proofs).
  const proves = fault.proves.filter((id) => id !== 'stream.equivalence.content')

  it.each(proves)('trips %s', async (id) => {
    const body = faultedBody(name)
    const sdk = id.startsWith('sdk.') ? await sdkOutcomeFor('chat.completions.stream', body, REQUEST) : undefined
    const exchange = streamExchange(body, { request: REQUEST, ...(sdk ? { sdk } : {}) })
    const result = judge(id, exchange)
    expect(deviationStatus(getCheck(id)!.level)).toMatch(/fail|warn/)
    expect(verdict(result), messages(result).join('\n')).toBe('deviation')
  })
})

describe('the compliant tool-call stream', () => {
  it('trips none of those checks, and the SDK helper agrees with the wire', async () => {
    const body = sse(toolCallChunks(ARGS))
    const exchange = streamExchange(body, {
      request: REQUEST,
      sdk: await sdkOutcomeFor('chat.completions.stream', body, REQUEST),
    })
    for (const id of new Set(TOOL_CALL_FAULTS.flatMap((name) => getFault(name)!.proves))) {
      if (id !== 'stream.equivalence.content') expect(messages(judge(id, exchange)), id).toEqual([])
    }
  })
})

/** The streaming suite's outcomes against the reference committing one fault. */
function streamingSuiteWith(fault: string) {
  let server: Awaited<ReturnType<typeof startReferenceServer>>
  let results: ReturnType<typeof outcomes> = []
  beforeAll(async () => {
    server = await startReferenceServer({ apiKey: REFERENCE_API_KEY, faults: [fault] })
    results = outcomes(
      await runCases({ baseURL: server.url, apiKey: REFERENCE_API_KEY, models: REFERENCE_MODELS, suites: [streaming] }),
    )
  })
  afterAll(() => server?.close())
  return {
    /** Outcomes other than pass (skips included), rendered for readable failures. */
    notPassing: (filter: (id: string) => boolean) =>
      results
        .filter((o) => filter(o.id) && o.status !== 'pass')
        .map((o) => `${o.case} ${o.id} ${o.status}: ${o.message}`),
    statuses: (id: string) => results.filter((o) => o.id === id).map((o) => o.status),
  }
}

/** Cases whose requests fail on purpose: their stream checks do not apply. */
const isStreamedReply = (id: string) => id.startsWith('stream.') && id !== 'stream.errors.status'

describe('fault stream-event-only-keep-alive: a legal stream that only the SDK breaks on', () => {
  const run = streamingSuiteWith('stream-event-only-keep-alive')

  it('every stream.* check passes', () => {
    expect(
      run
        .notPassing(isStreamedReply)
        .filter((line) => !line.includes('streaming.unknown-model') && !line.includes('streaming.bad-parameter')),
    ).toEqual([])
  })

  it('the SDK raises on every streamed case, and the hazard is named from the wire', () => {
    expect(run.statuses('sdk.call.succeeds').filter((s) => s === 'fail').length).toBeGreaterThanOrEqual(10)
    expect(new Set(run.statuses('sdk.stream.dataless-events'))).toEqual(new Set(['warn']))
  })
})

describe('fault stream-unterminated-last-event: a wire fault the SDK reads as it documents', () => {
  const run = streamingSuiteWith('stream-unterminated-last-event')

  it('the SDK checks pass: the SDK gives the user the whole reply', () => {
    expect(run.notPassing((id) => id.startsWith('sdk.'))).toEqual([])
  })

  it('the wire checks fail', () => {
    expect(run.statuses('stream.done.terminates')).toContain('fail')
  })
})

describe('fault stream-buffered-one-write: a perfect stream, delivered all at once', () => {
  const run = streamingSuiteWith('stream-buffered-one-write')

  it('only the delivery is reported', () => {
    const reported = run.notPassing((id) => id !== 'stream.errors.status').filter((line) => !/ skip: /.test(line))
    expect(reported).toHaveLength(1)
    expect(reported[0]).toMatch(/^streaming\.basic stream\.content\.multiple-chunks warn: .*arrived all at once/)
  })
})
