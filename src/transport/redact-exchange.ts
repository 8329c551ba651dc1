/**
 * What a case may show of its exchanges. The transport captures exchanges as they went over
 * the wire, so the checks judge what the endpoint really did (one of them: whether it echoed
 * the presented key back). Whatever leaves the case (evidence, messages, findings) is made
 * from the exchanges this module redacts: every secret removed, whole or in pieces, in every
 * form it takes (see ./redact.ts and ./reassembly.ts).
 */
import type { CapturedResponse, Exchange } from '../core/exchange.ts'
import { piecesRanges, reassembledInStream, type Range } from './reassembly.ts'
import { applyRanges, createRedactor, MIN_SECRET_LENGTH, mergeRanges, type Redactor } from './redact.ts'

/** A case's exchanges, redacted, and the redaction to apply to whatever is made of them. */
export interface CaseRedaction<T> {
  /** The exchanges with every secret replaced, including the pieces of one spread over events or headers. */
  shown: T
  /**
   * The redactor, knowing also the pieces of secrets these exchanges carry (those of
   * MIN_SECRET_LENGTH or more): for messages and findings made of the raw exchanges.
   */
  redactor: Redactor
}

/** What the exchanges may show, and the redactor for what was made of them. */
export function redactExchanges<T extends Record<string, Exchange>>(
  redactor: Redactor,
  exchanges: T,
): CaseRedaction<T> {
  if (redactor.secrets.length === 0) return { shown: exchanges, redactor }
  const found = new Map<Exchange, Found>()
  const fragments: string[] = []
  for (const exchange of Object.values(exchanges)) {
    const pieces = reassembledPieces(exchange, redactor.secrets)
    found.set(exchange, pieces)
    fragments.push(...pieces.fragments)
  }
  const long = fragments.filter((fragment) => fragment.length >= MIN_SECRET_LENGTH)
  const scoped = long.length > 0 ? createRedactor([...redactor.secrets, ...long]) : redactor
  const shown = Object.fromEntries(
    Object.entries(exchanges).map(([name, exchange]) => [name, shownExchange(exchange, scoped, found.get(exchange)!)]),
  ) as T
  return { shown, redactor: scoped }
}

/** The pieces of secrets an exchange carries spread over events or header values. */
interface Found {
  /** Ranges of the response's body text. */
  body: Range[]
  /** Per response header name, ranges of its value. */
  headers: Map<string, Range[]>
  fragments: string[]
}

function reassembledPieces(exchange: Exchange, secrets: readonly string[]): Found {
  const response = exchange.response
  const found: Found = { body: [], headers: new Map(), fragments: [] }
  if (!response) return found
  if (response.bodyText !== null && looksLikeEventStream(response)) {
    const stream = reassembledInStream(response.bodyText, secrets)
    found.body = stream.ranges
    found.fragments.push(...stream.fragments)
  }
  // Header values in order, repeated ones split at ", ": one group, as a reader of the headers sees them.
  const items: { name: string; from: number; value: string }[] = []
  for (const [name, value] of Object.entries(response.headers)) {
    let from = 0
    for (const item of value.split(', ')) {
      items.push({ name, from, value: item })
      from += item.length + 2
    }
  }
  piecesRanges(
    items.map((item) => item.value),
    secrets,
  ).forEach((ranges, i) => {
    const item = items[i]!
    for (const [start, end] of ranges) {
      const list = found.headers.get(item.name) ?? []
      list.push([item.from + start, item.from + end])
      found.headers.set(item.name, list)
      found.fragments.push(item.value.slice(start, end))
    }
  })
  return found
}

function looksLikeEventStream(response: CapturedResponse): boolean {
  if (response.headers['content-type']?.toLowerCase().includes('event-stream')) return true
  return /^\s*(data|event|id|retry)?:/.test(response.bodyText?.slice(0, 64) ?? '')
}

function shownExchange(exchange: Exchange, redactor: Redactor, found: Found): Exchange {
  const { request, response, error, retries, sdk } = exchange
  return {
    request: {
      method: request.method,
      url: redactor.text(request.url),
      headers: redactor.headers(request.headers),
      body: redactor.deep(request.body),
    },
    response: response ? shownResponse(response, redactor, found, isCut(exchange)) : null,
    ...(error ? { error: { kind: error.kind, message: redactor.text(error.message) } } : {}),
    ...(retries
      ? {
          retries: retries.map((retry) => ({
            ...retry,
            retryAfter: retry.retryAfter === null ? null : redactor.text(retry.retryAfter),
            // An excerpt is a cut text: a trailing prefix of a secret goes too.
            bodyExcerpt: redactor.text(retry.bodyExcerpt, { cut: true }),
          })),
        }
      : {}),
    ...(sdk ? { sdk: redactor.deep(sdk) } : {}),
  }
}

/** The body stopped before its end: a trailing prefix of a secret is redacted too. */
function isCut(exchange: Exchange): boolean {
  const response = exchange.response
  return exchange.error !== undefined || response?.truncated === true || response?.keptBytes !== undefined
}

function shownResponse(response: CapturedResponse, redactor: Redactor, found: Found, cut: boolean): CapturedResponse {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(response.headers)) {
    const ranges = found.headers.get(name)
    headers[name] = ranges ? applyRanges([value], mergeRanges(ranges))[0]! : value
  }
  const shown: CapturedResponse = { ...response, headers: redactor.headers(headers) }
  if (response.bodyText !== null) {
    const body = mergeRanges(found.body)
    const pieces = response.chunks?.map((chunk) => chunk.text)
    const whole = pieces !== undefined && pieces.join('') === response.bodyText
    const bodyText = body.length > 0 ? applyRanges([response.bodyText], body)[0]! : response.bodyText
    shown.bodyText = redactor.text(bodyText, { cut })
    const unchanged = body.length === 0 && shown.bodyText === response.bodyText
    if (response.chunks && pieces && !unchanged) {
      // The chunks are the body in pieces: the same ranges, and a secret spanning chunks is found across them.
      const texts = redactor.segments(whole && body.length > 0 ? applyRanges(pieces, body) : pieces, { cut })
      shown.chunks = response.chunks.map((chunk, i) => ({ t: chunk.t, text: texts[i]! }))
    }
  }
  if (response.bodyBase64 !== null) {
    const bytes = Buffer.from(response.bodyBase64, 'base64')
    const redacted = redactor.bytes(bytes, { cut })
    if (redacted !== bytes) shown.bodyBase64 = Buffer.from(redacted).toString('base64')
  }
  return shown
}
