/** `report.json`: the report model as JSON, keys in the canonical order. */
import { canonicalReport } from '../src/report/report.ts'
import type { Report } from '../src/report/report.ts'
import { FileReportWriter, type FileWriterOptions, writeReportFile } from './write-file.ts'
import type { WriteOptions } from './write-file.ts'

export const JSON_REPORT_FILE = 'report.json'

/** `report.json`: two-space indented, keys in the canonical order, trailing newline. */
export function toJsonReport(report: Report): string {
  return `${JSON.stringify(canonicalReport(report), null, 2)}\n`
}

/** Writes `dir/report.json`; returns its absolute path. */
export function writeJsonReport(dir: string, report: Report, options?: WriteOptions): Promise<string> {
  return writeReportFile(dir, JSON_REPORT_FILE, toJsonReport(report), options)
}

export interface JsonWriterOptions extends FileWriterOptions {
  /**
   * The file's name inside the report folder.
   * @default 'report.json'
   */
  file?: string
}

/** The `json` writer: `report.json` in the report folder. */
export class JsonWriter extends FileReportWriter {
  constructor(options: JsonWriterOptions = {}) {
    super('json', options.file ?? JSON_REPORT_FILE, toJsonReport)
  }
}
