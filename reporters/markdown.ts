/**
 * `report.md`: the report for a GitHub step summary or a README. The verdict and the point
 * in time it holds for, the levels, a table per capability, then every failure and warning
 * grouped by root cause (one section per check: its cases, spec reference, message, and the
 * request and offending part of the response of its first case, in bounded excerpts).
 *
 * Text from the endpoint (and from the configuration) is escaped: a message, an excerpt or a
 * URL cannot open a link, an image, an HTML element or a table cell, nor close a code fence.
 */
import type { CaseResult, CheckOutcome, Evidence, SpecRef } from '../src/core/types.ts'
import type { Report } from '../src/report/report.ts'
import { caseIds, failedWithoutCheck, groupByCheck, type CheckGroup } from './check-groups.ts'
import { findingLines, formatValue, headline, printable } from './describe.ts'
import { STATUS_SYMBOL, VERDICT_SYMBOL } from './present.ts'
import { FileReportWriter, type FileWriterOptions } from './write-file.ts'

export const MARKDOWN_REPORT_FILE = 'report.md'

/** Check sections written in full per status; the rest get one line each (a step summary holds 1 MiB). */
const GROUPS_IN_FULL = 40
/** Characters of a request body or response excerpt shown. */
const EXCERPT_CHARS = 1_500
/** Case ids listed under a check before `+N more`. */
const CASE_IDS = 20

/**
 * Text as inert Markdown on one line: HTML's special characters as entities; the
 * punctuation that opens emphasis, code spans, links, images, strikethrough and table cells
 * backslash-escaped anywhere, and what opens a heading, list or rule at the start of a line;
 * control characters shown as `\uXXXX`, line breaks as a space. (GitHub still turns a bare
 * `https://…` into a link, as in any text.)
 */
export function escapeMarkdown(text: string): string {
  return printable(text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' '))
    .replace(/[&<>]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[char]!)
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/^[#+\-=]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2')
}

/** A fenced code block that the content cannot close: the fence is longer than any backtick run in it. */
export function codeBlock(text: string, language = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return `${fence}${language}\n${text.replace(/\r\n?/g, '\n')}\n${fence}`
}

