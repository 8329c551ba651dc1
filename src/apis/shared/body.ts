/**
 * Reading a captured response the way checks need it. Memoised per exchange, because
 * many checks read the same body.
 */
import { RESPONSE_COMPLETE_CHECK, type Exchange } from '../../core/exchange.ts'

/**
 * Why a body was not read as JSON: `no-text` (binary, or no response), `empty`,
 * `incomplete` (it did not arrive whole), `not-utf8`, `too-costly` (JSON this tool refused to
 * parse: nested deeper or with longer strings than JSON_LIMITS allow), `syntax` (not JSON).
 */
export type UnreadJson = 'no-text' | 'empty' | 'incomplete' | 'not-utf8' | 'too-costly' | 'syntax'

export type JsonBody = { ok: true; value: unknown } | { ok: false; reason: string; cause: UnreadJson }

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

/**
 * What parsing may cost: JSON nested deeper, or with a longer string, is not parsed (RFC 8259
 * §9 lets a parser set both limits). Real responses nest a few levels and hold strings of at
 * most a few MiB (a base64 image); a hostile one must not overflow the stack of whatever
 * walks the value afterwards, or fill the memory.
 */
export const JSON_LIMITS = { depth: 256, stringChars: 16 * 1024 * 1024 } as const

/** Why the response body did not arrive whole (a reset, a timeout, a body past the limit), or null. */
export function incompleteReason(exchange: Exchange): string | null {
  const error = exchange.error
  if (!error || !exchange.response) return null
  return `the response did not arrive whole (${error.kind}: ${error.message})`
}

function parseJsonBody(exchange: Exchange): JsonBody {
  const incomplete = incompleteReason(exchange)
  if (incomplete) return { ok: false, cause: 'incomplete', reason: `${incomplete}; see ${RESPONSE_COMPLETE_CHECK}` }
  const response = exchange.response
  const text = response?.bodyText
  if (text === null || text === undefined)
    return { ok: false, cause: 'no-text', reason: 'the response has no text body' }
  if (response?.invalidUtf8At !== undefined)
    return {
      ok: false,
      cause: 'not-utf8',
      reason: `the body is not valid UTF-8 (at byte ${response.invalidUtf8At}); JSON exchanged between systems MUST be UTF-8 (RFC 8259 §8.1)`,
    }
  if (text.trim() === '') return { ok: false, cause: 'empty', reason: 'the response body is empty' }
  const parsed = parseJson(text)
  if (parsed.ok) return parsed
  return parsed.cause === 'too-costly'
    ? { ...parsed, reason: `the body is JSON this tool refused to parse: ${parsed.reason}` }
    : { ...parsed, reason: `the body is not JSON (${parsed.reason})` }
}

/** What `parseJson` makes of a text: the value, or why there is none (the reason without a subject). */
export type ParsedJson = { ok: true; value: unknown } | { ok: false; reason: string; cause: 'too-costly' | 'syntax' }

/**
 * A JSON text parsed within JSON_LIMITS: one that could nest or hold a long string (it opens
 * with `{`, `[` or `"`) is measured first and refused when it costs more (`too-costly`: JSON
 * this tool does not parse, which is not the same as not JSON); anything else goes straight
 * to the parser, which rejects what is not JSON at its first character (`syntax`).
 */
export function parseJson(text: string): ParsedJson {
  if (mayNest(text)) {
    const tooCostly = jsonCost(text)
    if (tooCostly) return { ok: false, cause: 'too-costly', reason: tooCostly }
  }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return { ok: false, cause: 'syntax', reason: (error as Error).message }
  }
}

/** The body is JSON: parsed, or refused as too costly to parse (never mistaken for a body that is not JSON). */
export function isJson(body: JsonBody): boolean {
  return body.ok || body.cause === 'too-costly'
}

/** Whether a text opens (after JSON whitespace) with `{`, `[` or `"`: the only JSON values that nest or hold strings. */
function mayNest(text: string): boolean {
  const first = text.match(/^[ \t\n\r]*(.)/s)?.[1]
  return first === '{' || first === '[' || first === '"'
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const OPEN_BRACKET = 0x5b
const CLOSE_BRACE = 0x7d
const CLOSE_BRACKET = 0x5d

/**
 * Why parsing `text` would cost more than JSON_LIMITS allow, or null: one pass over the
 * text that follows strings and escapes and builds nothing.
 */
export function jsonCost(text: string, limits: { depth: number; stringChars: number } = JSON_LIMITS): string | null {
  let depth = 0
  let deepest = 0
  let longest = 0
  let stringStart = -1
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (stringStart !== -1) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) {
        longest = Math.max(longest, i - stringStart)
        stringStart = -1
      }
    } else if (c === QUOTE) stringStart = i + 1
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) deepest = Math.max(deepest, ++depth)
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--
  }
  if (stringStart !== -1) longest = Math.max(longest, text.length - stringStart)
  const allowed = '(RFC 8259 §9 lets a parser limit it)'
  if (deepest > limits.depth)
    return `it nests ${deepest} levels deep, more than the ${limits.depth} this tool parses ${allowed}`
  if (longest > limits.stringChars)
    return `it holds a string of ${longest} characters, more than the ${limits.stringChars} this tool parses ${allowed}`
  return null
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

/** Whether the response is labelled an event stream (`text/event-stream`). */
export function isEventStream(exchange: Exchange): boolean {
  return mediaType(exchange) === 'text/event-stream'
}
