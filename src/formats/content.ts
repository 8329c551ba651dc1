/**
 * A captured body as the exchange keeps it: the bytes a capture stored (text, or base64),
 * decompressed when the capture kept them as they came over the wire, then text (with the
 * offset where it stops being UTF-8) or, for binary media, base64.
 */
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync, zstdDecompressSync } from 'node:zlib'
import { parseJson } from './capture-entry.ts'
import { isBinaryContentType } from './media.ts'
import { firstInvalidUtf8 } from './utf8.ts'

/** What the exchange keeps of a body. */
export interface KeptContent {
  bodyText: string | null
  bodyBase64: string | null
  /** Set when the text is not valid UTF-8: the offset of the first byte that is not. */
  invalidUtf8At?: number
}

/** Content codings the decoders below undo, by their `Content-Encoding` name. */
const DECODERS: Record<string, (bytes: Buffer) => Buffer> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  br: brotliDecompressSync,
  zstd: zstdDecompressSync,
  deflate: (bytes) => {
    try {
      return inflateSync(bytes)
    } catch {
      // Servers that send raw deflate under the name (RFC 9110 §8.4.1.2 asks for zlib).
      return inflateRawSync(bytes)
    }
  },
}

/**
 * The bytes with the response's content codings undone, last applied first. Most tools store
 * bodies decoded while keeping the header: bytes that do not decode are taken as stored decoded.
 */
export function decodedBytes(bytes: Buffer, contentEncoding: string | undefined): Buffer {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity')
  let decoded = bytes
  for (const coding of codings.reverse()) {
    const decode = DECODERS[coding]
    if (!decode) return bytes
    try {
      decoded = decode(decoded)
    } catch {
      return bytes
    }
  }
  return decoded
}

/** The body as the exchange keeps it: base64 for binary media, else text. */
export function keptContent(bytes: Buffer, contentType: string | undefined): KeptContent {
  if (isBinaryContentType(contentType)) return { bodyText: null, bodyBase64: bytes.toString('base64') }
  try {
    return { bodyText: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), bodyBase64: null }
  } catch {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    return { bodyText: text, bodyBase64: null, invalidUtf8At: firstInvalidUtf8(bytes) }
  }
}

/** Headers without those that describe the bytes on the wire rather than the body kept. */
export function withoutWireHeaders(headers: Record<string, string>): Record<string, string> {
  const { 'content-encoding': _coding, 'content-length': _length, ...rest } = headers
  return headers['content-encoding'] === undefined ? headers : rest
}

/** The JSON value of a request body, or null when there is none or it is not JSON (a multipart upload). */
export function jsonOrNull(text: string | undefined | null): unknown {
  if (typeof text !== 'string' || text === '') return null
  const parsed = parseJson(text)
  return parsed.ok ? parsed.value : null
}
