/**
 * Which checks apply to an exchange nobody declared a case for (a recording, later a HAR
 * entry): inferred from the operation, the request and the status. Conservative: only
 * checks whose premise the request itself establishes.
 */
import type { CheckUse } from '../core/types.ts'
import type { Exchange } from '../core/exchange.ts'
import { CHAT_COMPLETION, JSON_ERROR, STREAM_COMPLETION, STREAM_TOOL_CALLS, STREAM_USAGE } from '../../suites/common.ts'
import { JSON_MODE_CONTENT, STRUCTURED_CONTENT } from '../../suites/structured.ts'
import { TOOL_CALL_SHAPE } from '../../suites/tools.ts'

export function inferChecks(exchange: Exchange): CheckUse[] {
  const path = new URL(exchange.request.url).pathname
  const request = (exchange.request.body ?? {}) as Record<string, unknown>
  const status = exchange.response?.status ?? 0
  if (status >= 400) return [...JSON_ERROR]
  if (exchange.request.method === 'POST' && path.endsWith('/chat/completions') && request.stream !== true) {
    const checks: CheckUse[] = [...CHAT_COMPLETION]
    if (request.logprobs === true) checks.push('chat.logprobs.shape')
    if (request.stop !== undefined) checks.push('chat.stop.honoured')
    if (request.max_tokens !== undefined || request.max_completion_tokens !== undefined)
      checks.push('chat.max-tokens.honoured')
    return [...checks, ...toolAndStructuredChecks(request, false)]
  }
  if (exchange.request.method === 'POST' && path.endsWith('/chat/completions') && request.stream === true) {
    return [...streamChecks(request), ...toolAndStructuredChecks(request, true)]
  }
  if (exchange.request.method === 'GET' && path.endsWith('/models'))
    return ['http.status.success', 'http.content-type.json', 'http.body.json', 'models.list.schema']
  return []
}

/** A streamed chat completion: the common set, plus what the request's options make apply. */
function streamChecks(request: Record<string, unknown>): CheckUse[] {
  // dataless-events reads the wire only (blocks the official SDK chokes on), so it applies to recordings too.
  const checks: CheckUse[] = [...STREAM_COMPLETION, 'sdk.stream.dataless-events']
  const options = request.stream_options
  const includeUsage =
    typeof options === 'object' && options !== null && (options as Record<string, unknown>).include_usage === true
  if (includeUsage) checks.push(...STREAM_USAGE)
  else checks.push('stream.usage.absent-without-option')
  if (Array.isArray(request.tools) && request.tools.length > 0)
    checks.push('stream.tool-calls.forced', ...STREAM_TOOL_CALLS)
  if (request.logprobs === true) checks.push('stream.logprobs.shape')
  if (request.stop !== undefined) checks.push('stream.stop.honoured')
  return checks
}

/**
 * Tool and structured-output checks whose premise the request states (a tool_choice mode,
 * parallel_tool_calls false, a message form); each skips where it does not hold. The
 * model-behaviour checks (a prompt that asks for a tool, for N calls, a benign request that
 * should not be refused) need a case that says so and are never inferred.
 */
const TOOL_CHOICE_RULES: readonly CheckUse[] = [
  'tools.choice.none',
  'tools.choice.required',
  'tools.choice.named',
  'tools.parallel.disabled',
]
const TOOL_REQUEST_FORMS: readonly CheckUse[] = [
  'tools.request.assistant-content-null',
  'tools.request.tool-content-parts',
  'tools.request.openai-call-ids',
  'tools.request.history-without-tools',
]
const MODEL_BEHAVIOUR: ReadonlySet<CheckUse> = new Set(['structured.refusal.none'])

/** Function calling and structured outputs: what the request's tools, messages and response_format make apply. */
function toolAndStructuredChecks(request: Record<string, unknown>, streamed: boolean): CheckUse[] {
  const checks: CheckUse[] = []
  if (Array.isArray(request.tools) && request.tools.length > 0) {
    if (streamed)
      checks.push('tools.stream.assembled', 'tools.call.ids-unique', 'tools.call.not-in-content', ...TOOL_CHOICE_RULES)
    else
      checks.push(
        ...TOOL_CALL_SHAPE,
        'tools.call.arguments-valid',
        'tools.strict.arguments-valid',
        ...TOOL_CHOICE_RULES,
      )
    checks.push('tools.strict.parallel-arguments-valid')
  }
  const messages = Array.isArray(request.messages) ? (request.messages as Array<Record<string, unknown> | null>) : []
  if (messages.some((m) => m?.role === 'tool' || Array.isArray(m?.tool_calls))) checks.push(...TOOL_REQUEST_FORMS)
  const format = (request.response_format ?? null) as Record<string, unknown> | null
  if (format?.type === 'json_schema' && format.json_schema === undefined) checks.push('structured.vendor-dialect')
  const content =
    format?.type === 'json_object'
      ? JSON_MODE_CONTENT
      : format?.type === 'json_schema' && format.json_schema !== undefined
        ? STRUCTURED_CONTENT
        : []
  if (content.length > 0)
    checks.push(...content.filter((id) => !MODEL_BEHAVIOUR.has(id)), ...(streamed ? [] : ['structured.refusal.type']))
  // structured.content.schema judges strict schemas only; a non-strict one is judged as a warning.
  if (content === STRUCTURED_CONTENT) checks.push('structured.content.schema-non-strict')
  return checks.filter((id, i) => checks.indexOf(id) === i)
}
