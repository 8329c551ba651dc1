/** Putting findings together for the report: capped, combined, and the difference between two texts. */
import type { Finding } from '../../core/types.ts'

const MAX_FINDINGS = 12

/**
 * Findings capped for the report: a deviation on every chunk of a long stream is one
 * problem, so the first few and a count of the rest say it.
 */
export function capFindings(findings: Finding[], max = MAX_FINDINGS): Finding[] {
  if (findings.length <= max) return findings
  return [...findings.slice(0, max), { message: `… and ${findings.length - max} more like these` }]
}

/**
 * Findings of several judgements, or the first skip among them: a declared schema that does
 * not compile makes the check not apply, it never becomes the endpoint's fault.
 */
export function combineFindings(results: ReadonlyArray<Finding[] | { skip: string }>): Finding[] | { skip: string } {
  const skipped = results.find((result) => !Array.isArray(result))
  return skipped ?? results.flatMap((result) => result as Finding[])
}

/** The first difference between two texts, with context, for equivalence findings. */
export function textDifference(actual: string, expected: string, context = 24): string {
  let i = 0
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++
  const from = Math.max(0, i - context)
  const excerpt = (text: string) =>
    `${from > 0 ? '…' : ''}${text.slice(from, i + context)}${i + context < text.length ? '…' : ''}`
  return `first difference at character ${i}: ${JSON.stringify(excerpt(actual))} vs ${JSON.stringify(excerpt(expected))}`
}
