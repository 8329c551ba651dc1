/**
 * Plain-text renderings of report parts, shared by the JUnit and terminal writers so a
 * check reads the same everywhere.
 */
import type { CaseResult, CheckOutcome, Finding, SpecRef } from '../src/core/types.ts'

const VALUE_LIMIT = 200

/** `createChatCompletion #/components/schemas/X`, or the doc URL; `-` when there is none. */
export function formatSpecRef(spec: SpecRef): string {
  const parts = [spec.operationId, spec.pointer, spec.doc].filter((part): part is string => !!part)
  return parts.length > 0 ? parts.join(' ') : '-'
}

/** A value from the wire, on one line, cut when long. */
export function formatValue(value: unknown): string {
  let text: string
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value))
  } catch {
    text = String(value)
  }
  return text.length > VALUE_LIMIT ? `${text.slice(0, VALUE_LIMIT)}…` : text
}

/** `at /choices/0: message (actual: 1, expected: 2)`. */
export function formatFinding(finding: Finding): string {
  const where = finding.at ? `at ${finding.at}: ` : ''
  const values = [
    'actual' in finding && finding.actual !== undefined ? `actual: ${formatValue(finding.actual)}` : null,
    'expected' in finding && finding.expected !== undefined ? `expected: ${formatValue(finding.expected)}` : null,
  ].filter((part) => part !== null)
  return `${where}${finding.message}${values.length > 0 ? ` (${values.join(', ')})` : ''}`
}

/**
 * A check in several lines: `id (level): message`, its spec reference, each finding, and
 * (unless `exchange: false`) the exchange the evidence came from.
 */
export function describeCheck(check: CheckOutcome, options: { exchange?: boolean } = {}): string[] {
  const lines = [`${check.id} (${check.level}): ${check.message}`, `  spec: ${formatSpecRef(check.spec)}`]
  const evidence = check.evidence
  if (!evidence) return lines
  for (const finding of evidence.findings) lines.push(`  - ${formatFinding(finding)}`)
  if (evidence.transportError) lines.push(`  transport error: ${evidence.transportError}`)
  if (options.exchange !== false) {
    const response = evidence.response
      ? `${evidence.response.status ?? 'no status'} ${evidence.response.contentType ?? 'no content-type'}`
      : 'no response'
    const retries = evidence.retries ? ` after ${evidence.retries} retries` : ''
    lines.push(`  exchange: ${evidence.request.method} ${evidence.request.url} -> ${response}${retries}`)
  }
  return lines
}

/** The one-line reason a case did not pass: its first failing (or inconclusive) check, else its reason. */
export function headline(result: CaseResult): string {
  const check =
    result.checks.find((c) => c.status === result.status) ??
    result.checks.find((c) => c.status === 'fail' || c.status === 'inconclusive')
  if (check) return `${check.id}: ${check.message}`
  return result.reason ?? result.status
}
