/**
 * The reference's embedding model: deterministic feature hashing. Each token of an input
 * (a lower-cased word, or a token id of a token-array input) adds its own pseudo-random ±1
 * vector, seeded by the token's hash, and the sum is L2-normalised. Random vectors of this
 * length are nearly orthogonal, so inputs that share words point the same way: a paraphrase
 * that reuses the words of a sentence is closer to it than an unrelated sentence is. The
 * same input always gives the same vector, on every run and platform.
 *
 * `dimensions` shortens the vector the way OpenAI's text-embedding-3 models do: the first
 * `dimensions` values, normalised again (every token reaches every value, so a short vector
 * still carries them all).
 */
import { fnv1a, seededRandom } from '../../../reference/hash.ts'

/** The length of the model's vectors, and the most `dimensions` may ask for. */
export const EMBEDDING_DIMENSIONS = 128

/** One input as the model reads it: text, or the token ids of a token-array input. */
export type EmbeddingInput = string | readonly number[]

/** The tokens of an input: its words (lower-cased) and punctuation, or its token ids. */
export function tokensOf(input: EmbeddingInput): string[] {
  if (typeof input !== 'string') return input.map((id) => `#${id}`)
  return input.toLowerCase().match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? []
}

/** What the input costs, in tokens: one per word, punctuation mark or token id. */
export function tokenCount(input: EmbeddingInput): number {
  return tokensOf(input).length
}

/** The input's vector: `dimensions` values (at most EMBEDDING_DIMENSIONS), unit length, each a float32. */
export function embed(input: EmbeddingInput, dimensions = EMBEDDING_DIMENSIONS): number[] {
  const full = new Array<number>(EMBEDDING_DIMENSIONS).fill(0)
  const words = tokensOf(input).filter((token) => /[\p{L}\p{N}]/u.test(token))
  // An input of punctuation only still gets a vector of its own.
  for (const token of words.length > 0 ? words : [JSON.stringify(input)]) {
    const random = seededRandom(fnv1a(token))
    for (let i = 0; i < EMBEDDING_DIMENSIONS; i++) full[i]! += random() < 0.5 ? -1 : 1
  }
  return normalised(full.slice(0, Math.min(dimensions, EMBEDDING_DIMENSIONS))).map(Math.fround)
}

/** The vector scaled to unit L2 length (a zero vector stays as it is). */
export function normalised(vector: readonly number[]): number[] {
  const length = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0))
  return length === 0 ? [...vector] : vector.map((value) => value / length)
}

/** The vector as OpenAI's `encoding_format: "base64"` sends it: float32 little-endian, base64. */
export function float32Base64(vector: readonly number[]): string {
  const bytes = new DataView(new ArrayBuffer(vector.length * 4))
  vector.forEach((value, i) => bytes.setFloat32(i * 4, value, true))
  return Buffer.from(bytes.buffer).toString('base64')
}

/** The values of a float32 little-endian base64 vector (the reverse of float32Base64; lenient, for faults). */
export function float32FromBase64(text: string): number[] {
  const bytes = Buffer.from(text, 'base64')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return Array.from({ length: Math.floor(bytes.byteLength / 4) }, (_, i) => view.getFloat32(i * 4, true))
}
