/**
 * What a person sees: a progress line per case that did not pass (as it happens), and the
 * summary at the end.
 */
import type { CaseResult, CheckOutcome, Status } from '../src/core/types.ts'
import { describeExpectations } from '../src/report/expectations.ts'
import { caseIds, failedWithoutCheck, groupByCheck, type CheckGroup } from './check-groups.ts'
import { describeCheck, findingLines, formatSpecRef, headline, printable } from './describe.ts'

export { printable } from './describe.ts'
import type { Report } from '../src/report/report.ts'
import { countStatuses, worstStatus } from '../src/report/status.ts'
import type { StatusCounts } from '../src/report/status.ts'
import { scrubbedReport } from './write-file.ts'
import type { ReportWriter, ReportWriterContext } from './writer.ts'

/**
 * Colour only for a terminal, and never when `NO_COLOR` is set (https://no-color.org/:
 * set and non-empty). `FORCE_COLOR` (non-empty, not `0`) forces it, as in most Node tools.
 */
export function useColor(
  stream: NodeJS.WritableStream,
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  if (env.NO_COLOR) return false
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true
  return (stream as { isTTY?: boolean }).isTTY === true
}

const SGR: Record<Status | 'bold' | 'dim', [number, number]> = {
  fail: [31, 39],
  inconclusive: [35, 39],
  warn: [33, 39],
  pass: [32, 39],
  skip: [2, 22],
  dim: [2, 22],
  bold: [1, 22],
}

type Paint = (style: keyof typeof SGR, text: string) => string

function painter(color: boolean): Paint {
  return color ? (style, text) => `\x1b[${SGR[style][0]}m${text}\x1b[${SGR[style][1]}m` : (_style, text) => text
}

export interface ProgressPrinterOptions {
  color: boolean
  /**
   * Keep a counter line updated in place (`\r`) for cases that pass; for a terminal.
   * @default `out.isTTY`
   */
  live?: boolean
  /**
   * A line for every case, passing or not (the proxy's one line per exchange); passes show
   * the case's title, the rest why they did not pass.
   * @default false: lines only for failing and inconclusive cases
   */
  everyCase?: boolean
}

export interface ProgressPrinter {
  /** A case finished (of the named target, when a run has several). Fail and inconclusive get a line. */
  onCase(result: CaseResult, target?: string): void
  /** The number of cases expected, when it becomes known or changes. */
  setTotal(total: number): void
  /** A problem outside any case (a suite file that did not load, an unhandled error). */
  onRunError(message: string): void
  /** The run is over: clear the live line. */
  done(): void
}

/**
 * Prints `[12/40] fail chat.max-tokens  chat.response.schema: ...` for every failing or
 * inconclusive case as it finishes; passes, warnings and skips only advance the counter.
 */
export function createProgressPrinter(
  out: NodeJS.WritableStream,
  total: number,
  options: ProgressPrinterOptions,
): ProgressPrinter {
  const paint = painter(options.color)
  const live = options.live ?? (out as { isTTY?: boolean }).isTTY === true
  const statuses: Status[] = []
  let liveShown = false

  const counter = () => `[${statuses.length}/${Math.max(total, statuses.length)}]`
  const clearLive = () => {
    if (liveShown) out.write('\r\x1b[2K')
    liveShown = false
  }
  const drawLive = () => {
    if (!live) return
    const counts = countStatuses(statuses)
    out.write(`\r\x1b[2K${counter()} ${paint('dim', tally(counts))}`)
    liveShown = true
  }

  return {
    onCase(result, target) {
      statuses.push(result.status)
      if (options.everyCase || result.status === 'fail' || result.status === 'inconclusive') {
        clearLive()
        const where = target === undefined ? '' : `${printable(target)} › `
        const detail = result.status === 'pass' ? passDetail(result) : headline(result)
        out.write(
          `${counter()} ${paint(result.status, result.status)} ${where}${printable(result.id)}  ${printable(detail)}\n`,
        )
      }
      drawLive()
    },
    setTotal(next) {
      total = next
    },
    onRunError(message) {
      clearLive()
      out.write(`${paint('fail', 'run error')} ${printable(message)}\n`)
      drawLive()
    },
    done() {
      clearLive()
    },
  }
}

/** A passing case's line: what its title adds to its id, and how many checks passed. */
function passDetail(result: CaseResult): string {
  const extra = result.title.startsWith(result.id)
    ? result.title.slice(result.id.length).replace(/^:\s*/, '')
    : result.title
  const passed = result.checks.filter((check) => check.status === 'pass').length
  return `${extra ? `${extra}; ` : ''}${passed} check${passed === 1 ? '' : 's'} passed`
}

function tally(counts: StatusCounts): string {
  return `${counts.passed} passed, ${counts.failed} failed, ${counts.warned} warned, ${counts.skipped} skipped, ${counts.inconclusive} inconclusive`
}

