/**
 * JSON Lines of `{request, response}`: one exchange a line, as logging middlewares and
 * scripts write them. A line may take the exchange's own shape (`request.url`,
 * `response.bodyText` / `bodyBase64`, optional `chunks`) or the recording format's
 * (`request.path`, `response.body_json` / `body_text` / `body_base64`); a `body` that is a
 * string is the text, any other value the JSON. Blank lines are skipped.
 */
import type {
  BodyChunk,
  CapturedResponse,
  Exchange,
  ResponseTiming,
  TransportError,
  TransportErrorKind,
} from '../core/exchange.ts'
import { type CapturedEntry, type CaptureSource, CaptureError, parseJson } from './capture-entry.ts'
import { decodedBytes, jsonOrNull, keptContent, withoutWireHeaders } from './content.ts'
import { isEventStream } from './media.ts'

/** The origin given to a line whose request names a path only. */
export const PATH_ONLY_ORIGIN = 'http://capture.invalid'

type Json = Record<string, unknown>

/** Whether a parsed value is one exchange: an object with a `request` and a `response` object. */
export function isExchangeLine(value: unknown): value is { request: Json; response: Json } {
  const line = value as { request?: unknown; response?: unknown } | null
  return isObject(line) && isObject(line.request) && isObject(line.response)
}

/** Every non-blank line as an exchange; a line that is not one throws `CaptureError` naming it. */
export function jsonLinesEntries(text: string, file: string): CapturedEntry[] {
  const entries: CapturedEntry[] = []
  text.split('\n').forEach((raw, i) => {
    const line = i + 1
    if (raw.trim() === '') return
    const parsed = parseJson(raw)
    if (!parsed.ok) throw new CaptureError(`line ${line} is not JSON (${parsed.error}); a truncated file?`)
    if (!isExchangeLine(parsed.value)) throw new CaptureError(`line ${line} is not a {request, response} object`)
    entries.push(exchangeLineEntry(parsed.value, { file, line }))
  })
  return entries
}

/** One line's exchange; throws `CaptureError` when it has no method, url or path, or no status. */
export function exchangeLineEntry(value: { request: Json; response: Json }, source: CaptureSource): CapturedEntry {
  const { request, response } = value
  const where = source.line === undefined ? '' : `line ${source.line} `
  const url =
    typeof request.url === 'string'
      ? request.url
      : typeof request.path === 'string'
        ? PATH_ONLY_ORIGIN + request.path
        : null
  if (typeof request.method !== 'string' || url === null)
    throw new CaptureError(`${where}has no request method and url (or path)`)
  if (typeof response.status !== 'number') throw new CaptureError(`${where}has no response status`)
  const exchange: Exchange = {
    request: {
      method: request.method.toUpperCase(),
      url,
      headers: lowerCased(request.headers),
      body: typeof request.body === 'string' ? jsonOrNull(request.body) : (request.body ?? null),
    },
    response: lineResponse(response),
  }
  const error = lineError((value as { error?: unknown }).error)
  return { exchange: error ? { ...exchange, error } : exchange, source }
}

function lineResponse(response: Json): CapturedResponse {
  const headers = lowerCased(response.headers)
  const contentType = headers['content-type']
  const base64 = firstString(response.bodyBase64, response.body_base64)
  const text = firstString(response.bodyText, response.body_text, response.body)
  const json =
    response.body_json ?? (isObject(response.body) || Array.isArray(response.body) ? response.body : undefined)
  const bytes =
    base64 !== undefined
      ? Buffer.from(base64, 'base64')
      : text !== undefined
        ? Buffer.from(text, 'utf8')
        : json !== undefined && json !== null
          ? Buffer.from(JSON.stringify(json), 'utf8')
          : Buffer.alloc(0)
  const kept = keptContent(decodedBytes(bytes, headers['content-encoding']), contentType)
  const chunks =
    validChunks(response.chunks) ??
    (isEventStream(contentType) && kept.bodyText !== null ? [{ t: 0, text: kept.bodyText }] : undefined)
  const timing = validTiming(response.timing)
  return {
    status: response.status as number,
    headers: withoutWireHeaders(headers),
    ...kept,
    ...(chunks ? { chunks } : {}),
    ...(timing ? { timing } : {}),
  }
}

function validTiming(value: unknown): ResponseTiming | undefined {
  if (!isObject(value) || typeof value.startedAt !== 'string' || typeof value.headersMs !== 'number') return undefined
  const ms = (field: unknown) => (typeof field === 'number' ? field : null)
  return {
    startedAt: value.startedAt,
    headersMs: value.headersMs,
    firstByteMs: ms(value.firstByteMs),
    lastByteMs: ms(value.lastByteMs),
  }
}

/** A line's transport error (`{kind, message}`, as the proxy records one), if it has one. */
function lineError(value: unknown): TransportError | undefined {
  if (!isObject(value) || typeof value.kind !== 'string' || typeof value.message !== 'string') return undefined
  return { kind: value.kind as TransportErrorKind, message: value.message }
}

function validChunks(value: unknown): BodyChunk[] | undefined {
  if (!Array.isArray(value)) return undefined
  const chunks = value.filter(
    (chunk): chunk is BodyChunk => isObject(chunk) && typeof chunk.t === 'number' && typeof chunk.text === 'string',
  )
  return chunks.length === value.length ? chunks.map(({ t, text }) => ({ t, text })) : undefined
}

function lowerCased(headers: unknown): Record<string, string> {
  if (!isObject(headers)) return {}
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]))
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string')
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
