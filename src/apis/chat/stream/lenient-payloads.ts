/** A stream read by the official SDK's documented rules, which the `sdk.stream.*` checks compare the SDK with. */
import type { Exchange } from '../../../core/exchange.ts'
import { parseStream } from './parse.ts'

/**
 * What a client reading by the official SDK's documented rules gets from the body: the JSON
 * payloads of the events before the first `[DONE]` (chunks or not), then the event the
 * stream never finished, when it never reached `[DONE]` (openai-node flushes it: "Servers
 * sometimes omit the trailing blank line that normally terminates the last event").
 * Payloads that are not JSON are left out: the SDK raises on them (sdk.call.succeeds).
 * Any body is read this way, as the SDK does: a plain JSON body yields nothing.
 *
 * The `sdk.stream.*` checks compare the SDK with this reading, so they report only what the
 * SDK loses or corrupts; what the rules forbid but the SDK tolerates is the `stream.*`
 * checks' to report.
 */
export function lenientPayloads(exchange: Exchange): unknown[] {
  const stream = parseStream(exchange)
  const before = stream.done.seen ? stream.events.slice(0, stream.done.index!) : stream.events
  const data = before.map((event) => event.data)
  if (!stream.done.seen && stream.trailingData !== null && stream.trailingData !== '[DONE]')
    data.push(stream.trailingData)
  return data.flatMap((text) => {
    try {
      return [JSON.parse(text) as unknown]
    } catch {
      return []
    }
  })
}
