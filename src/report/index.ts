/**
 * The report model: what a run's `report.json` holds, how it is built from case results,
 * status counting, and its published schema. Writers (`reporters/`) read it.
 */

// Building the report
export {
  REPORT_SCHEMA_VERSION,
  buildReport,
  canonicalCase,
  canonicalReport,
  checksWithStatus,
  tokenTotals,
} from './report.ts'
export type {
  BuildReportInput,
  CapabilityReport,
  Report,
  ReportSummary,
  ReportShard,
  ReportTarget,
  SkippedCapability,
  SpecInfo,
  TokenTotals,
  ToolInfo,
} from './report.ts'

// Certification
export { CERTIFICATION_LEVELS, certify, checkedStatement, requiredStatus } from './certification.ts'
export type {
  CapabilityCertification,
  CapabilityVerdict,
  Certification,
  CertificationInput,
  CertificationVerdict,
  LevelCertification,
  LevelDefinition,
  LevelId,
  LevelStatus,
  RequiredCounts,
} from './certification.ts'

// Statuses
export { COUNT_KEY, STATUSES_WORST_FIRST, countStatuses, worstStatus } from './status.ts'
export type { StatusCounts } from './status.ts'

// The schema
export { REPORT_SCHEMA, reportErrors, compiledReportSchema } from './schema.ts'

// What a test leaves in its vitest meta
export type { CaseIdentity } from './meta.ts'
