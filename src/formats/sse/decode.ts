/**
 * Bytes -> text, the first stage of the reader. Byte chunks are UTF-8 decoded in streaming
 * mode, so a character split across chunks comes out whole in the later one; text chunks
 * (decoded upstream) pass through.
 */
import type { SseChunk } from './types.ts'

export class ChunkDecoder {
  // ignoreBOM: keep a BOM in the text so the line stage can note it and offsets count it.
  #lenient = new TextDecoder('utf-8', { ignoreBOM: true })
  // A second, fatal decoder only to learn whether the lenient one had to substitute U+FFFD
  // (a U+FFFD in the text may also be a valid, encoded U+FFFD). Dropped after its first error.
  #strict: TextDecoder | null = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
  #invalid = false

  /** True once invalid UTF-8 bytes were seen. */
  get invalidUtf8(): boolean {
    return this.#invalid
  }

  decode(chunk: SseChunk): string {
    if (chunk.bytes !== undefined && chunk.text !== undefined) {
      throw new TypeError('An SSE chunk carries text or bytes, not both')
    }
    if (chunk.bytes !== undefined) return this.#decodeBytes(chunk.bytes, true)
    // Bytes left mid-character before a text chunk can never be completed.
    return this.flush() + (chunk.text ?? '')
  }

  /** Ends the byte stream: an incomplete trailing character becomes U+FFFD. */
  flush(): string {
    return this.#decodeBytes(new Uint8Array(0), false)
  }

  #decodeBytes(bytes: Uint8Array, stream: boolean): string {
    if (this.#strict) {
      try {
        this.#strict.decode(bytes, { stream })
      } catch {
        this.#invalid = true
        this.#strict = null
      }
    }
    return this.#lenient.decode(bytes, { stream })
  }
}
