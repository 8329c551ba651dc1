/**
 * The captured exchange: one HTTP request and what came back, as a plain serialisable
 * record. Checks are pure functions of it, so the same checks run over live traffic,
 * over recordings (`../shared/real-traffic/`) and, later, over HAR files.
 *
 * The shape follows the real-traffic recordings: `request` + `response`, headers
 * lower-cased, bodies kept as received. A live capture holds the secrets as sent; the checks
 * of a case see a redacted copy (src/transport/redact-exchange.ts), except those that judge
 * the credentials themselves (`Check.asSent`).
 */

export interface CapturedRequest {
  method: string
  /** Full URL as sent. */
  url: string
  /** Lower-cased header names. */
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
  /** Lower-cased header names. */
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
  /** Body bytes received off the wire (before decoding), kept or not; absent for recordings. */
  receivedBytes?: number
  /**
   * Set when less of the body is kept than arrived: an incomplete body keeps only its first
   * bytes (enough for the evidence and for judging what arrived). The bytes kept.
   */
  keptBytes?: number
  /** Set when the body is not valid UTF-8: the offset of the first byte of the first ill-formed sequence. */
  invalidUtf8At?: number
}

/** An attempt that was retried (429 / 5xx), kept as evidence. */
export interface RetriedAttempt {
  status: number
  /** The Retry-After header as received, if any. */
  retryAfter: string | null
  /** How long we waited before the next attempt, ms. */
  waitedMs: number
  /** A short excerpt of the body. */
  bodyExcerpt: string
}

/**
 * Why an exchange did not complete:
 * - `timeout`: no complete response within the timeout.
 * - `network`: no connection (refused, DNS, TLS), or a failure the transport cannot attribute.
 * - `reset`: the connection closed or was reset before the response was complete.
 * - `short-body`: the body ended before the bytes its `Content-Length` announced.
 * - `redirect-loop`: the redirects never ended.
 * - `protocol`: what came back is not HTTP.
 * - `too-large`: the body went on past the capture limit (a huge body, a stream that never ends).
 * - `aborted`: the SDK gave up on the request.
 * - `internal`: our own code failed on the exchange (a bug, or a response that broke it).
 */
export type TransportErrorKind =
  | 'timeout'
  | 'network'
  | 'reset'
  | 'short-body'
  | 'redirect-loop'
  | 'protocol'
  | 'too-large'
  | 'aborted'
  | 'internal'

export interface TransportError {
  kind: TransportErrorKind
  message: string
}

/**
 * Failures the endpoint caused and would cause again: they are findings (of
 * `http.response.complete`), not indecision. A timeout, an unreachable target, an abort or
 * our own crash says nothing certain about the endpoint.
 */
export const ENDPOINT_FAULT_KINDS: ReadonlySet<TransportErrorKind> = new Set([
  'reset',
  'short-body',
  'redirect-loop',
  'protocol',
  'too-large',
])

/** The exchange failed in a way the endpoint is to blame for (see ENDPOINT_FAULT_KINDS). */
export function isEndpointFault(exchange: Exchange): boolean {
  return exchange.error !== undefined && ENDPOINT_FAULT_KINDS.has(exchange.error.kind)
}

/** The check that judges whether each response of a case arrived whole; every case is judged by it. */
export const RESPONSE_COMPLETE_CHECK = 'http.response.complete'

/** What the official SDK made of the exchange: the parsed result or the error it raised. */
export type SdkOutcome =
  | { ok: true; value: unknown }
  | { ok: false; error: { name: string; status?: number; message: string } }

export interface Exchange {
  request: CapturedRequest
  /** Null when no response arrived (see error). */
  response: CapturedResponse | null
  /** Set when the exchange did not complete: timeout, reset, body too large… (see TransportErrorKind). */
  error?: TransportError
  /** Attempts before the final one that were retried (429 / 5xx). */
  retries?: RetriedAttempt[]
  /** Absent for recordings: checks that need the SDK's view skip then. */
  sdk?: SdkOutcome
}
