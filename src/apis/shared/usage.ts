/** Reading the `usage` object a response reports (chat, embeddings, …) as the tokens it consumed. */
import type { TokenUsage } from '../../core/types.ts'
import { isPlainObject } from './body.ts'

/**
 * `{prompt_tokens, completion_tokens, total_tokens}` as a TokenUsage; a missing
 * `completion_tokens` counts 0 (embeddings report none), a missing `total_tokens` is the sum.
 * Null when it is no usage object (not an object, or counts that are not non-negative numbers).
 */
export function tokenUsage(usage: unknown): TokenUsage | null {
  if (!isPlainObject(usage)) return null
  const count = (value: unknown, absent: number | null) =>
    value === undefined ? absent : typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null
  const prompt = count(usage.prompt_tokens, null)
  const completion = count(usage.completion_tokens, 0)
  if (prompt === null || completion === null) return null
  const total = count(usage.total_tokens, prompt + completion) ?? prompt + completion
  return { prompt, completion, total }
}