export interface SummaryOptions {
  /** Report files written, listed at the end. */
  files?: readonly string[]
  /** @default false */
  color?: boolean
  /**
   * Every failing and warning check of every case, with all its findings, instead of one
   * entry per check with the cases it hit and its first evidence.
   * @default false
   */
  verbose?: boolean
}

/** Case ids listed after a grouped check before `+N more`. */
const GROUP_IDS = 8
/** Findings of a grouped check's first evidence shown before `+N more`. */
const GROUP_FINDINGS = 3

const COLUMNS = ['capability', 'status', 'passed', 'failed', 'warned', 'skipped', 'inconclusive'] as const

/** Cases that could not be judged, grouped by reason: one blocked target is one line, not fifty. */
function inconclusiveEntries(report: Report): string[][] {
  const byReason = new Map<string, string[]>()
  for (const c of report.cases.filter((c) => c.status === 'inconclusive')) {
    const reason = c.reason ?? headline(c)
    byReason.set(reason, [...(byReason.get(reason) ?? []), c.id])
  }
  return [...byReason].map(([reason, ids]) =>
    ids.length === 1
      ? [`  ${printable(ids[0]!)}  ${printable(reason)}`]
      : [
          `  ${ids.length} cases (${printable(ids.slice(0, 3).join(', '))}${ids.length > 3 ? ', …' : ''})  ${printable(reason)}`,
        ],
  )
}

/**
 * The end-of-run summary: a table per capability with totals, then every failing check
 * (and inconclusive case, and warning) with its spec reference, then the report files.
 */
export function formatSummary(report: Report, options: SummaryOptions = {}): string {
  const paint = painter(options.color ?? false)
  const { summary } = report
  const overall = worstStatus(report.capabilities.map((c) => c.status))

  const rows: { cells: string[]; status: Status }[] = [
    ...report.capabilities.map((c) => ({ cells: [c.id, c.status, ...countCells(c.counts)], status: c.status })),
    { cells: ['total', overall, ...countCells(summary)], status: overall },
  ]
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((row) => row.cells[i]!.length)))
  const line = (cells: readonly string[], status?: Status) =>
    cells
      .map((cell, i) => {
        const padded = i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)
        return i === 1 && status ? paint(status, padded) : padded
      })
      .join('  ')
      .trimEnd()

  const out: string[] = []
  out.push(
    paint(
      'bold',
      printable(`${report.tool.name} ${report.tool.version}: ${report.target.name} (${report.target.baseURL})`),
    ),
  )
  out.push(
    `spec ${report.spec.version} (${report.spec.source}@${report.spec.commit.slice(0, 12)}), ${summary.total} cases in ${(report.durationMs / 1000).toFixed(1)}s`,
  )
  out.push('')
  out.push(line(COLUMNS))
  report.capabilities.forEach((capability, i) => {
    const row = line(rows[i]!.cells, rows[i]!.status)
    out.push(capability.reason ? `${row}  (${printable(capability.reason)})` : row)
  })
  out.push(widths.map((w) => '-'.repeat(w)).join('  '))
  out.push(line(rows[rows.length - 1]!.cells, overall))
  const { tokens } = report
  out.push(
    `tokens: ${tokens.prompt} prompt + ${tokens.completion} completion = ${tokens.total} (the usage ${tokens.reported} responses reported)`,
  )

  /** A titled list; each entry is one problem, possibly on several lines. */
  const section = (title: string, status: Status, entries: string[][], count = `(${entries.length})`) => {
    if (entries.length === 0) return
    out.push('', paint(status, `${title} ${count}`), ...entries.flat())
  }
  const checks = (status: 'fail' | 'warn') => {
    const title = status === 'fail' ? 'Failures' : 'Warnings'
    if (options.verbose) return section(title, status, checkEntries(report, status))
    const groups = groupByCheck(report, status)
    const lone = status === 'fail' ? failedWithoutCheck(report) : []
    const cases = new Set([
      ...groups.flatMap((group) => group.hits.map((hit) => hit.result.id)),
      ...lone.map((c) => c.id),
    ])
    const count = [
      groups.length > 0 ? plural(groups.length, 'check') : null,
      lone.length > 0 ? `${plural(lone.length, 'case')} without a failing check` : null,
    ].filter(Boolean)
    section(
      title,
      status,
      [...groups.map(groupEntry), ...lone.map((c) => [`  ${printable(c.id)}  ${printable(c.reason ?? 'failed')}`])],
      `(${count.join(', ')} in ${plural(cases.size, 'case')})`,
    )
  }
  checks('fail')
  section('Inconclusive', 'inconclusive', inconclusiveEntries(report))
  checks('warn')
  section(
    'Information',
    'pass',
    report.cases.flatMap((c) =>
      c.checks
        .filter((check) => check.note)
        .map((check) => [`  ${printable(c.id)}  ${printable(check.id)}: ${printable(check.message)}`]),
    ),
  )

  if (report.expectations) out.push('', ...describeExpectations(report.expectations).map(printable))
  const { certification } = report
  const verdictStyle =
    certification.verdict === 'certified' ? 'pass' : certification.verdict === 'failed' ? 'fail' : 'inconclusive'
  out.push('', paint('bold', 'Certification: ') + paint(verdictStyle, printable(certification.headline)))
  out.push(`  ${printable(certification.checked)}`)

  if (!options.verbose && (report.summary.failed > 0 || report.summary.warned > 0))
    out.push('', paint('dim', '--verbose lists every finding of every case'))
  if (options.files && options.files.length > 0) out.push('', `Reports: ${listFiles(options.files).join(', ')}`)
  return `${out.join('\n')}\n`
}

