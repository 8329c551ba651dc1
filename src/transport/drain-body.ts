/**
 * Reads a response body to its end (or a byte limit, or until the attempt stops), keeping
 * each read's bytes with its arrival time. A body that grows large waits for room in the
 * run's memory budget (./body-budget.ts) before it keeps more.
 *
 * Bytes are kept as they came and decoded once the end is known (`decodeBody`): a body that
 * did not arrive whole is decoded only as far as it is kept, so a body that never ends costs
 * its raw bytes while it is read, never a decoded copy besides.
 */
import { firstInvalidUtf8 } from '../formats/utf8.ts'
import { roundMs } from './attempt.ts'
import type { LargeBodyPlace } from './body-budget.ts'

export { firstInvalidUtf8 }

export interface TimedText {
  /** Milliseconds since the attempt was sent. */
  t: number
  /** Decoded text of this read; may be '' when a read ended mid-character. */
  text: string
  /** Bytes of this read. */
  bytes: number
}

/** One read of the body, as it came. */
export interface TimedBytes {
  /** Milliseconds since the attempt was sent. */
  t: number
  /** The read's bytes; for a large body, a view of the budget's buffer (see `lent`). */
  bytes: Uint8Array
}

export interface DrainedBody {
  /** The reads, in order. */
  parts: TimedBytes[]
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
  /**
   * Index of the first part whose bytes are lent by the budget (a view of a large-body
   * place's buffer, valid until `release`); `parts.length` when none are.
   */
  lentFrom: number
  /** Gives back the large-body place the body took, if it took one (idempotent). */
  release(): void
}

/** Where a body that grows large gets its memory from (see ./body-budget.ts). */
export interface DrainBudget {
  /** Bytes the body may hold without a large-body place. */
  smallBodyBytes: number
  /** Waits for a large-body place: a buffer of at least `maxBytes` bytes, and its release. */
  acquire(signal: AbortSignal): Promise<LargeBodyPlace>
}

export interface DrainOptions {
  /** `performance.now()` the times are relative to. */
  t0: number
  maxBytes: number
  /** When it aborts, reading stops at once (even if the stream itself ignores the abort). */
  signal: AbortSignal
  /** Bounds what the run holds at once; without it the body may grow to `maxBytes` freely. */
  budget?: DrainBudget
  /** Called with each read's bytes, in order, as they are kept; `large` once the body holds a large-body place. */
  onBytes?(bytes: Uint8Array, large: boolean): void
}

export async function drainBody(body: ReadableStream<Uint8Array> | null, options: DrainOptions): Promise<DrainedBody> {
  const since = () => roundMs(performance.now() - options.t0)
  let place: LargeBodyPlace | null = null
  /** Bytes of the body before it took its place (the place's buffer holds the rest, from 0). */
  let placeStart = 0
  const result: DrainedBody = {
    parts: [],
    byteLength: 0,
    limited: false,
    incomplete: false,
    firstByteMs: null,
    endMs: 0,
    readError: undefined,
    lentFrom: 0,
    release: () => place?.release(result.byteLength - placeStart),
  }
  if (!body) {
    result.endMs = since()
    return result
  }

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
      if (options.budget && !place && result.byteLength + chunk.byteLength > options.budget.smallBodyBytes) {
        // Reads nothing while it waits: the socket pushes back on the endpoint.
        place = await options.budget.acquire(options.signal)
        result.lentFrom = result.parts.length
        placeStart = result.byteLength
      }
      if (place) {
        // Into the place's buffer: the read itself is garbage at once, and dies young.
        const offset = result.byteLength - placeStart
        place.buffer.set(chunk, offset)
        chunk = place.buffer.subarray(offset, offset + chunk.byteLength)
      }
      result.byteLength += chunk.byteLength
      result.parts.push({ t, bytes: chunk })
      options.onBytes?.(chunk, place !== null)
      if (result.limited) break
    }
  } catch (error) {
    result.readError = error
  } finally {
    options.signal.removeEventListener('abort', cancel)
    // Not awaited: a source that ignores the cancel must not hold the capture.
    if (!done) void reader.cancel().catch(() => undefined)
    reader.releaseLock()
  }

  result.endMs = since()
  result.incomplete = !done
  if (!place) result.lentFrom = result.parts.length
  return result
}

/** The reads that hold the first `keep` bytes (all of them when they fit). */
export function keptParts(parts: readonly TimedBytes[], keep: number): TimedBytes[] {
  let bytes = 0
  let count = 0
  while (count < parts.length && bytes < keep) bytes += parts[count++]!.bytes.byteLength
  return count === parts.length ? [...parts] : parts.slice(0, count)
}

export interface DecodedBody {
  pieces: TimedText[]
  /** The byte offset where the text stops being valid UTF-8 (the first byte of the bad sequence), or null. */
  invalidUtf8At: number | null
}

/**
 * Decodes reads as UTF-8 with a streaming decoder, so a character split across reads lands
 * whole in the later piece; a BOM is kept (it is evidence). Only a complete body is flushed:
 * a cut body's dangling bytes are not an encoding error.
 */
export function decodeBody(parts: readonly TimedBytes[], complete: boolean): DecodedBody {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
  // Runs beside the lenient decoder until the text first stops being valid UTF-8.
  let validator: TextDecoder | null = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
  let invalidUtf8At: number | null = null
  const validate = (upTo: number) => {
    try {
      const bytes = parts[upTo]?.bytes
      if (bytes) validator?.decode(bytes, { stream: true })
      else validator?.decode()
    } catch {
      // Rare: only then is the exact place looked for.
      invalidUtf8At = firstInvalidUtf8(concatParts(parts.slice(0, upTo + 1)))
      validator = null
    }
  }
  const pieces = parts.map(({ t, bytes }, i) => {
    validate(i)
    return { t, text: decoder.decode(bytes, { stream: true }), bytes: bytes.byteLength }
  })
  if (complete) {
    const tail = decoder.decode()
    const last = pieces.at(-1)
    if (tail && last) last.text += tail
    validate(parts.length)
  }
  return { pieces, invalidUtf8At }
}

/** The reads' bytes as one array. */
export function concatParts(parts: readonly TimedBytes[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.bytes.byteLength, 0))
  let offset = 0
  for (const { bytes } of parts) {
    out.set(bytes, offset)
    offset += bytes.byteLength
  }
  return out
}
