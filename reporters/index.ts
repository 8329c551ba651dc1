// Reports of a conformance run: the model, its writers, and the vitest reporter that
// collects the results.

// The report model
export {
  REPORT_SCHEMA_VERSION,
  buildReport,
  canonicalCase,
  canonicalReport,
  checksWithStatus,
} from '../src/report/report.ts'
export type {
  BuildReportInput,
  CapabilityReport,
  Report,
  ReportSummary,
  ReportTarget,
  SkippedCapability,
  SpecInfo,
  ToolInfo,
} from '../src/report/report.ts'
export { COUNT_KEY, STATUSES_WORST_FIRST, countStatuses, worstStatus } from '../src/report/status.ts'
export type { StatusCounts } from '../src/report/status.ts'

// Writers
export { JSON_REPORT_FILE, toJsonReport, writeJsonReport } from './json.ts'
export { JUNIT_REPORT_FILE, toJUnitXml, writeJUnitReport } from './junit.ts'
export type { WriteOptions } from './write-file.ts'
export { createProgressPrinter, formatSummary, useColor } from './terminal.ts'
export type { ProgressPrinter, ProgressPrinterOptions, SummaryOptions } from './terminal.ts'
export { describeCheck, formatFinding, formatSpecRef } from './describe.ts'

// vitest
export { ConformanceReporter, identifyTestCase } from './vitest-reporter.ts'
export type { ConformanceReporterOptions } from './vitest-reporter.ts'
export type { CaseIdentity } from '../src/report/meta.ts'
