/**
 * Server-sent events as OpenAI frames them: `data: {json}\n\n` per chunk, `data: [DONE]\n\n`
 * last, and a body that yields one frame per read with a macrotask between frames, so a
 * server writing it chunk by chunk puts each frame on the wire separately.
 */

export const DONE_FRAME = 'data: [DONE]\n\n'

export function sseFrames(chunks: readonly unknown[]): string[] {
  return [...chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`), DONE_FRAME]
}

const encoder = new TextEncoder()

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

export function sseBody(frames: readonly string[]): ReadableStream<Uint8Array> {
  let next = 0
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (next > 0) await nextMacrotask()
        const frame = frames[next++]
        if (frame === undefined) controller.close()
        else controller.enqueue(encoder.encode(frame))
      },
    },
    // Pull only when the reader asks: no frame is produced ahead of the consumer.
    { highWaterMark: 0 },
  )
}
