/**
 * The tool-call faults, proven offline: the reference does not stream tool calls yet, so
 * each fault's hook is applied to an OpenAI-shaped tool-call stream and the checks it names
 * are run on the result. For `sdk.*` checks the official SDK reads the faulted stream
 * through a fetch that answers with it (no socket).
 */
import OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import { getCheck } from '../../checks/index.ts'
import { getFault } from '../../reference/faults/index.ts'
import type { ReferenceRequest } from '../../reference/faults/types.ts'
import { deviationStatus } from '../../src/engine/status.ts'
import type { SdkOutcome } from '../../src/exchange/types.ts'
import { OPERATIONS } from '../../src/transport/operations.ts'
import { judge, messages, sse, STREAM_REQUEST, streamExchange, toolCallChunks, verdict } from './stream-fixtures.ts'

const TOOLS = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }]
const REQUEST = { ...STREAM_REQUEST, tools: TOOLS, tool_choice: 'required' }
const ARGS = ['{"', 'location', '":"', 'Paris', '"}']

const TOOL_CALL_FAULTS = [
  'stream-tool-call-as-content',
  'stream-tool-call-first-fragment-bare',
  'stream-tool-call-id-repeated',
  'stream-tool-call-index-from-1',
  'stream-tool-call-arguments-object',
  // Not 'stream-tool-call-finish-stop': under this forced tool_choice OpenAI itself finishes
  // with "stop", so that fault shows only on an "auto" call (tools.stream.call, in test/proofs).
]

/** The fault's chunks for a compliant tool-call stream, framed. */
function faultedBody(name: string): string {
  const fault = getFault(name)!
  const req: ReferenceRequest = { method: 'POST', path: '/chat/completions', headers: new Headers(), body: REQUEST }
  const chunks = fault.hooks.chatChunks ? fault.hooks.chatChunks(structuredClone(toolCallChunks(ARGS)), req) : toolCallChunks(ARGS)
  return sse(chunks)
}

/** What the SDK's stream helper makes of a body, as the transport records it. */
async function sdkHelperOutcome(body: string): Promise<SdkOutcome> {
  const fetch = async () => new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } })
  const sdk = new OpenAI({ apiKey: 'sk-test', baseURL: 'http://127.0.0.1:9/v1', fetch, maxRetries: 0 })
  try {
    return { ok: true, value: await OPERATIONS['chat.completions.stream'](sdk, REQUEST, {}) }
  } catch (error) {
    return { ok: false, error: { name: (error as Error).constructor.name, message: (error as Error).message } }
  }
}

describe.each(TOOL_CALL_FAULTS)('fault %s', (name) => {
  const fault = getFault(name)!

  it.each(fault.proves)('trips %s', async (id) => {
    const body = faultedBody(name)
    const sdk = id.startsWith('sdk.') ? await sdkHelperOutcome(body) : undefined
    const exchange = streamExchange(body, { request: REQUEST, ...(sdk ? { sdk } : {}) })
    const result = judge(id, exchange)
    expect(deviationStatus(getCheck(id)!.level)).toMatch(/fail|warn/)
    expect(verdict(result), messages(result).join('\n')).toBe('deviation')
  })
})

describe('the compliant tool-call stream', () => {
  it('trips none of those checks, and the SDK helper agrees with the wire', async () => {
    const body = sse(toolCallChunks(ARGS))
    const exchange = streamExchange(body, { request: REQUEST, sdk: await sdkHelperOutcome(body) })
    for (const id of new Set(TOOL_CALL_FAULTS.flatMap((name) => getFault(name)!.proves))) expect(messages(judge(id, exchange)), id).toEqual([])
  })
})
