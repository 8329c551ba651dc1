/**
 * Plain-text renderings of report parts, shared by the JUnit and terminal writers so a
 * check reads the same everywhere.
 */
import type { CaseResult, CheckOutcome, Evidence, Finding, SpecRef } from '../src/core/types.ts'

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
  const values = findingValues(finding)
  return `${where}${finding.message}${values.length > 0 ? ` (${values.join(', ')})` : ''}`
}

function findingValues(finding: Finding): string[] {
  return [
    'actual' in finding && finding.actual !== undefined ? `actual: ${formatValue(finding.actual)}` : null,
    'expected' in finding && finding.expected !== undefined ? `expected: ${formatValue(finding.expected)}` : null,
  ].filter((part) => part !== null)
}

/**
 * A check's findings as lines, each said once: a finding whose message is the check's own
 * message (a check with one finding takes it as its message) keeps only where and what
 * (`at /x: actual: 1`), or nothing when it has neither.
 */
export function findingLines(check: Pick<CheckOutcome, 'message' | 'evidence'>): string[] {
  const lines: string[] = []
  for (const finding of check.evidence?.findings ?? []) {
    if (finding.message !== check.message) {
      lines.push(formatFinding(finding))
      continue
    }
    const rest = [...(finding.at ? [`at ${finding.at}`] : []), findingValues(finding).join(', ')].filter(Boolean)
    if (rest.length > 0) lines.push(rest.join(': '))
  }
  return lines
}

/** `POST https://…/chat/completions -> 200 application/json after 2 retries`: the exchange the evidence came from. */
export function formatExchange(evidence: Evidence): string {
  const response = evidence.response
    ? `${evidence.response.status ?? 'no status'} ${evidence.response.contentType ?? 'no content-type'}`
    : 'no response'
  const retries = evidence.retries ? ` after ${evidence.retries} retries` : ''
  return `${evidence.request.method} ${evidence.request.url} -> ${response}${retries}`
}

/**
 * A check in several lines: `id (level): message`, its spec reference, each finding, and
 * (unless `exchange: false`) the exchange the evidence came from.
 */
export function describeCheck(check: CheckOutcome, options: { exchange?: boolean } = {}): string[] {
  const lines = [`${check.id} (${check.level}): ${check.message}`, `  spec: ${formatSpecRef(check.spec)}`]
  const evidence = check.evidence
  if (!evidence) return lines
  for (const finding of findingLines(check)) lines.push(`  - ${finding}`)
  if (evidence.transportError) lines.push(`  transport error: ${evidence.transportError}`)
  if (options.exchange !== false) lines.push(`  exchange: ${formatExchange(evidence)}`)
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

/**
 * Text from the target (messages quote its responses) on one terminal line, inert:
 * control characters (escape sequences, bells, newlines) are shown as `\uXXXX`.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}
