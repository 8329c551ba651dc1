/**
 * The reference model: chat messages and sampling limits in, a `Generation` out.
 *
 * A generation is API-neutral: per choice, what was produced (an `output`) and why it
 * ended. The chat handler renders it as a `chat.completion` or as chunks. Text is the only
 * output kind today; tool calls and structured outputs are new `GenerationOutput` kinds that
 * the handler renders, without touching how text is produced.
 */
import { tokenLogprobs, type TokenLogprob } from './logprobs.ts'
import { countPromptTokens, lastUserText } from './prompt.ts'
import { composeReply } from './reply.ts'
import { tokenize } from './tokens.ts'

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
}

/** Text, as tokens that join to the text exactly. */
export interface TextOutput {
  kind: 'text'
  tokens: string[]
}

/** What a choice produced. Later kinds (tool calls, …) join this union. */
export type GenerationOutput = TextOutput

export type FinishReason = 'stop' | 'length'

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
  const reply = composeReply(lastUserText(params.messages))
  const choices = Array.from({ length: params.n }, (_, index) => textChoice(index, reply, params))
  return {
    choices,
    usage: {
      promptTokens: countPromptTokens(params.messages),
      completionTokens: choices.reduce((sum, choice) => sum + choice.output.tokens.length, 0),
    },
  }
}

function textChoice(index: number, reply: string, params: GenerationParams): GeneratedChoice {
  const { text, finishReason } = applyLimits(reply, params)
  const tokens = tokenize(text)
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
  const tokens = tokenize(text)
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
