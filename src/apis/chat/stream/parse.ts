/**
 * A streamed chat completion as the streaming checks read it: the events of OUR strict SSE
 * reader (never the SDK's view), the chunk payloads, the `[DONE]` sentinel, whatever does
 * not belong in the chunk stream, and per choice the message its deltas assemble to.
 *
 * Memoised per exchange, since some thirty checks read the same stream.
 */
import type { Exchange } from '../../../core/exchange.ts'
import { isDone, parseSse, type SseEvent, type SseParseResult } from '../../../formats/sse/index.ts'
import { isPlainObject, parseJson, perExchange } from '../../shared/body.ts'
import { assembleChoices, type ChoiceAssembly } from './assemble.ts'
import { deliveries, type Delivery } from './deliveries.ts'

/** One chunk payload: a JSON object shaped like a `chat.completion.chunk`. */
export interface StreamChunk {
  /** 0-based position among the chunks. */
  position: number
  /** The SSE event that carried it (index, arrival time, raw text). */
  event: SseEvent
  value: Record<string, unknown>
}

export interface ParsedStream {
  sse: SseParseResult
  /** Every dispatched event, `[DONE]` included. */
  events: readonly SseEvent[]
  /** Chunk payloads before the first `[DONE]` (all of them when there is none): what a client reads. */
  chunks: StreamChunk[]
  /** The first `[DONE]` event, if any (`index` is its event index). */
  done: { seen: boolean; index: number | null }
  /** Events after the first `[DONE]`. */
  afterDone: SseEvent[]
  /** Payloads before `[DONE]` that are not JSON, JSON this tool refused to parse (see JSON_LIMITS), or JSON but not an object. */
  notObjects: { event: SseEvent; reason: string }[]
  /**
   * JSON objects before `[DONE]` that are not chunks: a bare `{"cost": …}`, and in-band errors
   * (an `event: error` event, or a payload with a non-null `error` member, even chunk-shaped).
   */
  foreign: { event: SseEvent; value: Record<string, unknown> }[]
  /** Text after the last complete event (see SseParseResult.trailing). */
  trailing: string
  /** Data of an event the stream never finished (dropped by spec-following readers), or null. */
  trailingData: string | null
  /** Per choice, in index order. */
  choices: ChoiceAssembly[]
  /**
   * How the body arrived, in deliveries (see Delivery), or null when the capture has no
   * per-read arrival times (recordings).
   */
  deliveries: Delivery[] | null
}

/** The exchange's body read as an event stream (memoised). */
export const parseStream: (exchange: Exchange) => ParsedStream = perExchange(readStream)

function readStream(exchange: Exchange): ParsedStream {
  const response = exchange.response
  const source = response?.chunks ?? response?.bodyText ?? ''
  const sse = parseSse(source)
  const doneIndex = sse.events.findIndex(isDone)
  const before = doneIndex === -1 ? sse.events : sse.events.slice(0, doneIndex)
  const chunks: StreamChunk[] = []
  const notObjects: ParsedStream['notObjects'] = []
  const foreign: ParsedStream['foreign'] = []
  for (const event of before) {
    const payload = parsePayload(event.data)
    if (!payload.ok) notObjects.push({ event, reason: payload.reason })
    else if (isErrorEvent(event) || !isChunkLike(payload.value)) foreign.push({ event, value: payload.value })
    else chunks.push({ position: chunks.length, event, value: payload.value })
  }
  return {
    sse,
    events: sse.events,
    chunks,
    done: { seen: doneIndex !== -1, index: doneIndex === -1 ? null : doneIndex },
    afterDone: doneIndex === -1 ? [] : sse.events.slice(doneIndex + 1),
    notObjects,
    foreign,
    trailing: sse.trailing,
    trailingData: sse.trailingData,
    choices: assembleChoices(chunks.map((chunk) => chunk.value)),
    deliveries: response?.chunks ? deliveries(response.chunks) : null,
  }
}

/**
 * The stream's in-band errors: `event: error` events and payloads with a non-null `error`
 * member (both foreign: neither is a chunk).
 */
export function inBandErrors(stream: ParsedStream): ParsedStream['foreign'] {
  return stream.foreign.filter(({ event, value }) => isErrorEvent(event) || isErrorPayload(value))
}

function isErrorPayload(value: Record<string, unknown>): boolean {
  return value.error !== undefined && value.error !== null
}

/** `event: error`: an in-band error whatever its payload (the SDK raises APIError on it). */
function isErrorEvent(event: SseEvent): boolean {
  return event.event === 'error'
}

function parsePayload(data: string): { ok: true; value: Record<string, unknown> } | { ok: false; reason: string } {
  const parsed = parseJson(data)
  if (!parsed.ok)
    return {
      ok: false,
      reason:
        parsed.cause === 'too-costly'
          ? `JSON this tool refused to parse (${parsed.reason})`
          : `not JSON (${parsed.reason})`,
    }
  const value = parsed.value
  return isPlainObject(value)
    ? { ok: true, value }
    : { ok: false, reason: `JSON but not an object (${Array.isArray(value) ? 'an array' : typeof value})` }
}

/**
 * A payload counts as a chunk when it says so (`object: "chat.completion.chunk"`) or has
 * a chunk's two identifying members, `id` and a `choices` list. A chunk with a wrong
 * `object` is thus still judged as a chunk (by `stream.chunk.object`); a payload with
 * neither (`{"cost": "0"}`, `{"choices": [], "cost": "0"}`) is foreign. So is any payload
 * with a non-null `error` member, however chunk-shaped (OpenRouter's mid-stream errors are
 * `{"id", "object": "chat.completion.chunk", "choices", "error": {…}}`): it is an in-band
 * error, and the SDK raises on it instead of yielding a chunk.
 */
export function isChunkLike(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false
  if (isErrorPayload(value)) return false
  return value.object === 'chat.completion.chunk' || ('id' in value && Array.isArray(value.choices))
}
