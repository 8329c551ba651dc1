/** How a streamed body arrived: its reads grouped into what the server wrote in one go. */
import type { BodyChunk } from '../../../core/exchange.ts'
import type { SseEvent } from '../../../formats/sse/index.ts'

/**
 * Reads of the body that arrived as one piece of the server's output, as far as the capture
 * can tell: a read that ends mid-line was cut by the transport (a TCP segment, a proxy's
 * buffer), not by a write of the server, so it is joined with the read after it. A server
 * that writes event by event ends its writes at line ends, so its reads are never joined;
 * a body written (or released by a buffering proxy) in one go is one delivery, however the
 * network cut it.
 */
export interface Delivery {
  /** Offsets into the decoded text (see src/sse/types.ts): `[from, to)`. */
  from: number
  to: number
  /** How many reads it joins. */
  reads: number
  /** Arrival times of its first and last read, ms since the request. */
  firstT: number
  lastT: number
}

/** The body's reads grouped into deliveries (see Delivery). */
export function deliveries(chunks: readonly BodyChunk[]): Delivery[] {
  const out: Delivery[] = []
  let open: Delivery | null = null
  let offset = 0
  for (const chunk of chunks) {
    const from = offset
    offset += chunk.text.length
    if (open) {
      open.to = offset
      open.reads++
      open.lastT = chunk.t
    } else {
      open = { from, to: offset, reads: 1, firstT: chunk.t, lastT: chunk.t }
      out.push(open)
    }
    // A read that ends at a line end may be a write of the server: the next read starts a new delivery.
    if (/[\r\n]$/.test(chunk.text)) open = null
  }
  return out
}

/** The delivery that completed an event (the one holding its last character), or null without arrival times. */
export function deliveryOf(stream: { deliveries: readonly Delivery[] | null }, event: SseEvent): Delivery | null {
  const end = event.offset + event.raw.length - 1
  return stream.deliveries?.find((delivery) => delivery.from <= end && end < delivery.to) ?? null
}
