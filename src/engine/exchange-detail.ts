/**
 * What a report keeps of an exchange beyond its timing, so a reader sees every case's
 * request and response, not only the evidence of its failing checks: the request body, the
 * response's content type and the start of its body, and for an event stream the first
 * events with their arrival times. Everything is bounded, whatever the endpoint sent.
 */
import type { Exchange } from '../core/exchange.ts'
import type { ExchangeSummary, TimelineEvent } from '../core/types.ts'
import { SseReader } from '../formats/sse/index.ts'
import { boundedValue, clip, excerpt } from './evaluate.ts'

/** Events kept in an exchange's timeline (the summary's `events` counts them all). */
export const TIMELINE_EVENTS = 200
/** Characters of one event's data kept in the timeline. */
export const TIMELINE_DATA_CHARS = 500

type ExchangeDetail = Pick<
  ExchangeSummary,
  'requestBody' | 'contentType' | 'responseExcerpt' | 'timeline' | 'transportError'
>

/** The request body, and the response's start or (for a stream that dispatched events) its timeline, bounded. */
export function exchangeDetail(exchange: Exchange): ExchangeDetail {
  const { request, response, error } = exchange
  const detail: ExchangeDetail = {}
  if (request.body !== null && request.body !== undefined) detail.requestBody = boundedValue(request.body)
  if (response) {
    detail.contentType = response.headers['content-type'] ?? null
    const events = isEventStream(exchange) ? timeline(exchange) : []
    // A stream is its timeline; the raw text only when no event came out of it.
    if (events.length > 0) detail.timeline = events
    else
      detail.responseExcerpt =
        excerpt(response.bodyText) ??
        (response.bodyBase64 !== null ? `binary, ${binaryLength(response.bodyBase64)} bytes` : '')
  }
  if (error) detail.transportError = `${error.kind}: ${error.message}`
  return detail
}

/** Read as a stream when it says it is one, or when the request asked for one (a stream sent as text/plain). */
function isEventStream(exchange: Exchange): boolean {
  const type = exchange.response?.headers['content-type']?.split(';')[0]?.trim().toLowerCase()
  const body = exchange.request.body as { stream?: unknown } | null
  return type === 'text/event-stream' || (typeof body === 'object' && body?.stream === true)
}

/** The first TIMELINE_EVENTS events as the strict reader dispatches them; it stops reading there. */
function timeline(exchange: Exchange): TimelineEvent[] {
  const response = exchange.response!
  const chunks = response.chunks ?? (response.bodyText === null ? [] : [{ t: null, text: response.bodyText }])
  const reader = new SseReader()
  for (const chunk of chunks) {
    reader.push(chunk)
    if (reader.events.length >= TIMELINE_EVENTS) break
  }
  const events = reader.events.length >= TIMELINE_EVENTS ? reader.events : reader.finish().events
  return events.slice(0, TIMELINE_EVENTS).map((event) => ({
    t: event.t,
    event: event.event,
    data: clip(event.data, TIMELINE_DATA_CHARS),
  }))
}

/** Bytes a base64 text decodes to. */
function binaryLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0
  return Math.floor((base64.length * 3) / 4) - padding
}
