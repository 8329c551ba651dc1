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
