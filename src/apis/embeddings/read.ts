/**
 * Reading an embeddings exchange the way its checks need it: what the request asked (on the
 * wire: the SDK adds `encoding_format: "base64"` when a call names none), the answer's
 * embedding objects, and their vectors, decoded. A check that has nothing to judge skips
 * with a pointer to the check that reports why.
 */
import { skip } from '../../core/define.ts'
import type { Exchange } from '../../core/exchange.ts'
import type { Applicable } from '../shared/applicability.ts'
import { successObject } from '../shared/applicability.ts'
import { isPlainObject, perExchange, show } from '../shared/body.ts'

type Json = Record<string, unknown>

/** The request body as sent on the wire (the captured one; a recording's is the recorded one). */
export function wireRequest(exchange: Exchange): Json {
  return isPlainObject(exchange.request.body) ? exchange.request.body : {}
}

/** The encoding the request asked for: `float` when it names none (the API's default). */
export function askedEncoding(exchange: Exchange): unknown {
  return wireRequest(exchange).encoding_format ?? 'float'
}

/** How many vectors `input` asks for: one per string or token array; null when `input` is none of its forms. */
export function inputCount(input: unknown): number | null {
  if (typeof input === 'string') return 1
  if (!Array.isArray(input) || input.length === 0) return null
  if (input.every((item) => typeof item === 'number')) return 1
  if (input.every((item) => typeof item === 'string' || Array.isArray(item))) return input.length
  return null
}

/** The request's input is a batch: several strings or token arrays. */
export function isBatch(request: Json): boolean {
  return (inputCount(request.input) ?? 0) > 1
}

/** The answer's `data` list, non-empty, or why a check of its items does not apply. */
export function embeddingItems(exchange: Exchange): Applicable<{ body: Json; items: unknown[] }> {
  const body = successObject(exchange)
  if ('skip' in body) return body
  const data = body.value.data
  if (!Array.isArray(data)) return skip('the answer has no data list; see embeddings.response.schema')
  if (data.length === 0) return skip('data is empty; see embeddings.data.count')
  return { value: { body: body.value, items: data } }
}

/** An embedding read as numbers, or why it cannot be, and which check says so. */
export type ReadVector = { ok: true; values: number[] } | { ok: false; reason: string; see: string }

/**
 * Strict base64 (RFC 4648 §4: the standard alphabet, padded to whole quanta, nothing else)
 * of float32 little-endian values, as `encoding_format: "base64"` sends them (numpy's
 * `float32` bytes); null when `text` is not one.
 */
export function decodeFloat32Base64(text: string): { values: number[] } | { problem: string } {
  if (text.length === 0) return { problem: 'an empty string' }
  const bad = text.search(/[^A-Za-z0-9+/=]/)
  if (bad !== -1)
    return { problem: `character ${show(text[bad])} at ${bad} is not in the base64 alphabet (RFC 4648 §4)` }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return { problem: 'padding (`=`) before the end of the string' }
  if (text.length % 4 !== 0) return { problem: `its length, ${text.length}, is not a multiple of 4 (unpadded)` }
  const bytes = Buffer.from(text, 'base64')
  if (bytes.byteLength % 4 !== 0)
    return { problem: `it decodes to ${bytes.byteLength} bytes, not a whole number of float32 values (4 bytes each)` }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return { values: Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true)) }
}

/** An embedding as numbers: a float array as sent, a base64 string decoded. */
export function readVector(embedding: unknown): ReadVector {
  if (typeof embedding === 'string') {
    const decoded = decodeFloat32Base64(embedding)
    if ('problem' in decoded)
      return { ok: false, reason: `not base64 of float32 values: ${decoded.problem}`, see: 'embeddings.base64.decodes' }
    return finite(decoded.values, 'embeddings.base64.decodes')
  }
  if (Array.isArray(embedding)) {
    const bad = embedding.findIndex((value) => typeof value !== 'number')
    if (bad !== -1)
      return {
        ok: false,
        reason: `value ${bad} is ${show(embedding[bad])}, not a number`,
        see: 'embeddings.vector.float',
      }
    return finite(embedding as number[], 'embeddings.vector.float')
  }
  return { ok: false, reason: `the embedding is ${show(embedding)}`, see: 'embeddings.response.schema' }
}

function finite(values: number[], see: string): ReadVector {
  if (values.length === 0) return { ok: false, reason: 'the vector is empty', see }
  const bad = values.findIndex((value) => !Number.isFinite(value))
  return bad === -1 ? { ok: true, values } : { ok: false, reason: `value ${bad} is ${values[bad]}`, see }
}

/**
 * The vectors of the answer by input position (the `index` of each item), every one read;
 * or why not: no items, indices that are not 0…n-1 each once, a vector that does not read.
 */
export const vectorsByInput: (exchange: Exchange) => Applicable<number[][]> = perExchange((exchange) => {
  const read = embeddingItems(exchange)
  if ('skip' in read) return read
  const items = read.value.items
  if (!hasPositionalIndices(items)) return skip('the indices are not 0…n-1, each once; see embeddings.item.index')
  const vectors: number[][] = []
  for (const item of items as Json[]) {
    const vector = readVector(item.embedding)
    if (!vector.ok)
      return skip(`the embedding of input ${item.index} does not read (${vector.reason}); see ${vector.see}`)
    vectors[item.index as number] = vector.values
  }
  return { value: vectors }
})

/** The vectors all have one length, or why a comparison within the batch does not apply. */
export function oneLength(vectors: readonly number[][]): { skip: string } | null {
  return vectors.every((vector) => vector.length === vectors[0]?.length)
    ? null
    : skip('the vectors have different lengths; see embeddings.vector.length-equal')
}

/** Every item is an object whose `index` is an integer, and the indices are 0…n-1, each once. */
export function hasPositionalIndices(items: readonly unknown[]): boolean {
  const seen = new Set<unknown>()
  for (const item of items) {
    const index = isPlainObject(item) ? item.index : undefined
    if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= items.length || seen.has(index))
      return false
    seen.add(index)
  }
  return true
}

/** The cosine of the angle between two vectors of one length (0 when either is zero). */
export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0
  let aa = 0
  let bb = 0
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!
    aa += a[i]! * a[i]!
    bb += b[i]! * b[i]!
  }
  return aa === 0 || bb === 0 ? 0 : dot / Math.sqrt(aa * bb)
}

/** The vector's L2 length. */
export function norm(vector: readonly number[]): number {
  let sum = 0
  for (const value of vector) sum += value * value
  return Math.sqrt(sum)
}

/** A cosine for messages: four decimals. */
export function showCosine(value: number): string {
  return value.toFixed(4)
}
