/**
 * When to retry an attempt and how long to wait first. Pure functions, so the policy is
 * tested without servers or clocks.
 */

/** Only rate limits and server errors are retried: anything else is the endpoint's answer. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599)
}

/**
 * Parses a `Retry-After` value (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
 * Returns milliseconds from `now` (never negative), or null when the value is neither.
 * Fractional seconds are accepted: servers send them, and reading them is harmless.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000
  // Date.parse also accepts loose forms ("2024"); require something date-like with a letter.
  if (!/[a-z]/i.test(trimmed)) return null
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return null
  return Math.max(0, date - now)
}

/**
 * `retry-after-ms` (milliseconds) is not standard but OpenAI and Azure send it, and the
 * official SDK prefers it; so do we.
 */
export function parseRetryAfterMs(value: string | null): number | null {
  if (value === null) return null
  const trimmed = value.trim()
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null
  return Number(trimmed)
}

export interface RetryDelayInput {
  /** 0 for the wait after the first attempt. */
  retryIndex: number
  retryAfter: string | null
  retryAfterMs: string | null
  baseDelayMs: number
  maxDelayMs: number
  now?: number
}

/** The wait before the next attempt: the server's hint if it gave one, else exponential backoff; capped. */
export function retryDelayMs(input: RetryDelayInput): number {
  const hinted = parseRetryAfterMs(input.retryAfterMs) ?? parseRetryAfter(input.retryAfter, input.now)
  const delay = hinted ?? input.baseDelayMs * 2 ** input.retryIndex
  return Math.min(Math.max(0, delay), input.maxDelayMs)
}
