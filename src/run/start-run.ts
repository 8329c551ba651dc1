/**
 * The main job of `oai-conformance run`, as a pipeline of single-purpose steps: prepare the
 * target (starting the embedded reference when none is given), run it (smoke request, then
 * every case), build the report, write it with each report writer, pick the exit code.
 */
import type { TargetDraft } from '../config/index.ts'
import type { RunOptions } from '../config/types.ts'
import path from 'node:path'
import {
  createReportWriters,
  DEFAULT_WRITERS,
  type ReportWriter,
  type ReportWriterContext,
  type ReportWriterReference,
  useColor,
  writeReports,
} from '../../reporters/index.ts'
import { matrixSummary, writeMatrix } from '../../reporters/matrix.ts'
import { printable } from '../../reporters/terminal.ts'
import { buildMatrix } from '../report/matrix.ts'
import type { Report } from '../report/report.ts'
import { firstLine } from '../config/errors.ts'
import { compareWithExpectations } from '../report/expectations.ts'
import { exitCode, mostlyInconclusive } from './exit-code.ts'
import { loadExpectations } from './expectations.ts'
import { fallbackReportDir, prepareReportDir } from './report-dir.ts'
import { createRedactor } from '../transport/index.ts'
import { redactingStream } from './redacting-io.ts'
import { runTargets } from './run-target.ts'
import { describeTarget, type PreparedTarget, prepareTarget, tooShortNote } from './target.ts'

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

/**
 * Runs the suites against the draft's target (or each of several, side by side), writes the
 * reports and resolves to the exit code (with several targets, the highest of theirs).
 */
export async function startRun(
  drafts: TargetDraft | readonly TargetDraft[],
  options: RunOptions,
  io: RunIo,
  { writers = DEFAULT_WRITERS }: StartRunOptions = {},
): Promise<number> {
  const all = Array.isArray(drafts) ? (drafts as readonly TargetDraft[]) : [drafts as TargetDraft]
  const several = all.length > 1
  const reportWriters = createReportWriters(writers)
  await prepareReportDir(options.reportDir)
  const expectations = await Promise.all(
    all.map((draft) => (draft.expectations === undefined ? null : loadExpectations(draft.expectations))),
  )
  const startedAt = new Date()
  const prepared: PreparedTarget[] = []
  try {
    for (const draft of all) prepared.push(await prepareTarget(draft))
    // From here on every byte printed goes through every target's redactor (./redacting-io.ts).
    // One redactor of every target's secrets: one pass over each text, whatever the number of targets.
    const everySecret = createRedactor(prepared.flatMap(({ redactor }) => redactor.secrets))
    io = { stdout: redactingStream(io.stdout, everySecret), stderr: redactingStream(io.stderr, everySecret) }
    const scrub = (text: string) => everySecret.text(text)
    for (const target of prepared) io.stdout.write(describeTarget(target))
    for (const target of prepared) io.stderr.write(tooShortNote(target.tooShort))
    const color = useColor(io.stdout)
    const targets = prepared.map((p) => p.target)
    const running = runTargets(targets, options, { ...io, color, redactor: prepared[0]!.redactor })
    // The report model needs the suites and the spec: loaded while the run waits on the targets.
    const { buildRunReport } = await import('./run-report.ts')
    const runs = await running
    const folders = several ? targetFolders(targets.map((t) => t.name)) : ['']
    const codes: number[] = []
    const reports: { report: Report; folder: string }[] = []
    for (const [index, target] of targets.entries()) {
      const run = runs[index]!
      const report = buildRunReport({ target, options, run, startedAt })
      const known = expectations[index]
      if (known) report.expectations = compareWithExpectations(report, known, all[index]!.expectations!)
      // With several targets, each target's files go in its folder and the terminal shows the matrix.
      const perTarget = several ? reportWriters.filter((writer) => writer.name !== 'terminal') : reportWriters
      const dir = path.join(options.reportDir, folders[index]!)
      const context = { scrub, out: io.stdout, color, dir, verbose: options.verbose }
      await writeReportsOrFallBack(report, perTarget, context, io.stderr, folders[index])
      const unjudged = run.blocked === undefined ? mostlyInconclusive(report) : null
      if (unjudged) {
        const which = several ? `target ${target.name}: ` : ''
        io.stderr.write(`oai-conformance: ${which}the target could not be judged: ${unjudged}\n`)
      }
      codes.push(exitCode({ ...run, report, ...(options.failOn && { failOn: options.failOn }) }))
      reports.push({ report, folder: folders[index]! })
    }
    if (several) {
      const matrix = buildMatrix(reports)
      const files = await writeMatrix(matrix, options.reportDir, { scrub })
      io.stdout.write(matrixSummary(matrix, printable))
      io.stdout.write(`Reports: ${files.join(', ')}, and each target's in its folder (${folders.join(', ')})\n`)
    }
    return Math.max(...codes)
  } catch (error) {
    // The CLI prints the message of an error that ends the run: redacted like the rest.
    if (error instanceof Error)
      error.message = prepared.reduce((out, { redactor }) => redactor.text(out), error.message)
    throw error
  } finally {
    await Promise.all(prepared.map((target) => target.close()))
  }
}

/**
 * Writes the reports to `context.dir`; when that fails (the folder was fine when checked:
 * whatever broke since, the results are not lost), to a fresh temporary folder, said on `stderr`.
 */
export async function writeReportsOrFallBack(
  report: Report,
  writers: readonly ReportWriter[],
  context: Omit<ReportWriterContext, 'files'>,
  stderr: NodeJS.WritableStream,
  /** The target's folder inside the report folder, kept inside the temporary one. */
  folder = '',
): Promise<void> {
  await writeReports(report, writers, context).catch(async (error) => {
    const dir = path.join(await fallbackReportDir(), folder)
    stderr.write(
      `oai-conformance: could not write the reports to ${context.dir} (${firstLine(error)}); writing them to ${dir}\n`,
    )
    await writeReports(report, writers, { ...context, dir })
  })
}

/** A folder name per target, from its name: lower case, runs of other characters as `-`, distinct. */
export function targetFolders(names: readonly string[]): string[] {
  const taken = new Set<string>()
  return names.map((name) => {
    const base =
      name
        .toLowerCase()
        .replace(/[^a-z0-9._]+/g, '-')
        .replace(/^[-.]+|-+$/g, '') || 'target'
    let folder = base
    for (let n = 2; taken.has(folder); n++) folder = `${base}-${n}`
    taken.add(folder)
    return folder
  })
}
