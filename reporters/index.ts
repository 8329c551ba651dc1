/**
 * The writers of a conformance run's report, and the vitest reporter that collects the case
 * results the report is built from. The report model itself (building `report.json`, status
 * counts, the schema) is `src/report/`: writers read it, never build it.
 */
import { BadgesWriter, type BadgesWriterOptions } from './badges.ts'
import { HtmlWriter, type HtmlWriterOptions } from './html.ts'
import { JsonWriter, type JsonWriterOptions } from './json.ts'
import { JUnitWriter, type JUnitWriterOptions } from './junit.ts'
import { MarkdownWriter, type MarkdownWriterOptions } from './markdown.ts'
import { TerminalWriter, type TerminalWriterOptions } from './terminal.ts'
import type { ReportWriter } from './writer.ts'

// Writers
export { writeReports } from './writer.ts'
export type { ReportWriter, ReportWriterContext } from './writer.ts'
export { JSON_REPORT_FILE, JsonWriter, toJsonReport, writeJsonReport } from './json.ts'
export type { JsonWriterOptions } from './json.ts'
export { JUNIT_REPORT_FILE, JUnitWriter, toJUnitXml, writeJUnitReport } from './junit.ts'
export type { JUnitWriterOptions } from './junit.ts'
export { MARKDOWN_REPORT_FILE, MarkdownWriter, codeBlock, escapeMarkdown, toMarkdown } from './markdown.ts'
export type { MarkdownWriterOptions } from './markdown.ts'
export { HTML_REPORT_FILE, HtmlWriter, reportPolicy, scriptSafeJson, toHtml } from './html.ts'
export type { HtmlWriterOptions } from './html.ts'
export { BadgesWriter, capabilityBadges, overallBadge, renderBadge, textWidth } from './badges.ts'
export type { Badge, BadgesWriterOptions } from './badges.ts'
export type { WriteOptions } from './write-file.ts'
export { TerminalWriter, createProgressPrinter, formatSummary, useColor } from './terminal.ts'
export type { ProgressPrinter, ProgressPrinterOptions, SummaryOptions, TerminalWriterOptions } from './terminal.ts'
export { describeCheck, formatFinding, formatSpecRef } from './describe.ts'

// vitest
export { ConformanceReporter, identifyTestCase } from './vitest-reporter.ts'
export type { ConformanceReporterOptions } from './vitest-reporter.ts'

/** Every built-in writer by name (as vitest's `ReportersMap`): `new ReportWritersMap[name](options)`. */
export const ReportWritersMap = {
  json: JsonWriter,
  junit: JUnitWriter,
  markdown: MarkdownWriter,
  html: HtmlWriter,
  badges: BadgesWriter,
  terminal: TerminalWriter,
} as const

/** The name of a built-in writer. */
export type BuiltinWriterName = keyof typeof ReportWritersMap

/** The options of each built-in writer, by name. */
export interface BuiltinWriterOptions {
  json: JsonWriterOptions
  junit: JUnitWriterOptions
  markdown: MarkdownWriterOptions
  html: HtmlWriterOptions
  badges: BadgesWriterOptions
  terminal: TerminalWriterOptions
}

/** A writer by name, by name with its options, or an instance (a custom writer). */
export type ReportWriterReference =
  | ReportWriter
  | string
  | { [Name in BuiltinWriterName]: readonly [Name, BuiltinWriterOptions[Name]] }[BuiltinWriterName]

/** What a run writes: `report.json`, `junit.xml`, `report.md`, `report.html`, the badges, then the terminal summary listing them. */
export const DEFAULT_WRITERS: readonly BuiltinWriterName[] = ['json', 'junit', 'markdown', 'html', 'badges', 'terminal']

/** A writer name that is not in `ReportWritersMap`. */
export class UnknownWriterError extends Error {
  override readonly name = 'UnknownWriterError'
}

/** Whether `name` is a built-in writer's name. */
export function isBuiltinWriterName(name: string): name is BuiltinWriterName {
  return Object.hasOwn(ReportWritersMap, name)
}

/** The writers for `references`, in order; an unknown name throws `UnknownWriterError` naming the known ones. */
export function createReportWriters(references: readonly ReportWriterReference[] = DEFAULT_WRITERS): ReportWriter[] {
  return references.map((reference) => {
    if (typeof reference === 'object' && !Array.isArray(reference)) return reference as ReportWriter
    const [name, options] = typeof reference === 'string' ? [reference, {}] : (reference as readonly [string, object])
    if (!isBuiltinWriterName(name))
      throw new UnknownWriterError(
        `unknown report writer "${name}" (known: ${Object.keys(ReportWritersMap).join(', ')})`,
      )
    return new ReportWritersMap[name](options)
  })
}
