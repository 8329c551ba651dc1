/**
 * `oai-conformance merge DIR... [--report-dir DIR]`: the reports of a run split with
 * `--shard I/N` (one folder, or report.json, per shard) joined into the report set of the
 * whole run, exit code as for a run.
 */
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { createReportWriters, DEFAULT_WRITERS, useColor, writeReports } from '../../reporters/index.ts'
import { ALL_SUITES } from '../../suites/index.ts'
import { DEFAULT_REPORT_DIR, UsageError } from '../config/index.ts'
import { compareWithExpectations } from '../report/expectations.ts'
import { mergeShardReports } from '../report/merge.ts'
import { loadExpectations } from '../run/expectations.ts'
import { EXIT, type ExitCode, exitCode } from '../run/exit-code.ts'
import { prepareReportDir } from '../run/report-dir.ts'
import type { RunIo } from '../run/start-run.ts'
import { parseCommandArgs } from './command-args.ts'
import { loadReport } from './diff-command.ts'

export const MERGE_USAGE = `Usage: oai-conformance merge DIR... [--report-dir DIR] [--expectations FILE]

Joins the reports of a run split with --shard I/N (each DIR a shard's report folder, or its
report.json) into the reports of the whole run: report.json, junit.xml and the summary.
--report-dir: where they go (default ${DEFAULT_REPORT_DIR}). --expectations FILE: compare the
whole run with known deviations (exit 1 only on unexpected results), as a run does.
Exit codes as for a run: 0 nothing failed, 1 a check failed, 2 bad usage or parts that do not make one run.
`

/** Each case's position in the suites' declaration order, as an unsharded report orders them. */
const DECLARED: ReadonlyMap<string, number> = new Map(
  ALL_SUITES.flatMap((suite) => suite.cases.map((c) => c.id)).map((id, index) => [id, index]),
)

export async function runMerge(argv: string[], io: RunIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs('merge', argv, {
    'report-dir': { type: 'string' },
    expectations: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help) {
    io.stdout.write(MERGE_USAGE)
    return EXIT.ok
  }
  if (positionals.length === 0) throw new UsageError('merge takes the report folders of the shards: merge DIR...')
  const parts = positionals.map((given) => loadReport(reportFileOf(given)))
  const merged = mergeShardReports(parts, (id) => DECLARED.get(id) ?? Number.MAX_SAFE_INTEGER)
  if ('problem' in merged) throw new UsageError(`cannot merge: ${merged.problem}`)
  const dir = path.resolve(values['report-dir'] ?? DEFAULT_REPORT_DIR)
  await prepareReportDir(dir)
  if (values.expectations !== undefined) {
    const known = await loadExpectations(path.resolve(values.expectations))
    merged.report.expectations = compareWithExpectations(merged.report, known, values.expectations)
  }
  // The parts were redacted when written; nothing of a secret is left to scrub.
  const context = { dir, scrub: (text: string) => text, out: io.stdout, color: useColor(io.stdout) }
  await writeReports(merged.report, createReportWriters(DEFAULT_WRITERS), context)
  return exitCode({ runErrors: [], report: merged.report })
}

/** A shard's report.json: the path given, or `report.json` inside the folder given. */
function reportFileOf(given: string): string {
  return existsSync(given) && statSync(given).isDirectory() ? path.join(given, 'report.json') : given
}
