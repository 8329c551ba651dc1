/**
 * The main job of `oai-conformance run`, as a pipeline of single-purpose steps: prepare the
 * target (starting the embedded reference when none is given), run it (smoke request, then
 * every case), build the report, write it with each report writer, pick the exit code.
 */
import type { TargetDraft } from '../config/index.ts'
import type { RunOptions } from '../config/types.ts'
import {
  createReportWriters,
  DEFAULT_WRITERS,
  type ReportWriterReference,
  useColor,
  writeReports,
} from '../../reporters/index.ts'
import { firstLine } from '../config/errors.ts'
import { exitCode, mostlyInconclusive } from './exit-code.ts'
import { fallbackReportDir, prepareReportDir } from './report-dir.ts'
import { redactingStream } from './redacting-io.ts'
import { runTarget } from './run-target.ts'
import { describeTarget, prepareTarget, tooShortNote } from './target.ts'

/** Where a run writes: progress and the summary to `stdout`, problems to `stderr`. */
export interface RunIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

export interface StartRunOptions {
  /**
   * The report writers, by name (`ReportWritersMap`) or as instances, run in this order.
   * @default DEFAULT_WRITERS: report.json, junit.xml, then the terminal summary
   */
  writers?: readonly ReportWriterReference[]
}

/** Runs the suites against the draft's target, writes the reports and resolves to the exit code. */
export async function startRun(
  draft: TargetDraft,
  options: RunOptions,
  io: RunIo,
  { writers = DEFAULT_WRITERS }: StartRunOptions = {},
): Promise<number> {
  const reportWriters = createReportWriters(writers)
  await prepareReportDir(options.reportDir)
  const startedAt = new Date()
  const prepared = await prepareTarget(draft)
  const { target, redactor } = prepared
  // From here on every byte printed goes through the redactor (./redacting-io.ts).
  io = { stdout: redactingStream(io.stdout, redactor), stderr: redactingStream(io.stderr, redactor) }
  try {
    io.stdout.write(describeTarget(prepared))
    io.stderr.write(tooShortNote(prepared.tooShort))
    const color = useColor(io.stdout)
    const running = runTarget(target, options, { ...io, color, redactor })
    // The report model needs the suites and the spec: loaded while the run waits on the target.
    const { buildRunReport } = await import('./run-report.ts')
    const run = await running
    const report = buildRunReport({ target, options, run, startedAt })
    const context = { scrub: (text: string) => redactor.text(text), out: io.stdout, color }
    await writeReports(report, reportWriters, { ...context, dir: options.reportDir }).catch(async (error) => {
      // The folder was fine before the run: whatever broke since, the results are not lost.
      const dir = await fallbackReportDir()
      io.stderr.write(
        `oai-conformance: could not write the reports to ${options.reportDir} (${firstLine(error)}); writing them to ${dir}\n`,
      )
      await writeReports(report, reportWriters, { ...context, dir })
    })
    const unjudged = run.blocked === undefined ? mostlyInconclusive(report) : null
    if (unjudged) io.stderr.write(`oai-conformance: the target could not be judged: ${unjudged}\n`)
    return exitCode({ ...run, report })
  } catch (error) {
    // The CLI prints the message of an error that ends the run: redacted like the rest.
    if (error instanceof Error) error.message = redactor.text(error.message)
    throw error
  } finally {
    await prepared.close()
  }
}
