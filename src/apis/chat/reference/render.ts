/**
 * Rendering a `Generation` in the chat wire shapes: a `chat.completion` object, or the
 * `chat.completion.chunk` sequence of a stream. Key order and the always-present fields
 * (`refusal: null`, `annotations: []`, `logprobs: null`, `service_tier`) follow the
 * recorded OpenAI traffic.
 */
import type {
  GeneratedChoice,
  Generation,
  GenerationOutput,
  TokenLogprob,
  TokenUsage,
  ToolCallsOutput,
} from './model/index.ts'
import { toolCallId } from '../../../reference/ids.ts'

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
      message: renderMessage(choice.output, toolCallIds(choice.output)),
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
export function renderChunks(
  generation: Generation,
  meta: CompletionMeta,
  options: ChunkOptions,
): Record<string, unknown>[] {
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
  const delta = (
    delta: Record<string, unknown>,
    logprobs: TokenLogprob[] | null,
    finishReason: string | null = null,
  ) => ({
    index: choice.index,
    delta,
    logprobs: withLogprobs && logprobs ? renderLogprobs(logprobs) : null,
    finish_reason: finishReason,
  })
  if (choice.output.kind === 'tool_calls') {
    // OpenAI's pattern: the role rides on the first call's first fragment, content null.
    const [first, ...rest] = toolCallDeltas(choice.output, toolCallIds(choice.output))
    return [
      delta({ role: 'assistant', content: null, ...first, refusal: null }, []),
      ...rest.map((fragment) => delta(fragment, choice.logprobs === null ? null : [])),
      delta({}, null, choice.finishReason),
    ]
  }
  return [
    delta({ role: 'assistant', content: '', refusal: null }, []),
    ...choice.output.tokens.map((token, t) => delta({ content: token }, choice.logprobs?.slice(t, t + 1) ?? null)),
    delta({}, null, choice.finishReason),
  ]
}

/** Fresh ids for an output's tool calls (none for text): random like OpenAI's. */
function toolCallIds(output: GenerationOutput): string[] {
  return output.kind === 'tool_calls' ? output.calls.map(() => toolCallId()) : []
}

/** The assistant message for an output: its text, or its tool calls with content null. */
function renderMessage(output: GenerationOutput, ids: readonly string[]): Record<string, unknown> {
  if (output.kind === 'text')
    return { role: 'assistant', content: output.tokens.join(''), refusal: null, annotations: [] }
  const toolCalls = output.calls.map((call, i) => ({
    id: ids[i],
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  }))
  return { role: 'assistant', content: null, tool_calls: toolCalls, refusal: null, annotations: [] }
}

/**
 * The deltas of tool calls, as OpenAI streams them: per call, a first fragment with its
 * index, id, type, name and empty arguments, then one `{index, function: {arguments}}`
 * fragment per argument token.
 */
function toolCallDeltas(output: ToolCallsOutput, ids: readonly string[]): Record<string, unknown>[] {
  return output.calls.flatMap((call, index) => [
    { tool_calls: [{ index, id: ids[index], type: 'function', function: { name: call.name, arguments: '' } }] },
    ...call.argumentTokens.map((piece) => ({ tool_calls: [{ index, function: { arguments: piece } }] })),
  ])
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
