/**
 * The matrix of a run over several targets (`src/report/matrix.ts`), written as
 * `matrix.md` (a GitHub step summary, a README) and `matrix.html` (one self-contained file),
 * and printed on the terminal. Every string from a target or its endpoint is escaped.
 */
import type { Status } from '../src/core/types.ts'
import type { Matrix, MatrixRow } from '../src/report/matrix.ts'
import { writeReportFile, type WriteOptions } from './write-file.ts'

export const MATRIX_MARKDOWN_FILE = 'matrix.md'
export const MATRIX_HTML_FILE = 'matrix.html'

const MARK: Record<Status, string> = {
  pass: '✅ pass',
  warn: '⚠️ warn',
  fail: '❌ fail',
  skip: '➖ skip',
  inconclusive: '❔ inconclusive',
}

/** Markdown table cell text: pipes, backticks, angle brackets and newlines made harmless. */
export function markdownCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/`/g, '\\`')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\r\n]+/g, ' ')
}

const cell = (status: Status | null) => (status === null ? '—' : MARK[status])

export function matrixMarkdown(matrix: Matrix): string {
  const names = matrix.targets.map((t) => markdownCell(t.name))
  const header = (first: string) => [`| ${first} | ${names.join(' | ')} |`, `| --- |${' --- |'.repeat(names.length)}`]
  const rows = (items: readonly MatrixRow[], label: (row: MatrixRow) => string) =>
    items.map((row) => `| ${label(row)} | ${row.statuses.map(cell).join(' | ')} |`)
  const differing = matrix.cases.filter((row) => row.differs)
  return [
    `# Compatibility matrix: ${matrix.targets.length} targets`,
    '',
    `${markdownCell(matrix.tool.name)} ${markdownCell(matrix.tool.version)}, spec ${markdownCell(matrix.spec.version)} (${markdownCell(matrix.spec.source)}@${matrix.spec.commit.slice(0, 12)}), checked ${matrix.startedAt}`,
    '',
    '| target | base URL | cases | passed | failed | warned | skipped | inconclusive | reports |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...matrix.targets.map(
      (t) =>
        `| ${markdownCell(t.name)} | ${markdownCell(t.baseURL)} | ${t.summary.total} | ${t.summary.passed} | ${t.summary.failed} | ${t.summary.warned} | ${t.summary.skipped} | ${t.summary.inconclusive} | ${markdownCell(t.folder)}/ |`,
    ),
    '',
    '## Capabilities',
    '',
    ...header('capability'),
    ...rows(matrix.capabilities, (row) => row.id),
    '',
    `## Cases where the targets differ (${differing.length})`,
    '',
    ...(differing.length === 0
      ? ['Every case has the same status on every target.']
      : [...header('case'), ...rows(differing, (row) => `\`${markdownCell(row.id)}\``)]),
    '',
    `## Every case (${matrix.cases.length})`,
    '',
    ...header('case'),
    ...rows(matrix.cases, (row) => `\`${markdownCell(row.id)}\``),
    '',
  ].join('\n')
}

/** Text made safe for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export function matrixHtml(matrix: Matrix): string {
  const th = matrix.targets.map((t) => `<th title="${escapeHtml(t.baseURL)}">${escapeHtml(t.name)}</th>`).join('')
  const td = (status: Status | null) =>
    status === null ? '<td class="none">—</td>' : `<td class="${status}">${escapeHtml(status)}</td>`
  const table = (title: string, items: readonly MatrixRow[], first: string) =>
    `<h2>${escapeHtml(title)}</h2><table><thead><tr><th>${first}</th>${th}</tr></thead><tbody>${items
      .map(
        (row) =>
          `<tr${row.differs ? ' class="differs"' : ''}><th scope="row">${escapeHtml(row.id)}</th>${row.statuses.map(td).join('')}</tr>`,
      )
      .join('')}</tbody></table>`
  const differing = matrix.cases.filter((row) => row.differs)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Compatibility matrix</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#1f2328}
table{border-collapse:collapse;margin-bottom:1.5rem}th,td{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left}
thead th{background:#f6f8fa}tbody th{font-family:ui-monospace,monospace;font-weight:normal}
.pass{background:#dafbe1}.fail{background:#ffebe9}.warn{background:#fff8c5}.inconclusive{background:#ddf4ff}.skip,.none{color:#57606a}
tr.differs th{font-weight:bold}
</style></head><body>
<h1>Compatibility matrix: ${matrix.targets.length} targets</h1>
<p>${escapeHtml(`${matrix.tool.name} ${matrix.tool.version}, spec ${matrix.spec.version} (${matrix.spec.source}@${matrix.spec.commit.slice(0, 12)}), checked ${matrix.startedAt}`)}</p>
<ul>${matrix.targets.map((t) => `<li>${escapeHtml(t.name)} (${escapeHtml(t.baseURL)}): ${t.summary.passed}/${t.summary.total} passed, ${t.summary.failed} failed; reports in ${escapeHtml(t.folder)}/</li>`).join('')}</ul>
${table('Capabilities', matrix.capabilities, 'capability')}
${differing.length === 0 ? '<h2>Cases where the targets differ (0)</h2><p>Every case has the same status on every target.</p>' : table(`Cases where the targets differ (${differing.length})`, differing, 'case')}
${table(`Every case (${matrix.cases.length})`, matrix.cases, 'case')}
</body></html>
`
}

/** The matrix on the terminal: targets × capabilities, then the cases where the targets differ. */
export function matrixSummary(matrix: Matrix, printable: (text: string) => string = (t) => t): string {
  const names = matrix.targets.map((t) => printable(t.name))
  const first = Math.max('capability'.length, ...matrix.capabilities.map((r) => r.id.length))
  const widths = names.map((n) => Math.max(n.length, 'inconclusive'.length))
  const line = (label: string, cells: readonly string[]) =>
    [label.padEnd(first), ...cells.map((c, i) => c.padEnd(widths[i]!))].join('  ').trimEnd()
  const differing = matrix.cases.filter((row) => row.differs)
  return [
    '',
    `Matrix of ${matrix.targets.length} targets`,
    line('capability', names),
    ...matrix.capabilities.map((row) =>
      line(
        row.id,
        row.statuses.map((s) => s ?? '-'),
      ),
    ),
    '',
    differing.length === 0
      ? 'Every case has the same status on every target.'
      : `Cases where the targets differ (${differing.length}):`,
    ...differing.map(
      (row) => `  ${printable(row.id)}: ${row.statuses.map((s, i) => `${names[i]}=${s ?? '-'}`).join(', ')}`,
    ),
    '',
  ].join('\n')
}

/** Writes matrix.md and matrix.html into `dir`; resolves to their paths. */
export async function writeMatrix(matrix: Matrix, dir: string, options: WriteOptions = {}): Promise<string[]> {
  return [
    await writeReportFile(dir, MATRIX_MARKDOWN_FILE, matrixMarkdown(matrix), options),
    await writeReportFile(dir, MATRIX_HTML_FILE, matrixHtml(matrix), options),
  ]
}
