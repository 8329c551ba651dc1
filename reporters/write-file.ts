import { mkdir, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Report } from '../src/report/report.ts'
import type { ReportWriter, ReportWriterContext } from './writer.ts'

export interface WriteOptions {
  /**
   * Applied to the serialised text just before it is written: the last chance to remove
   * secrets. It must keep the format valid (replace a secret with a plain token).
   */
  scrub?: (text: string) => string
}

/**
 * Writes `dir/name` (creating `dir`), through a temporary file and a rename so a reader
 * (a CI step) never sees half a report. Returns the absolute path.
 */
export async function writeReportFile(
  dir: string,
  name: string,
  text: string,
  options: WriteOptions = {},
): Promise<string> {
  const file = path.resolve(dir, name)
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, options.scrub ? options.scrub(text) : text, 'utf8')
  await rename(temporary, file)
  return file
}

/** Options of a writer that writes one file into the report folder. */
export interface FileWriterOptions {
  /** The file's name inside the report folder; each writer documents its default. */
  file?: string
}

/**
 * A writer of one file in the report folder: the report rendered as text, scrubbed, written
 * through `writeReportFile`. The file writers (`json`, `junit`) are this with a name, a
 * default file name and a renderer.
 */
export class FileReportWriter implements ReportWriter {
  readonly name: string
  readonly #file: string
  readonly #render: (report: Report) => string

  constructor(name: string, file: string, render: (report: Report) => string) {
    this.name = name
    this.#file = file
    this.#render = render
  }

  async write(report: Report, context: ReportWriterContext): Promise<readonly string[]> {
    const text = this.#render(scrubbedReport(report, context.scrub))
    return [await writeReportFile(context.dir, this.#file, text, { scrub: context.scrub })]
  }
}

/**
 * The report with `scrub` applied to every string in it, before a writer renders it: a
 * format's escaping can change how a secret is spelled (Markdown escapes `_`, XML `&`),
 * which the pass over the finished text would then miss. (JSON spells a secret as is, unless
 * it holds a quote, a backslash or a control character, which no key does.)
 */
export function scrubbedReport(report: Report, scrub: (text: string) => string): Report {
  let byScrub = scrubbed.get(report)
  if (!byScrub) scrubbed.set(report, (byScrub = new WeakMap()))
  let result = byScrub.get(scrub)
  if (!result) byScrub.set(scrub, (result = JSON.parse(scrub(JSON.stringify(report))) as Report))
  return result
}

/**
 * Scrubbed copies, once per report and scrub: every writer of a run asks for the same one, and
 * scrubbing a large report (a hostile endpoint's evidence) is the costliest step of writing.
 * Writers only read the copy.
 */
const scrubbed = new WeakMap<Report, WeakMap<(text: string) => string, Report>>()
