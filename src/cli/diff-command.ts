/**
 * `oai-conformance diff OLD.json NEW.json [--json]`: regressions, fixes, new and removed
 * cases between two reports; exit 1 on any regression, so a nightly job can alert on it.
 */
import { UsageError } from '../config/index.ts'
import { parseCommandArgs } from './command-args.ts'
import { diffReports, formatDiff, hasRegressions } from '../report/diff.ts'
import { readReportFile } from '../report/read.ts'
import type { Report } from '../report/report.ts'
import { EXIT, type ExitCode } from '../run/exit-code.ts'
import type { RunIo } from '../run/start-run.ts'

export const DIFF_USAGE = `Usage: oai-conformance diff OLD.json NEW.json [--json]

Compares two report.json files case by case and check by check: regressions (pass → warn/fail,
warn → fail), fixes, checks and cases added or removed. --json prints the diff as JSON.
Exit codes: 0 no regression, 1 a regression, 2 bad usage or a file that is not a report.
`

export function runDiff(argv: string[], io: RunIo): ExitCode {
  const { values, positionals } = parseCommandArgs('diff', argv, {
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help) {
    io.stdout.write(DIFF_USAGE)
    return EXIT.ok
  }
  if (positionals.length !== 2) throw new UsageError('diff takes two report.json files: diff OLD.json NEW.json')
  const [before, after] = positionals.map(loadReport) as [Report, Report]
  const diff = diffReports(before, after)
  io.stdout.write(values.json ? `${JSON.stringify(diff, null, 2)}\n` : formatDiff(diff))
  return hasRegressions(diff) ? EXIT.failed : EXIT.ok
}

/** A report file, or a usage error naming the file and what is wrong with it. */
export function loadReport(path: string): Report {
  const read = readReportFile(path)
  if ('problem' in read) throw new UsageError(read.problem)
  return read.report
}
