/**
 * Which checks apply to an exchange nobody declared a case for (a recording, later a HAR
 * entry): inferred from the operation, the request and the status. Conservative: only
 * checks whose premise the request itself establishes.
 */
import type { CheckUse } from '../engine/types.ts'
import type { Exchange } from '../exchange/types.ts'
import { CHAT_COMPLETION, JSON_ERROR } from '../../suites/common.ts'

export function inferChecks(exchange: Exchange): CheckUse[] {
  const path = new URL(exchange.request.url).pathname
  const request = (exchange.request.body ?? {}) as Record<string, unknown>
  const status = exchange.response?.status ?? 0
  if (status >= 400) return [...JSON_ERROR]
  if (exchange.request.method === 'POST' && path.endsWith('/chat/completions') && request.stream !== true) {
    const checks: CheckUse[] = [...CHAT_COMPLETION]
    if (request.logprobs === true) checks.push('chat.logprobs.shape')
    if (request.stop !== undefined) checks.push('chat.stop.honoured')
    if (request.max_tokens !== undefined || request.max_completion_tokens !== undefined) checks.push('chat.max-tokens.honoured')
    return checks
  }
  if (exchange.request.method === 'GET' && path.endsWith('/models')) return ['http.status.success', 'http.content-type.json', 'http.body.json', 'models.list.schema']
  return []
}
