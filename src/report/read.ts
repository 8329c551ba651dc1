/** Reading a `report.json` back (for `diff`, expectations and `merge`): parsed and checked against its schema. */
import { readFileSync } from 'node:fs'
import type { Report } from './report.ts'
import { reportErrors } from './schema.ts'

/** A report read from a file, or the one-line reason it is not one. */
export type ReadReport = { report: Report } | { problem: string }

export function readReportFile(path: string): ReadReport {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return { problem: `${path}: cannot read it (${code ?? String(error)})` }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { problem: `${path}: not JSON (is it a report.json?)` }
  }
  const errors = reportErrors(value)
  if (errors.length > 0) return { problem: `${path}: not a report.json of this tool (${errors[0]})` }
  return { report: value as Report }
}
