/**
 * Server-sent events as OpenAI frames them: `data: {json}\n\n` per chunk, `data: [DONE]\n\n`
 * last, and a body that yields one frame per read, paced like a model generating tokens
 * (`FRAME_INTERVAL_MS` apart), so a server writing it chunk by chunk puts each frame on the
 * wire separately, and a client busy for a few milliseconds still receives them as a stream.
 */

export const DONE_FRAME = 'data: [DONE]\n\n'

export function sseFrames(chunks: readonly unknown[]): string[] {
  return [...chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`), DONE_FRAME]
}

const encoder = new TextEncoder()

/**
 * Time between two frames. A model's tokens come tens of milliseconds apart; the reference
 * answers instantly, so without a pause a client busy judging other cases reads a whole
 * stream in one piece and cannot tell it from a buffering proxy (stream.content.multiple-chunks).
 * Short enough that a 30-token stream takes under 0.1 s.
 */
export const FRAME_INTERVAL_MS = 3

function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, FRAME_INTERVAL_MS))
}

export function sseBody(frames: readonly string[]): ReadableStream<Uint8Array> {
  let next = 0
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (next > 0) await pause()
        const frame = frames[next++]
        if (frame === undefined) controller.close()
        else controller.enqueue(encoder.encode(frame))
      },
    },
    // Pull only when the reader asks: no frame is produced ahead of the consumer.
    { highWaterMark: 0 },
  )
}
