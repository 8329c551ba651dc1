/**
 * The errors the transport hands to the SDK when it cuts an exchange short, and the
 * descriptions it records for failures.
 *
 * When the transport stops an attempt it aborts the underlying fetch with one of these as
 * the reason; fetch propagates that reason to the response body, so the SDK sees it on
 * the body it is reading. Using the SDK's own error classes makes the SDK report what it
 * would report had its own timer fired (`APIConnectionTimeoutError`), rather than a bare
 * `AbortError`, which the SDK's stream reader silently treats as a clean end of stream.
 */
import { APIConnectionError, APIConnectionTimeoutError } from 'openai'
import type { TransportErrorKind } from '../core/exchange.ts'

export function timeoutReason(timeoutMs: number): Error {
  // "timed out" in the message: the SDK classifies fetch rejections by that phrase.
  return new APIConnectionTimeoutError({
    message: `Request timed out: no complete response within ${timeoutMs} ms`,
  })
}

export function tooLargeReason(maxBodyBytes: number): Error {
  return new APIConnectionError({
    message: `Response body exceeded ${maxBodyBytes} bytes; the capture stopped reading`,
  })
}

/** A one-line description of a fetch failure, with the cause undici hides behind "fetch failed". */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const parts = [error.message || error.name]
  let cause: unknown = error.cause
  for (let depth = 0; cause && depth < 3; depth++) {
    if (cause instanceof Error) {
      const code = (cause as { code?: unknown }).code
      parts.push(
        typeof code === 'string' && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message,
      )
      cause = cause.cause
    } else {
      parts.push(String(cause))
      cause = undefined
    }
  }
  return parts.filter(Boolean).join(': ')
}

/** The name the report shows for an error: the SDK's class name, else the error's name. */
export function errorName(error: unknown): string {
  if (!(error instanceof Error)) return typeof error
  const ctor = error.constructor?.name
  // The SDK's classes do not set `name` (it stays "Error"); their constructor names are the API.
  if (ctor && ctor !== 'Error' && ctor !== 'DOMException') return ctor
  return error.name
}

/** Error codes of a connection that could not be made: the target is unreachable, nothing was answered. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
])

/** Error codes of a connection that closed, or was reset, before the response was complete. */
const CLOSED_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED', 'ECONNABORTED'])

/** Each error in the cause chain (the error first), with its code. */
function causeChain(error: unknown): { error: unknown; code: string | undefined; message: string }[] {
  const chain: { error: unknown; code: string | undefined; message: string }[] = []
  let current: unknown = error
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code
    chain.push({
      error: current,
      code: typeof code === 'string' ? code : undefined,
      message: current instanceof Error ? current.message : String(current),
    })
    current = current instanceof Error ? current.cause : undefined
  }
  return chain
}

/**
 * What a fetch failure (before the response, or while reading its body) says about the
 * endpoint, from undici's error and its causes. TLS and certificate failures count as
 * unreachable: the connection was never made.
 */
export function classifyFetchError(error: unknown): TransportErrorKind {
  const chain = causeChain(error)
  const has = (test: (link: (typeof chain)[number]) => boolean) => chain.some(test)
  if (has((l) => l.code !== undefined && UNREACHABLE_CODES.has(l.code))) return 'network'
  if (has((l) => /certificate|self[- ]signed|SSL|TLS/i.test(`${l.code ?? ''} ${l.message}`))) return 'network'
  if (has((l) => /redirect count exceeded/i.test(l.message))) return 'redirect-loop'
  if (has((l) => l.code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH')) return 'short-body'
  if (has((l) => (l.error as Error)?.name === 'HTTPParserError' || /^HPE_/.test(l.code ?? ''))) return 'protocol'
  if (has((l) => l.code !== undefined && CLOSED_CODES.has(l.code))) return 'reset'
  if (has((l) => /other side closed|socket hang up|terminated/i.test(l.message))) return 'reset'
  return 'network'
}
