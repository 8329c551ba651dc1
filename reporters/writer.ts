/**
 * A report writer renders the finished report model (`src/report/`) somewhere: a file in the
 * report folder, or the terminal. Writers read the model; they never build or change it.
 * `writeReports` runs a set of them in order, the way vitest calls its reporters.
 */
import type { Report } from '../src/report/report.ts'

/** Where and how the writers of one run write. */
export interface ReportWriterContext {
  /** The report folder (`--report-dir`); created when a writer first writes to it. */
  dir: string
  /** The last pass over every serialised text before it leaves the process: removes secrets. */
  scrub: (text: string) => string
  /** The terminal (the run's stdout). */
  out: NodeJS.WritableStream
  /** Whether `out` takes colour. */
  color: boolean
  /** The files the writers before this one wrote, in order (the terminal summary lists them). */
  files: readonly string[]
  /**
   * The user asked for every finding (`--verbose`); writers that condense may list all.
   * @default false
   */
  verbose?: boolean
}

/** One way of writing a report; every member documented, like vitest's `Reporter`. */
export interface ReportWriter {
  /** The name it goes by in `ReportWritersMap` (`json`, `junit`, `terminal`). */
  readonly name: string
  /** Writes the report; resolves to the absolute paths of the files written (none for a stream). */
  write(report: Report, context: ReportWriterContext): Promise<readonly string[]>
}

/** Runs the writers one after another, each seeing the files of those before it; resolves to every file written. */
export async function writeReports(
  report: Report,
  writers: readonly ReportWriter[],
  context: Omit<ReportWriterContext, 'files'>,
): Promise<string[]> {
  const files: string[] = []
  for (const writer of writers) files.push(...(await writer.write(report, { ...context, files: [...files] })))
  return files
}
