/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) as exchanges: what browser
 * devtools ("Save all as HAR"), Playwright's `recordHar`, mitmproxy's HAR export, Charles
 * and Proxyman write.
 *
 * What HAR loses, and how it is read:
 * - A body is one `content.text`, base64 when `content.encoding` says so, usually stored
 *   decoded though `Content-Encoding` is kept (a body that still is compressed is decoded).
 *   An event stream is that one text: chunk timing is lost (one chunk, at the first byte).
 * - Chrome's devtools keep an EventSource stream's events in `_eventSourceMessages`: the
 *   stream is rebuilt from them, one chunk per event at its time (the wire's exact bytes
 *   are lost: line endings, comments, field spacing).
 * - Some tools store no body for a streamed (or large) response: the entry says so
 *   (`bodyNotCaptured`), so that what needs the body is not judged.
 * - Status 0 is a request that got no response (failed, cancelled, blocked).
 */
import type { BodyChunk, CapturedResponse, Exchange, ResponseTiming } from '../core/exchange.ts'
import { type CapturedEntry, CaptureError } from './capture-entry.ts'
import { decodedBytes, jsonOrNull, keptContent, withoutWireHeaders } from './content.ts'
import { isEventStream } from './media.ts'

/** The parts of HAR 1.2 read here (the spec's names; everything else an entry carries is ignored). */
export interface Har {
  log: { entries: Entry[] }
}

interface Header {
  name: string
  value: string
}

interface Content {
  size: number
  mimeType?: string
  text?: string
  /** `base64` when `text` is the body's bytes in base64. */
  encoding?: string
}

/** HAR phases in ms; -1 (or absent) is a phase that did not happen. */
interface Timings {
  blocked?: number
  dns?: number
  connect?: number
  send?: number
  wait?: number
  receive?: number
}

export interface Entry {
  startedDateTime: string
  /** Total ms of the exchange. */
  time?: number
  request: { method: string; url: string; headers?: Header[]; postData?: { mimeType?: string; text?: string } }
  response: { status: number; headers?: Header[]; content?: Content; bodySize?: number }
  timings?: Timings
}

/** Whether a parsed JSON value is a HAR log (an object with `log.entries`, a list). */
export function isHar(value: unknown): value is Har {
  const log = (value as { log?: { entries?: unknown } } | null)?.log
  return typeof log === 'object' && log !== null && Array.isArray(log.entries)
}

/** One event of an EventSource stream as Chrome's devtools keep it. */
interface EventSourceMessage {
  /** Seconds since the epoch. */
  time?: number
  eventName?: string
  eventId?: string
  data?: string
}

/** An entry with the fields tools add beside HAR 1.2's. */
type ToolEntry = Entry & { _eventSourceMessages?: EventSourceMessage[]; _error?: string }

/** The log's entries as exchanges, in order; an entry without a request or a response status throws `CaptureError`. */
export function harEntries(har: Har, file: string): CapturedEntry[] {
  return har.log.entries.map((entry, index) => {
    const problem = entryProblem(entry)
    if (problem) throw new CaptureError(`log.entries[${index}] ${problem}`)
    return { ...harEntryToExchange(entry as ToolEntry), source: { file, entry: index } }
  })
}

function entryProblem(entry: unknown): string | null {
  const { request, response } = (entry ?? {}) as Partial<Entry>
  if (typeof request?.method !== 'string' || typeof request.url !== 'string') return 'has no request method and url'
  if (typeof response?.status !== 'number') return 'has no response status'
  if (request.headers !== undefined && !Array.isArray(request.headers)) return 'has request headers that are not a list'
  if (response.headers !== undefined && !Array.isArray(response.headers))
    return 'has response headers that are not a list'
  return null
}

/** One entry as an exchange, and whether its body was lost. */
export function harEntryToExchange(entry: ToolEntry): Omit<CapturedEntry, 'source'> {
  const requestHeaders = headerRecord(entry.request.headers)
  const exchange: Exchange = {
    request: {
      method: entry.request.method.toUpperCase(),
      url: entry.request.url,
      headers: requestHeaders,
      body: jsonOrNull(entry.request.postData?.text),
    },
    response: null,
  }
  if (entry.response.status === 0) {
    const why = entry._error ? `: ${entry._error}` : ''
    exchange.error = { kind: 'network', message: `the capture holds no response (status 0${why})` }
    return { exchange }
  }
  const { response, bodyNotCaptured } = harResponse(entry)
  exchange.response = response
  return bodyNotCaptured ? { exchange, bodyNotCaptured } : { exchange }
}