/** The report as Markdown. */
export function toMarkdown(report: Report): string {
  const { certification } = report
  const out: string[] = []
  out.push(`# OpenAI API conformance: ${escapeMarkdown(report.target.name)}`, '')
  out.push(`**${VERDICT_SYMBOL[certification.verdict]} ${escapeMarkdown(certification.headline)}**`, '')
  out.push(`> ${escapeMarkdown(certification.checked)}`, '')
  out.push(
    `${report.summary.total} cases in ${(report.durationMs / 1000).toFixed(1)} s: ${report.summary.passed} passed, ` +
      `${report.summary.failed} failed, ${report.summary.warned} warned, ${report.summary.skipped} skipped, ` +
      `${report.summary.inconclusive} inconclusive. The criteria are in ${escapeMarkdown(report.tool.name)}'s CERTIFICATION.md.`,
    '',
  )

  out.push('## Levels', '', '| level | status | why |', '| --- | --- | --- |')
  for (const level of certification.levels)
    out.push(`| ${level.title} | ${VERDICT_SYMBOL[level.status]} ${level.status} | ${escapeMarkdown(level.reason)} |`)
  out.push('')

  out.push(
    '## Capabilities',
    '',
    '| capability | certification | status | cases | passed | failed | warned | skipped | inconclusive |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  )
  for (const capability of report.capabilities) {
    const verdict = certification.capabilities.find((c) => c.id === capability.id)!
    const { counts } = capability
    const total = counts.passed + counts.failed + counts.warned + counts.skipped + counts.inconclusive
    out.push(
      `| ${capability.id} | ${VERDICT_SYMBOL[verdict.verdict]} ${verdict.verdict} | ${STATUS_SYMBOL[capability.status]} ${capability.status} | ` +
        `${total} | ${counts.passed} | ${counts.failed} | ${counts.warned} | ${counts.skipped} | ${counts.inconclusive} |`,
    )
  }
  out.push('')

  out.push(...groupSections(report, 'fail'))
  out.push(...inconclusiveSection(report))
  out.push(...groupSections(report, 'warn'))
  out.push(...caseList(report))
  return `${out.join('\n').trimEnd()}\n`
}

function groupSections(report: Report, status: 'fail' | 'warn'): string[] {
  const groups = groupByCheck(report, status)
  const lone = status === 'fail' ? failedWithoutCheck(report) : []
  if (groups.length === 0 && lone.length === 0) return []
  const cases = new Set([...groups.flatMap((g) => g.hits.map((hit) => hit.result.id)), ...lone.map((c) => c.id)])
  const out = [`## ${status === 'fail' ? 'Failures' : 'Warnings'}: ${groups.length} checks in ${cases.size} cases`, '']
  for (const group of groups.slice(0, GROUPS_IN_FULL)) out.push(...groupSection(group))
  const rest = groups.slice(GROUPS_IN_FULL)
  if (rest.length > 0) {
    out.push(`${rest.length} more checks (full detail in report.json and report.html):`, '')
    for (const group of rest) out.push(`- \`${group.id}\` (${group.level}): ${group.hits.length} cases`)
    out.push('')
  }
  for (const result of lone)
    out.push(`### Case \`${result.id}\`: failed without a failing check`, '', escapeMarkdown(headline(result)), '')
  return out
}

function groupSection(group: CheckGroup): string[] {
  const { ids, more } = caseIds(group, CASE_IDS)
  const first = group.hits[0]!
  const out = [
    `### \`${group.id}\` (${group.level}): ${group.hits.length} case${group.hits.length === 1 ? '' : 's'}`,
    '',
    `- **spec**: ${specLink(group.spec)}`,
    `- **cases**: ${ids.map((id) => `\`${id}\``).join(', ')}${more > 0 ? `, +${more} more` : ''}`,
    `- **message** (${escapeMarkdown(first.result.id)}): ${escapeMarkdown(first.check.message)}`,
    ...findingLines(first.check)
      .slice(0, 10)
      .map((line) => `  - ${escapeMarkdown(line)}`),
  ]
  const messages = new Set(group.hits.map((hit) => hit.check.message)).size
  if (messages > 1) out.push(`- ${messages} different messages across its cases (each in report.html)`)
  out.push('')
  if (first.check.evidence) out.push(...evidenceBlock(first.result, first.check, first.check.evidence))
  return out
}

/** The request and the response of the first case, collapsed. */
function evidenceBlock(result: CaseResult, check: CheckOutcome, evidence: Evidence): string[] {
  const response = evidence.response
  const out = [
    '<details>',
    `<summary>Request and response of ${escapeHtml(result.id)} (${escapeHtml(check.id)})</summary>`,
    '',
    `Request: ${escapeMarkdown(`${evidence.request.method} ${evidence.request.url}`)}`,
    '',
  ]
  if (evidence.request.body !== null && evidence.request.body !== undefined)
    out.push(codeBlock(bounded(pretty(evidence.request.body)), 'json'), '')
  if (response) {
    const status = `${response.status ?? 'no status'} ${response.contentType ?? 'no content-type'}`
    out.push(`Response: ${escapeMarkdown(status)}${evidence.retries ? ` after ${evidence.retries} retries` : ''}`, '')
    if (response.excerpt !== undefined)
      out.push(
        codeBlock(bounded(typeof response.excerpt === 'string' ? response.excerpt : pretty(response.excerpt))),
        '',
      )
  } else out.push('Response: none', '')
  if (evidence.transportError) out.push(`Transport error: ${escapeMarkdown(evidence.transportError)}`, '')
  out.push('</details>', '')
  return out
}

function inconclusiveSection(report: Report): string[] {
  const byReason = new Map<string, string[]>()
  for (const result of report.cases.filter((c) => c.status === 'inconclusive')) {
    const reason = result.reason ?? headline(result)
    byReason.set(reason, [...(byReason.get(reason) ?? []), result.id])
  }
  if (byReason.size === 0) return []
  const out = [`## Inconclusive: ${[...byReason.values()].flat().length} cases`, '']
  for (const [reason, ids] of byReason)
    out.push(`- ${escapeMarkdown(reason)}: ${ids.map((id) => `\`${id}\``).join(', ')}`)
  out.push('')
  return out
}

function caseList(report: Report): string[] {
  const out = ['<details>', `<summary>All ${report.cases.length} cases</summary>`, '']
  out.push('| case | capability | status | title |', '| --- | --- | --- | --- |')
  for (const result of report.cases)
    out.push(
      `| \`${result.id}\` | ${result.capability} | ${STATUS_SYMBOL[result.status]} ${result.status} | ${escapeMarkdown(result.title)} |`,
    )
  out.push('', '</details>')
  return out
}

/** A spec reference as a link when it has a documentation URL, the operation and pointer as text. */
function specLink(spec: SpecRef): string {
  const text = [spec.operationId, spec.pointer].filter((part): part is string => !!part).join(' ')
  const parts = text ? [escapeMarkdown(text)] : []
  if (spec.doc && /^https:\/\//.test(spec.doc)) parts.push(`<${spec.doc.replace(/[<>\s]/g, encodeURIComponent)}>`)
  return parts.length > 0 ? parts.join(' ') : '-'
}

function pretty(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value)
  } catch {
    return formatValue(value)
  }
}

function bounded(text: string): string {
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}\n… (${text.length} chars)` : text
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

export interface MarkdownWriterOptions extends FileWriterOptions {
  /**
   * The file's name inside the report folder.
   * @default 'report.md'
   */
  file?: string
}

/** The `markdown` writer: `report.md` in the report folder. */
export class MarkdownWriter extends FileReportWriter {
  constructor(options: MarkdownWriterOptions = {}) {
    super('markdown', options.file ?? MARKDOWN_REPORT_FILE, toMarkdown)
  }
}
