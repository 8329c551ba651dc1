/** Comparing the vectors of two answers input by input: what several checks judge. */
import { finding } from '../../core/define.ts'
import type { Finding } from '../../core/types.ts'
import { cosine, showCosine } from './read.ts'

/**
 * The cosine at or above which two vectors are one vector sent twice (a float and its
 * base64, two runs of a deterministic model, a vector and its SDK decoding): float32 rounding
 * and an endpoint's run-to-run noise stay well above it, a mix-up of formats or inputs far
 * below.
 */
export const SAME_VECTOR = 0.99

/**
 * Findings where `actual` differs from `expected`, input by input: a vector missing, another
 * length, a cosine below `threshold`. `actualName` and `expectedName` say what each is.
 */
export function vectorDifferences(
  actual: readonly (readonly number[])[],
  expected: readonly (readonly number[])[],
  names: { actual: string; expected: string },
  threshold = SAME_VECTOR,
): Finding[] {
  if (actual.length !== expected.length)
    return [finding(`${names.actual} has ${actual.length} vector(s), ${names.expected} ${expected.length}`)]
  return actual.flatMap((vector, i) => {
    const other = expected[i]!
    if (vector.length !== other.length)
      return [
        finding(`input ${i}: ${names.actual} has ${vector.length} values, ${names.expected} ${other.length}`, {
          at: `/data/${i}/embedding`,
          actual: vector.length,
          expected: other.length,
        }),
      ]
    const similarity = cosine(vector, other)
    return similarity >= threshold
      ? []
      : [
          finding(
            `input ${i}: ${names.actual} and ${names.expected} differ (cosine ${showCosine(similarity)}, expected at least ${threshold})`,
            { at: `/data/${i}/embedding`, actual: vector.slice(0, 8), expected: other.slice(0, 8) },
          ),
        ]
  })
}