function harResponse(entry: ToolEntry): { response: CapturedResponse; bodyNotCaptured: boolean } {
  const headers = headerRecord(entry.response.headers)
  const content: Partial<Content> =
    typeof entry.response.content === 'object' && entry.response.content !== null ? entry.response.content : {}
  const contentType = headers['content-type'] ?? content.mimeType
  const timing = harTiming(entry)
  const base = { status: entry.response.status, timing }
  const messages = entry._eventSourceMessages
  if (typeof content.text === 'string') {
    const stored = Buffer.from(content.text, content.encoding === 'base64' ? 'base64' : 'utf8')
    const kept = keptContent(decodedBytes(stored, headers['content-encoding']), contentType)
    const chunks: BodyChunk[] | undefined =
      kept.bodyText !== null && isEventStream(contentType) ? [{ t: timing.headersMs, text: kept.bodyText }] : undefined
    return {
      response: { ...base, headers: withoutWireHeaders(headers), ...kept, ...(chunks ? { chunks } : {}) },
      bodyNotCaptured: false,
    }
  }
  if (Array.isArray(messages) && messages.length > 0) {
    const chunks = eventStreamChunks(messages, entry.startedDateTime, timing.headersMs)
    const bodyText = chunks.map((chunk) => chunk.text).join('')
    return {
      response: { ...base, headers: withoutWireHeaders(headers), bodyText, bodyBase64: null, chunks },
      bodyNotCaptured: false,
    }
  }
  // No text: an empty body, or one the tool did not keep.
  const hadBody = (content.size ?? 0) > 0 || (entry.response.bodySize ?? 0) > 0 || isEventStream(contentType)
  return {
    response: { ...base, headers, bodyText: hadBody ? null : '', bodyBase64: null },
    bodyNotCaptured: hadBody,
  }
}

/** The stream rebuilt from its events, one chunk per event at its time (ms since the request). */
function eventStreamChunks(messages: EventSourceMessage[], startedDateTime: string, fallbackMs: number): BodyChunk[] {
  const started = Date.parse(startedDateTime)
  return messages.map((message) => {
    const lines = [
      ...(message.eventName && message.eventName !== 'message' ? [`event: ${message.eventName}`] : []),
      ...(message.eventId ? [`id: ${message.eventId}`] : []),
      ...String(message.data ?? '')
        .split('\n')
        .map((line) => `data: ${line}`),
    ]
    const at = typeof message.time === 'number' && Number.isFinite(started) ? message.time * 1000 - started : fallbackMs
    return { t: Math.max(0, Math.round(at)), text: `${lines.join('\n')}\n\n` }
  })
}

/** HAR's phases to the response headers (blocked, dns, connect with ssl, send, wait; -1 is "did not happen"). */
function harTiming(entry: Entry): ResponseTiming {
  const timings: Timings = entry.timings ?? {}
  const phase = (ms: number | undefined) => (typeof ms === 'number' && ms > 0 ? ms : 0)
  const headersMs = Math.round(
    phase(timings.blocked) + phase(timings.dns) + phase(timings.connect) + phase(timings.send) + phase(timings.wait),
  )
  const total = typeof entry.time === 'number' && entry.time >= 0 ? Math.round(entry.time) : null
  return { startedAt: entry.startedDateTime, headersMs, firstByteMs: headersMs, lastByteMs: total }
}

/** Lower-cased names, repeated headers joined with ", ", HTTP/2 pseudo-headers (`:authority`) left out. */
function headerRecord(headers: readonly Header[] | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const { name, value } of headers ?? []) {
    if (typeof name !== 'string' || name.startsWith(':')) continue
    const key = name.toLowerCase()
    out[key] = out[key] === undefined ? String(value) : `${out[key]}, ${String(value)}`
  }
  return out
}
