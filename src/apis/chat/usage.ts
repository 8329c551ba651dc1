/** Where a chat completion reports the tokens it consumed: the body's `usage`, or a stream's usage chunk. */
import type { Exchange } from '../../core/exchange.ts'
import type { TokenUsage } from '../../core/types.ts'
import { isPlainObject, jsonBody, mediaType } from '../shared/body.ts'
import { tokenUsage } from '../shared/usage.ts'
import { parseStream } from './stream/parse.ts'

/**
 * The usage a chat completion reports: a JSON body's `usage`; an event stream's last chunk
 * carrying a usage object (only sent when the request asked with `stream_options.include_usage`).
 * Null for an error answer, or none reported.
 */
export function chatUsage(exchange: Exchange): TokenUsage | null {
  const response = exchange.response
  if (!response || response.status >= 400 || !exchange.request.url.includes('/chat/completions')) return null
  if (mediaType(exchange) === 'text/event-stream') {
    const chunk = parseStream(exchange).chunks.findLast((c) => isPlainObject(c.value.usage))
    return chunk ? tokenUsage(chunk.value.usage) : null
  }
  const body = jsonBody(exchange)
  return body.ok && isPlainObject(body.value) ? tokenUsage(body.value.usage) : null
}
