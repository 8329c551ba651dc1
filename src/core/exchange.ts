/**
 * The captured exchange: one HTTP request and what came back, as a plain serialisable
 * record. Checks are pure functions of it, so the same checks run over live traffic,
 * over recordings (`../shared/real-traffic/`) and, later, over HAR files.
 *
 * The shape follows the real-traffic recordings: `request` + `response`, headers
 * lower-cased, bodies kept as received.
 */

export interface CapturedRequest {
  method: string
  /** Full URL as sent. */
  url: string
  /** Lower-cased header names; secrets already redacted. */
  headers: Record<string, string>
  /** The JSON body as sent, or null (GET, or a body that is not JSON). */
  body: unknown
}

/** One piece of the response body as it arrived off the socket. */
export interface BodyChunk {
  /** Milliseconds since the request was sent. */
  t: number
  /** The chunk's text (UTF-8 decoded in streaming mode, so a character split across chunks lands in the later one). */
  text: string
}

export interface ResponseTiming {
  /** ISO time the (final) request was sent. */
  startedAt: string
  /** Milliseconds from sending to the response headers. */
  headersMs: number
  /** Milliseconds to the first body byte, or null for an empty body. */
  firstByteMs: number | null
  /** Milliseconds to the end of the body (or to when capture stopped). */
  lastByteMs: number | null
}

export interface CapturedResponse {
  status: number
  /** Lower-cased header names; secrets already redacted. */
  headers: Record<string, string>
  /** The whole body as UTF-8 text, or null when the body is binary (see bodyBase64). */
  bodyText: string | null
  /** Binary bodies (audio, images), base64; null otherwise. */
  bodyBase64: string | null
  /** Body chunks with arrival times; present for live captures, absent for recordings without timing. */
  chunks?: BodyChunk[]
  timing?: ResponseTiming
  /** True when the body was cut at the capture limit. */
  truncated?: boolean
}

/** An attempt that was retried (429 / 5xx), kept as evidence. */
export interface RetriedAttempt {
  status: number
  /** The Retry-After header as received, if any. */
  retryAfter: string | null
  /** How long we waited before the next attempt, ms. */
  waitedMs: number
  /** A short excerpt of the body, redacted. */
  bodyExcerpt: string
}

export type TransportErrorKind = 'timeout' | 'network' | 'too-large' | 'aborted'

export interface TransportError {
  kind: TransportErrorKind
  message: string
}

/** What the official SDK made of the exchange: the parsed result or the error it raised. */
export type SdkOutcome =
  | { ok: true; value: unknown }
  | { ok: false; error: { name: string; status?: number; message: string } }

export interface Exchange {
  request: CapturedRequest
  /** Null when no response arrived (see error). */
  response: CapturedResponse | null
  /** Set when the transport failed: timeout, reset, body too large. */
  error?: TransportError
  /** Attempts before the final one that were retried (429 / 5xx). */
  retries?: RetriedAttempt[]
  /** Absent for recordings: checks that need the SDK's view skip then. */
  sdk?: SdkOutcome
}
