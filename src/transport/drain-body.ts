/**
 * Reads a response body to its end (or a byte limit, or until the attempt stops), keeping
 * each piece with its arrival time. Text is decoded with a streaming TextDecoder, so a
 * character split across reads lands whole in the later piece.
 */
import { roundMs } from './attempt.ts'

export interface TimedText {
  /** Milliseconds since the attempt was sent. */
  t: number
  /** Decoded text of this read; may be '' when a read ended mid-character. */
  text: string
}

export interface DrainedBody {
  /** Decoded pieces (text bodies only; empty for binary). */
  pieces: TimedText[]
  /** The raw bytes (binary bodies only). */
  bytes: Uint8Array | null
  byteLength: number
  /** Reading stopped at `maxBytes`; the rest of the body was not read. */
  limited: boolean
  /** The body's end was not reached: limit, stop, or read error. */
  incomplete: boolean
  firstByteMs: number | null
  /** When the body ended or reading stopped. */
  endMs: number
  /** The error a read failed with, if any (an aborted attempt's reason included). */
  readError: unknown
}

export interface DrainOptions {
  /** `performance.now()` the times are relative to. */
  t0: number
  maxBytes: number
  binary: boolean
  /** When it aborts, reading stops at once (even if the stream itself ignores the abort). */
  signal: AbortSignal
}

export async function drainBody(body: ReadableStream<Uint8Array> | null, options: DrainOptions): Promise<DrainedBody> {
  const since = () => roundMs(performance.now() - options.t0)
  const result: DrainedBody = {
    pieces: [],
    bytes: null,
    byteLength: 0,
    limited: false,
    incomplete: false,
    firstByteMs: null,
    endMs: 0,
    readError: undefined,
  }
  if (!body) {
    result.endMs = since()
    return result
  }

  const decoder = new TextDecoder('utf-8', { ignoreBOM: true }) // keep a BOM: it is evidence
  const binaryParts: Uint8Array[] = []
  const reader = body.getReader()
  const cancel = () => void reader.cancel(options.signal.reason).catch(() => undefined)
  options.signal.addEventListener('abort', cancel, { once: true })
  let done = false

  try {
    while (!options.signal.aborted) {
      const read = await reader.read()
      // A cancel from the abort listener ends a pending read as "done": that is a stop, not the end.
      if (options.signal.aborted) break
      if (read.done) {
        done = true
        break
      }
      const t = since()
      result.firstByteMs ??= t
      let chunk = read.value
      const room = options.maxBytes - result.byteLength
      if (chunk.byteLength > room) {
        chunk = chunk.subarray(0, room)
        result.limited = true
      }
      result.byteLength += chunk.byteLength
      if (options.binary) binaryParts.push(chunk)
      else result.pieces.push({ t, text: decoder.decode(chunk, { stream: true }) })
      if (result.limited) break
    }
  } catch (error) {
    result.readError = error
  } finally {
    options.signal.removeEventListener('abort', cancel)
    // Not awaited: cancelling one branch of a tee settles only once the other branch is
    // cancelled too, and the SDK may never cancel its branch.
    if (!done) void reader.cancel().catch(() => undefined)
    reader.releaseLock()
  }

  result.endMs = since()
  result.incomplete = !done
  if (options.binary) {
    result.bytes = concat(binaryParts, result.byteLength)
  } else if (done) {
    // Only a complete body is flushed: a cut body's dangling bytes are not an encoding error.
    const tail = decoder.decode()
    const last = result.pieces.at(-1)
    if (tail && last) last.text += tail
  }
  return result
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.byteLength
  }
  return out
}
