/**
 * Rendering a `Generation` in the chat wire shapes: a `chat.completion` object, or the
 * `chat.completion.chunk` sequence of a stream. Key order and the always-present fields
 * (`refusal: null`, `annotations: []`, `logprobs: null`, `service_tier`) follow the
 * recorded OpenAI traffic.
 */
import type { GeneratedChoice, Generation, GenerationOutput, TokenLogprob, TokenUsage } from '../model/index.ts'

/** What every object of one completion shares. */
export interface CompletionMeta {
  id: string
  /** Unix seconds. */
  created: number
  model: string
  systemFingerprint: string
}

export function renderCompletion(generation: Generation, meta: CompletionMeta): Record<string, unknown> {
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: generation.choices.map((choice) => ({
      index: choice.index,
      message: renderMessage(choice.output),
      logprobs: renderLogprobs(choice.logprobs),
      finish_reason: choice.finishReason,
    })),
    usage: renderUsage(generation.usage),
    service_tier: 'default',
    system_fingerprint: meta.systemFingerprint,
  }
}

export interface ChunkOptions {
  /** `stream_options.include_usage`: `usage: null` on every chunk, then a usage-only chunk. */
  includeUsage: boolean
}

/**
 * The stream's chunks: per choice a role chunk (`content: ''`, as OpenAI sends), one chunk
 * per token, and a finish chunk with an empty delta; choices interleaved round-robin.
 */
export function renderChunks(generation: Generation, meta: CompletionMeta, options: ChunkOptions): Record<string, unknown>[] {
  const chunk = (choices: unknown[]): Record<string, unknown> => ({
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    service_tier: 'default',
    system_fingerprint: meta.systemFingerprint,
    choices,
    ...(options.includeUsage ? { usage: null } : {}),
  })
  const chunks = interleave(generation.choices.map(choiceDeltas)).map((choice) => chunk([choice]))
  if (options.includeUsage) chunks.push({ ...chunk([]), usage: renderUsage(generation.usage) })
  return chunks
}

function choiceDeltas(choice: GeneratedChoice): Record<string, unknown>[] {
  const withLogprobs = choice.logprobs !== null
  const delta = (delta: Record<string, unknown>, logprobs: TokenLogprob[] | null, finishReason: string | null = null) => ({
    index: choice.index,
    delta,
    logprobs: withLogprobs && logprobs ? renderLogprobs(logprobs) : null,
    finish_reason: finishReason,
  })
  return [
    delta({ role: 'assistant', content: '', refusal: null }, []),
    ...outputDeltas(choice.output).map((content, t) => delta(content, choice.logprobs?.slice(t, t + 1) ?? null)),
    delta({}, null, choice.finishReason),
  ]
}

/** The assistant message for an output. */
function renderMessage(output: GenerationOutput): Record<string, unknown> {
  return { role: 'assistant', content: output.tokens.join(''), refusal: null, annotations: [] }
}

/** The deltas that carry an output, one per token. */
function outputDeltas(output: GenerationOutput): Record<string, unknown>[] {
  return output.tokens.map((token) => ({ content: token }))
}

function renderLogprobs(logprobs: TokenLogprob[] | null): Record<string, unknown> | null {
  return logprobs === null ? null : { content: logprobs, refusal: null }
}

export function renderUsage(usage: TokenUsage): Record<string, unknown> {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  }
}

/** Round-robin: the first item of each list, then the second of each, … */
function interleave<T>(lists: readonly T[][]): T[] {
  const longest = Math.max(0, ...lists.map((list) => list.length))
  const result: T[] = []
  for (let step = 0; step < longest; step++) for (const list of lists) if (step < list.length) result.push(list[step]!)
  return result
}
