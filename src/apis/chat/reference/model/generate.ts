/**
 * The reference model: chat messages and sampling limits in, a `Generation` out.
 *
 * A generation is API-neutral: per choice, what was produced (an `output`) and why it
 * ended. The chat handler renders it as a `chat.completion` or as chunks. An output is text
 * (prose, or structured JSON when a response format asks for it) or tool calls
 * (./tools.ts decides when).
 */
import { tokenLogprobs, type TokenLogprob } from './logprobs.ts'
import { countPromptTokens, lastUserText } from './prompt.ts'
import { composeReply } from './reply.ts'
import { structuredReply, tokenizeJson, type ResponseFormatParam } from './structured.ts'
import { tokenize } from './tokens.ts'
import type { SeenImage } from '../vision.ts'
import { planToolCalls, toolResultsReply, type PlannedToolCall, type ToolParams } from './tools.ts'

/** The model's own output limit (its "context"): a longer reply is cut with finish 'length'. */
export const MAX_OUTPUT_TOKENS = 4096

export interface GenerationParams {
  messages: readonly unknown[]
  /** Number of choices. */
  n: number
  /** `max_completion_tokens` ?? `max_tokens`; null for no limit beyond MAX_OUTPUT_TOKENS. */
  maxTokens: number | null
  /** Stop sequences (0 to 4). */
  stop: readonly string[]
  /** `top_logprobs` when `logprobs: true`, else null (no logprobs at all). */
  topLogprobs: number | null
  /** `tools`, `tool_choice` and `parallel_tool_calls`; absent: no tools. */
  tools?: ToolParams
  /** `response_format` json_schema / json_object; absent or null: text. */
  responseFormat?: ResponseFormatParam | null
  /** What the model saw of the conversation's images (../vision.ts); absent: none. */
  images?: readonly SeenImage[]
}

/** Text, as tokens that join to the text exactly. */
export interface TextOutput {
  kind: 'text'
  tokens: string[]
}

/** Tool calls; `tokens` are every call's argument tokens in order (what usage and logprobs count). */
export interface ToolCallsOutput {
  kind: 'tool_calls'
  calls: PlannedToolCall[]
  tokens: string[]
}

/** What a choice produced. */
export type GenerationOutput = TextOutput | ToolCallsOutput

export type FinishReason = 'stop' | 'length' | 'tool_calls'

export interface GeneratedChoice {
  index: number
  output: GenerationOutput
  finishReason: FinishReason
  /** One entry per output token, or null when logprobs were not requested. */
  logprobs: TokenLogprob[] | null
}

export interface TokenUsage {
  promptTokens: number
  /** Summed over choices. */
  completionTokens: number
}

export interface Generation {
  choices: GeneratedChoice[]
  usage: TokenUsage
}

export function generate(params: GenerationParams): Generation {
  const calls = params.tools ? planToolCalls(params.messages, params.tools) : null
  const reply = calls ? '' : replyText(params)
  const choices = Array.from({ length: params.n }, (_, index) =>
    calls ? toolCallChoice(index, calls, params) : textChoice(index, reply, params),
  )
  return {
    choices,
    usage: {
      promptTokens: countPromptTokens(params.messages),
      completionTokens: choices.reduce((sum, choice) => sum + choice.output.tokens.length, 0),
    },
  }
}

/** The text reply: structured JSON when a response format asks for it, the tool results after a round trip, else the reply rules. */
function replyText(params: GenerationParams): string {
  const prompt = lastUserText(params.messages)
  if (params.responseFormat) return structuredReply(params.responseFormat, prompt)
  return toolResultsReply(params.messages) ?? composeReply(prompt, params.messages, lastUserImages(params))
}

/** The colours of the images in the last user message, in order. */
function lastUserImages(params: GenerationParams): string[] {
  const last = params.messages.findLastIndex((message) => (message as { role?: unknown } | null)?.role === 'user')
  return (params.images ?? []).filter((image) => image.message === last).map((image) => image.colour)
}

/** JSON replies are tokenized like OpenAI streams them (punctuation runs), prose by words. */
function tokenizerFor(params: GenerationParams): (text: string) => string[] {
  return params.responseFormat ? tokenizeJson : tokenize
}

/**
 * A choice that calls tools. It finishes with "tool_calls", except for a named tool_choice,
 * where OpenAI finishes with "stop" (recorded: real-traffic stream-include_usage-tools-toolcall__03).
 */
function toolCallChoice(index: number, calls: PlannedToolCall[], params: GenerationParams): GeneratedChoice {
  const tokens = calls.flatMap((call) => call.argumentTokens)
  return {
    index,
    output: { kind: 'tool_calls', calls, tokens },
    finishReason: typeof params.tools?.toolChoice === 'object' ? 'stop' : 'tool_calls',
    logprobs: params.topLogprobs === null ? null : [],
  }
}

function textChoice(index: number, reply: string, params: GenerationParams): GeneratedChoice {
  const { text, finishReason } = applyLimits(reply, params)
  const tokens = tokenizerFor(params)(text)
  return {
    index,
    output: { kind: 'text', tokens },
    finishReason,
    logprobs: params.topLogprobs === null ? null : tokenLogprobs(tokens, params.topLogprobs),
  }
}

/**
 * Stop sequences first (cut before the earliest occurrence), then the token limit on what
 * is left: a stop sequence beyond the limit is never reached, so the finish is 'length'.
 */
function applyLimits(reply: string, params: GenerationParams): { text: string; finishReason: FinishReason } {
  const text = cutAtStop(reply, params.stop)
  const limit = Math.min(params.maxTokens ?? MAX_OUTPUT_TOKENS, MAX_OUTPUT_TOKENS)
  const tokens = tokenizerFor(params)(text)
  if (tokens.length > limit) return { text: tokens.slice(0, limit).join(''), finishReason: 'length' }
  return { text, finishReason: 'stop' }
}

function cutAtStop(text: string, stop: readonly string[]): string {
  let end = text.length
  for (const sequence of stop) {
    if (sequence === '') continue
    const at = text.indexOf(sequence)
    if (at !== -1 && at < end) end = at
  }
  return text.slice(0, end)
}
