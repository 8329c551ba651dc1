/**
 * What a person sees: a progress line per case that did not pass (as it happens), and the
 * summary at the end.
 */
import type { CaseResult, CheckOutcome, Status } from '../src/core/types.ts'
import { describeCheck, headline } from './describe.ts'
import type { Report } from '../src/report/report.ts'
import { countStatuses, worstStatus } from '../src/report/status.ts'
import type { StatusCounts } from '../src/report/status.ts'
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
}

export interface ProgressPrinter {
  /** A case finished. Non-passing ones that matter now (fail, inconclusive) get a line. */
  onCase(result: CaseResult): void
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
    onCase(result) {
      statuses.push(result.status)
      if (result.status === 'fail' || result.status === 'inconclusive') {
        clearLive()
        out.write(
          `${counter()} ${paint(result.status, result.status)} ${printable(result.id)}  ${printable(headline(result))}\n`,
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

function tally(counts: StatusCounts): string {
  return `${counts.passed} passed, ${counts.failed} failed, ${counts.warned} warned, ${counts.skipped} skipped, ${counts.inconclusive} inconclusive`
}

export interface SummaryOptions {
  /** Report files written, listed at the end. */
  files?: readonly string[]
  /** @default false */
  color?: boolean
}

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
  const section = (title: string, status: Status, entries: string[][]) => {
    if (entries.length === 0) return
    out.push('', paint(status, `${title} (${entries.length})`), ...entries.flat())
  }
  section('Failures', 'fail', checkEntries(report, 'fail'))
  section('Inconclusive', 'inconclusive', inconclusiveEntries(report))
  section('Warnings', 'warn', checkEntries(report, 'warn'))
  section(
    'Information',
    'pass',
    report.cases.flatMap((c) =>
      c.checks
        .filter((check) => check.note)
        .map((check) => [`  ${printable(c.id)}  ${printable(check.id)}: ${printable(check.message)}`]),
    ),
  )

  if (options.files && options.files.length > 0) out.push('', `Reports: ${options.files.join(', ')}`)
  return `${out.join('\n')}\n`
}

export interface TerminalWriterOptions {
  /**
   * Colour in the summary.
   * @default the context's `color` (the run's terminal)
   */
  color?: boolean
}

/** The `terminal` writer: the end-of-run summary on the run's stdout, listing the files written before it. */
export class TerminalWriter implements ReportWriter {
  readonly name = 'terminal'
  readonly #color: boolean | undefined

  constructor(options: TerminalWriterOptions = {}) {
    this.#color = options.color
  }

  async write(report: Report, context: ReportWriterContext): Promise<readonly string[]> {
    context.out.write(
      context.scrub(formatSummary(report, { files: context.files, color: this.#color ?? context.color })),
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

function countCells(counts: StatusCounts): string[] {
  return [counts.passed, counts.failed, counts.warned, counts.skipped, counts.inconclusive].map(String)
}
