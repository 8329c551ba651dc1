import { canonicalReport } from '../src/report/report.ts'
import type { Report } from '../src/report/report.ts'
import { writeReportFile } from './write-file.ts'
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
