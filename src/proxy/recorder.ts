/**
 * What the proxy keeps of one exchange while it forwards it: the request's bytes and the
 * response's reads with their arrival times, each bounded by the capture limit (the bytes
 * past it are forwarded, not kept), then the exchange the checks judge.
 */
import type { BodyChunk, CapturedResponse, Exchange, TransportError } from '../core/exchange.ts'
import { decodedBytes, jsonOrNull, keptContent, withoutWireHeaders } from '../formats/content.ts'

/** Bytes of one body, kept up to a limit. */
export class BoundedBody {
  readonly #limit: number
  readonly #parts: { t: number; bytes: Buffer }[] = []
  #kept = 0
  /** Bytes seen, kept or not. */
  received = 0

  constructor(limit: number) {
    this.#limit = limit
  }

  /** Keeps what fits of a read that arrived `t` ms after the request. */
  push(bytes: Buffer, t: number): void {
    this.received += bytes.byteLength
    const room = this.#limit - this.#kept
    if (room <= 0) return
    const kept = bytes.byteLength > room ? bytes.subarray(0, room) : bytes
    this.#parts.push({ t, bytes: Buffer.from(kept) })
    this.#kept += kept.byteLength
  }

  /** More arrived than the limit kept. */
  get truncated(): boolean {
    return this.received > this.#kept
  }

  get keptBytes(): number {
    return this.#kept
  }

  get parts(): readonly { t: number; bytes: Buffer }[] {
    return this.#parts
  }

  bytes(): Buffer {
    return Buffer.concat(this.#parts.map((part) => part.bytes))
  }
}

/** What came back from upstream, as far as it did. */
export interface RecordedResponse {
  status: number
  /** Lower-cased names, repeated headers joined with ", ". */
  headers: Record<string, string>
  body: BoundedBody
  headersMs: number
  firstByteMs: number | null
  lastByteMs: number
}

export interface RecordedExchange {
  method: string
  /** The URL the request was sent to upstream. */
  url: string
  requestHeaders: Record<string, string>
  requestBody: BoundedBody
  startedAt: string
  response: RecordedResponse | null
  error?: TransportError
}

/** The exchange as the checks see it: bodies decoded (content codings undone), each read a chunk. */
export function toExchange(recorded: RecordedExchange, maxBodyBytes: number): Exchange {
  const exchange: Exchange = {
    request: {
      method: recorded.method,
      url: recorded.url,
      headers: recorded.requestHeaders,
      body: jsonOrNull(recorded.requestBody.bytes().toString('utf8')),
    },
    response: recorded.response && capturedResponse(recorded.response, recorded.startedAt),
  }
  const tooLarge = recorded.response?.body.truncated
  const error: TransportError | undefined = tooLarge
    ? { kind: 'too-large', message: `the body went on past the capture limit of ${maxBodyBytes} bytes` }
    : recorded.error
  return error ? { ...exchange, error } : exchange
}

function capturedResponse(response: RecordedResponse, startedAt: string): CapturedResponse {
  const coding = response.headers['content-encoding']
  const contentType = response.headers['content-type']
  const kept = keptContent(decodedBytes(response.body.bytes(), coding), contentType)
  const encoded = coding !== undefined && coding.trim().toLowerCase() !== 'identity'
  return {
    status: response.status,
    headers: withoutWireHeaders(response.headers),
    ...kept,
    ...(kept.bodyText !== null ? { chunks: textChunks(response.body, encoded, kept.bodyText) } : {}),
    timing: {
      startedAt,
      headersMs: response.headersMs,
      firstByteMs: response.firstByteMs,
      lastByteMs: response.lastByteMs,
    },
    ...(response.body.truncated ? { truncated: true, keptBytes: response.body.keptBytes } : {}),
    receivedBytes: response.body.received,
  }
}

/**
 * One chunk per read, decoded as a stream (a character split across reads lands in the later
 * one); a compressed body's reads are not text on their own: one chunk at its first byte.
 */
function textChunks(body: BoundedBody, encoded: boolean, text: string): BodyChunk[] {
  const parts = body.parts
  if (parts.length === 0) return []
  if (encoded) return [{ t: parts[0]!.t, text }]
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
  const chunks = parts.map(({ t, bytes }) => ({ t, text: decoder.decode(bytes, { stream: true }) }))
  chunks.at(-1)!.text += decoder.decode()
  return chunks
}
