/**
 * From a chat request body to what the model and the renderers need. Runs after
 * validation, but stays total: a fault may have waived validation, so anything missing or
 * ill-typed falls back to its default.
 */
import type { GenerationParams, ResponseFormatParam, ToolChoiceParam, ToolParams } from './model/index.ts'

/** The API's maximum `n`; also a bound when a fault waived validation. */
const MAX_CHOICES = 128

export interface ChatRequestOptions {
  generation: GenerationParams
  stream: boolean
  /** `stream_options.include_usage`. */
  includeUsage: boolean
}

export function readChatRequest(body: unknown): ChatRequestOptions {
  const b = asRecord(body)
  const logprobs = b.logprobs === true
  const streamOptions = asRecord(b.stream_options)
  return {
    generation: {
      messages: Array.isArray(b.messages) ? b.messages : [],
      n: Math.min(positiveInteger(b.n) ?? 1, MAX_CHOICES),
      maxTokens: positiveInteger(b.max_completion_tokens) ?? positiveInteger(b.max_tokens) ?? null,
      stop: stopSequences(b.stop),
      topLogprobs: logprobs ? (nonNegativeInteger(b.top_logprobs) ?? 0) : null,
      tools: toolParams(b),
      responseFormat: responseFormat(b.response_format),
    },
    stream: b.stream === true,
    includeUsage: streamOptions.include_usage === true,
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}

/** `tools` (function tools only), `tool_choice` (defaulting as the API does) and `parallel_tool_calls`. */
function toolParams(b: Record<string, unknown>): ToolParams {
  const tools = (Array.isArray(b.tools) ? b.tools : []).flatMap((tool) => {
    const fn = asRecord(asRecord(tool).function)
    return asRecord(tool).type === 'function' && typeof fn.name === 'string'
      ? [{ name: fn.name, parameters: fn.parameters }]
      : []
  })
  return {
    tools,
    toolChoice: toolChoice(b.tool_choice, tools.length > 0),
    parallelToolCalls: b.parallel_tool_calls !== false,
  }
}

function toolChoice(choice: unknown, hasTools: boolean): ToolChoiceParam {
  if (choice === 'none' || choice === 'auto' || choice === 'required') return choice
  const named = asRecord(asRecord(choice).function).name
  if (typeof named === 'string') return { name: named }
  return hasTools ? 'auto' : 'none'
}

/**
 * `response_format` json_schema or json_object. When a fault waived validation, the
 * top-level `schema` of a vendor dialect (`{type: "json_schema", schema}`) is read too.
 */
function responseFormat(value: unknown): ResponseFormatParam | null {
  const format = asRecord(value)
  if (format.type === 'json_object') return { type: 'json_object' }
  if (format.type !== 'json_schema') return null
  return {
    type: 'json_schema',
    schema: format.json_schema !== undefined ? asRecord(format.json_schema).schema : format.schema,
  }
}

function stopSequences(stop: unknown): string[] {
  if (typeof stop === 'string') return [stop]
  return Array.isArray(stop) ? stop.filter((sequence): sequence is string => typeof sequence === 'string') : []
}

function positiveInteger(value: unknown): number | undefined {
  return Number.isInteger(value) && (value as number) >= 1 ? (value as number) : undefined
}

function nonNegativeInteger(value: unknown): number | undefined {
  return Number.isInteger(value) && (value as number) >= 0 ? (value as number) : undefined
}
