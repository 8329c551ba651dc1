/**
 * Reading a captured response the way checks need it. Memoised per exchange, because
 * many checks read the same body.
 */
import type { Exchange } from '../../core/exchange.ts'

export type JsonBody = { ok: true; value: unknown } | { ok: false; reason: string }

/**
 * A reading of an exchange computed once per exchange: many checks read the same body, and
 * exchanges are immutable once captured.
 */
export function perExchange<T>(read: (exchange: Exchange) => T): (exchange: Exchange) => T {
  const cache = new WeakMap<Exchange, T>()
  return (exchange) => {
    if (!cache.has(exchange)) cache.set(exchange, read(exchange))
    return cache.get(exchange) as T
  }
}

/** The response body parsed as JSON, or why it could not be. */
export const jsonBody: (exchange: Exchange) => JsonBody = perExchange(parseJsonBody)

function parseJsonBody(exchange: Exchange): JsonBody {
  const text = exchange.response?.bodyText
  if (text === null || text === undefined) return { ok: false, reason: 'the response has no text body' }
  if (text.trim() === '') return { ok: false, reason: 'the response body is empty' }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return { ok: false, reason: `the body is not JSON (${(error as Error).message})` }
  }
}

/** The media type of the response, lower-cased, without parameters (`application/json`). */
export function mediaType(exchange: Exchange): string | null {
  const header = exchange.response?.headers['content-type']
  if (!header) return null
  return header.split(';')[0]!.trim().toLowerCase()
}

export function isSuccess(exchange: Exchange): boolean {
  const status = exchange.response?.status
  return status !== undefined && status >= 200 && status < 300
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Short, JSON-ish rendering of a value for messages. */
export function show(value: unknown, max = 120): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value)
  return text.length > max ? `${text.slice(0, max)}…` : text
}
