/** The usage object's rules, shared by plain completions and a stream's usage chunk. */
import { finding } from '../../../core/define.ts'
import type { Finding } from '../../../core/types.ts'
import { show } from '../../shared/body.ts'

const USAGE_FIELDS = ['prompt_tokens', 'completion_tokens', 'total_tokens'] as const

/** The three token counts are non-negative integers. */
export function usageIntegerFindings(usage: Record<string, unknown>, at: string): Finding[] {
  return USAGE_FIELDS.flatMap((field) => {
    const value = usage[field]
    return typeof value === 'number' && Number.isInteger(value) && value >= 0
      ? []
      : [
          finding(`usage.${field} is ${show(value)}, expected a non-negative integer`, {
            at: `${at}/${field}`,
            actual: value,
          }),
        ]
  })
}

/** `total_tokens` is `prompt_tokens + completion_tokens` (judged only when all three are numbers). */
export function usageTotalFindings(usage: Record<string, unknown>, at: string): Finding[] {
  const { prompt_tokens: prompt, completion_tokens: completion, total_tokens: total } = usage
  if (typeof prompt !== 'number' || typeof completion !== 'number' || typeof total !== 'number') return []
  return total === prompt + completion
    ? []
    : [
        finding(`usage.total_tokens is ${total}, but prompt_tokens + completion_tokens = ${prompt + completion}`, {
          at: `${at}/total_tokens`,
          actual: total,
          expected: prompt + completion,
        }),
      ]
}
