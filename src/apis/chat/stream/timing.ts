/** The timing evidence a run records for an event-stream response. */
import type { Exchange } from '../../../core/exchange.ts'
import { isPlainObject, mediaType } from '../../shared/body.ts'
import { parseStream } from './parse.ts'

/** Timing evidence for an event-stream response: events dispatched and time to first content. */
export function streamTiming(exchange: Exchange): { events: number; firstContentMs: number | null } | null {
  if (!exchange.response || mediaType(exchange) !== 'text/event-stream') return null
  const stream = parseStream(exchange)
  const first = stream.chunks.find((chunk) => carriesOutput(chunk.value))
  return { events: stream.events.length, firstContentMs: first?.event.t ?? null }
}

/** The chunk carries model output: content, a refusal or a tool-call fragment. */
function carriesOutput(chunk: Record<string, unknown>): boolean {
  if (!Array.isArray(chunk.choices)) return false
  return chunk.choices.some((choice) => {
    const delta = isPlainObject(choice) && isPlainObject(choice.delta) ? choice.delta : {}
    return (
      (typeof delta.content === 'string' && delta.content !== '') ||
      (typeof delta.refusal === 'string' && delta.refusal !== '') ||
      (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0)
    )
  })
}