/**
 * One check across the cases it hit: `id (level): N cases: a, b, …`, its spec reference,
 * then its first evidence once (the first case's message and findings).
 */
function groupEntry(group: CheckGroup): string[] {
  const { ids, more } = caseIds(group, GROUP_IDS)
  const first = group.hits[0]!.check
  const messages = new Set(group.hits.map((hit) => hit.check.message)).size
  const findings = findingLines(first)
  const lines = [
    `  ${group.id} (${group.level}): ${plural(group.hits.length, 'case')}: ${ids.join(', ')}${more > 0 ? `, +${more} more` : ''}`,
    `      spec: ${formatSpecRef(group.spec)}`,
    `      ${group.hits.length > 1 ? `${ids[0]}: ` : ''}${first.message}`,
    ...findings.slice(0, GROUP_FINDINGS).map((finding) => `        - ${finding}`),
    ...(findings.length > GROUP_FINDINGS ? [`        +${findings.length - GROUP_FINDINGS} more findings`] : []),
    ...(messages > 1 ? [`      (${messages} different messages across its cases)`] : []),
  ]
  return lines.map(printable)
}

/** Files to list: those of the first file's folder one by one, each other folder as `folder/ (N files)`. */
function listFiles(files: readonly string[]): string[] {
  const folder = (file: string) => file.slice(0, Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1)
  const top = folder(files[0]!)
  const listed: string[] = []
  const counts = new Map<string, number>()
  for (const file of files) {
    const dir = folder(file)
    if (dir === top) listed.push(file)
    else {
      if (!counts.has(dir)) listed.push(dir)
      counts.set(dir, (counts.get(dir) ?? 0) + 1)
    }
  }
  return listed.map((entry) => (counts.has(entry) ? `${entry} (${plural(counts.get(entry)!, 'file')})` : entry))
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

export interface TerminalWriterOptions {
  /**
   * Colour in the summary.
   * @default the context's `color` (the run's terminal)
   */
  color?: boolean
  /**
   * Every finding of every case (see `SummaryOptions.verbose`).
   * @default the context's `verbose` (`--verbose`), else false
   */
  verbose?: boolean
}

/** The `terminal` writer: the end-of-run summary on the run's stdout, listing the files written before it. */
export class TerminalWriter implements ReportWriter {
  readonly name = 'terminal'
  readonly #color: boolean | undefined
  readonly #verbose: boolean | undefined

  constructor(options: TerminalWriterOptions = {}) {
    this.#color = options.color
    this.#verbose = options.verbose
  }

  async write(report: Report, context: ReportWriterContext): Promise<readonly string[]> {
    const verbose = this.#verbose ?? context.verbose ?? false
    context.out.write(
      context.scrub(
        formatSummary(scrubbedReport(report, context.scrub), {
          files: context.files,
          color: this.#color ?? context.color,
          verbose,
        }),
      ),
    )
    return []
  }
}

/** Each check with `status`: case id, check id, level, message, then its spec reference and findings. */
function checkEntries(report: Report, status: 'fail' | 'warn'): string[][] {
  const entries: string[][] = []
  for (const result of report.cases) {
    const id = printable(result.id)
    const checks: CheckOutcome[] = result.checks.filter((check) => check.status === status)
    if (status === 'fail' && result.status === 'fail' && checks.length === 0) {
      entries.push([`  ${id}  ${printable(result.reason ?? 'failed')}`])
    }
    for (const check of checks) {
      const [first, ...rest] = describeCheck(check, { exchange: false }).map(printable)
      entries.push([`  ${id}  ${first}`, ...rest.map((text) => `      ${text.trimStart()}`)])
    }
  }
  return entries
}

function countCells(counts: StatusCounts): string[] {
  return [counts.passed, counts.failed, counts.warned, counts.skipped, counts.inconclusive].map(String)
}
