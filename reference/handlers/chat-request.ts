/**
 * From a chat request body to what the model and the renderers need. Runs after
 * validation, but stays total: a fault may have waived validation, so anything missing or
 * ill-typed falls back to its default.
 */
import type { GenerationParams } from '../model/index.ts'

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
    },
    stream: b.stream === true,
    includeUsage: streamOptions.include_usage === true,
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
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
