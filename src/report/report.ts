/**
 * The report model (`report.json`, schema in `report.schema.json`) and its builder. Every
 * writer (JSON, JUnit, terminal) renders this one model.
 */
import { CAPABILITIES, MODEL_ROLES } from '../core/capabilities.ts'
import type { Capability, ModelRole } from '../core/capabilities.ts'
import type { CaseResult, CheckOutcome, Status, TokenUsage } from '../core/types.ts'
import { certify, type Certification } from './certification.ts'
import type { ExpectationsOutcome } from './expectations.ts'
import { countStatuses, worstStatus } from './status.ts'
import type { StatusCounts } from './status.ts'

export const REPORT_SCHEMA_VERSION = 1

export interface ToolInfo {
  name: string
  version: string
}

/** The recorded OpenAPI description the checks were judged against. */
export interface SpecInfo {
  /** Where it came from, e.g. `github.com/openai/openai-openapi`. */
  source: string
  commit: string
  /** Its `info.version`. */
  version: string
  /** When the schemas bundle was recorded from it (ISO date). */
  recordedAt?: string
}

export interface ReportTarget {
  name: string
  baseURL: string
  models: Partial<Record<ModelRole, string>>
}

/** Case counts: `total` and one per status. */
export interface ReportSummary extends StatusCounts {
  total: number
}

/** Tokens consumed: the usage the responses reported, summed (exchanges that reported none count nothing). */
export interface TokenTotals extends TokenUsage {
  /** Exchanges whose response reported usage. */
  reported: number
}

export interface CapabilityReport {
  id: Capability
  /** The worst status of its cases; `skip` when none ran. */
  status: Status
  /** Why the capability did not run, when it was skipped as a whole. */
  reason?: string
  counts: StatusCounts
  /** The tokens its cases consumed. */
  tokens: TokenTotals
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION
  tool: ToolInfo
  spec: SpecInfo
  target: ReportTarget
  /** ISO 8601. */
  startedAt: string
  durationMs: number
  summary: ReportSummary
  /** The tokens the run consumed (per capability: `capabilities[].tokens`). */
  tokens: TokenTotals
  /** In the canonical capability order (`CAPABILITIES`). */
  capabilities: CapabilityReport[]
  /** Grouped by capability in canonical order; within one, in the order given. */
  cases: CaseResult[]
  /** The `--case` pattern the run selected cases with; absent when every case of the selected capabilities ran. */
  caseFilter?: string
  /** What the results entitle the target to claim (`src/report/certification.ts`, `CERTIFICATION.md`). */
  certification: Certification
  /** How the results compare with the target's known deviations, when it has an expectations file. */
  expectations?: ExpectationsOutcome
  /** Set when the run took one part of the cases (`--shard I/N`); `oai-conformance merge` joins the parts. */
  shard?: ReportShard
}

/** The part of the cases a sharded run took. */
export interface ReportShard {
  index: number
  count: number
}

export interface SkippedCapability {
  id: Capability
  reason: string
}

export interface BuildReportInput {
  tool: ToolInfo
  spec: SpecInfo
  target: ReportTarget
  startedAt: Date
  durationMs: number
  cases: readonly CaseResult[]
  /** Capabilities selected for the run; each gets an entry even when no case of it ran. */
  capabilitiesRun: readonly Capability[]
  /** Capabilities not run as a whole (e.g. no model configured for them), with the reason. */
  skippedCapabilities?: readonly SkippedCapability[]
  /** The part of the cases the run took, when sharded. */
  shard?: ReportShard
  /**
   * The `--case` pattern cases were selected with, if any: such a run certifies nothing.
   * @default null
   */
  casePattern?: string | null
}

export function buildReport(input: BuildReportInput): Report {
  const cases = [...input.cases].sort((a, b) => capabilityIndex(a.capability) - capabilityIndex(b.capability))
  const skippedReasons = new Map((input.skippedCapabilities ?? []).map((skipped) => [skipped.id, skipped.reason]))
  const mentioned = new Set<Capability>([
    ...input.capabilitiesRun,
    ...skippedReasons.keys(),
    ...cases.map((c) => c.capability),
  ])

  const capabilities = CAPABILITIES.filter((id) => mentioned.has(id)).map((id): CapabilityReport => {
    const own = cases.filter((c) => c.capability === id)
    const statuses = own.map((c) => c.status)
    const reason = skippedReasons.get(id)
    return {
      id,
      status: worstStatus(statuses),
      ...(reason !== undefined && { reason }),
      counts: countStatuses(statuses),
      tokens: tokenTotals(own),
    }
  })

  const header: Omit<Report, 'certification'> = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: input.tool,
    // Field by field: the report must match its schema whatever else the caller's object carries.
    spec: {
      source: input.spec.source,
      commit: input.spec.commit,
      version: input.spec.version,
      ...(input.spec.recordedAt !== undefined && { recordedAt: input.spec.recordedAt }),
    },
    target: input.target,
    startedAt: input.startedAt.toISOString(),
    durationMs: input.durationMs,
    summary: { total: cases.length, ...countStatuses(cases.map((c) => c.status)) },
    tokens: tokenTotals(cases),
    capabilities,
    cases,
    ...(input.casePattern != null && { caseFilter: input.casePattern }),
    ...(input.shard && { shard: { index: input.shard.index, count: input.shard.count } }),
  }
  return canonicalReport({ ...header, certification: certify(header) })
}

/** The usage every exchange of the cases reported, summed. */
export function tokenTotals(cases: readonly CaseResult[]): TokenTotals {
  const totals: TokenTotals = { prompt: 0, completion: 0, total: 0, reported: 0 }
  for (const result of cases) {
    for (const { usage } of result.exchanges) {
      if (!usage) continue
      totals.prompt += usage.prompt
      totals.completion += usage.completion
      totals.total += usage.total
      totals.reported++
    }
  }
  return totals
}

function capabilityIndex(capability: Capability): number {
  return CAPABILITIES.indexOf(capability)
}

/** The checks of a case with a given status, in the case's order. */
export function checksWithStatus(result: CaseResult, status: Status): CheckOutcome[] {
  return result.checks.filter((check) => check.status === status)
}

// Key order. JSON.stringify keeps insertion order, and results are built in many places,
// so the report is rebuilt with a fixed order: the same run gives the same bytes. Keys
// not listed here are kept (after the listed ones), never dropped; values the target sent
// (bodies, `actual`, `expected`) keep the target's own order.

const ORDER = {
  report: [
    'schemaVersion',
    'tool',
    'spec',
    'target',
    'startedAt',
    'durationMs',
    'summary',
    'tokens',
    'caseFilter',
    'certification',
    'capabilities',
    'cases',
    'expectations',
    'shard',
  ],
  tool: ['name', 'version'],
  spec: ['source', 'commit', 'version', 'recordedAt'],
  target: ['name', 'baseURL', 'models'],
  models: MODEL_ROLES,
  summary: ['total', 'passed', 'failed', 'warned', 'skipped', 'inconclusive'],
  capability: ['id', 'status', 'reason', 'counts', 'tokens'],
  tokens: ['prompt', 'completion', 'total', 'reported'],
  case: ['id', 'capability', 'title', 'status', 'reason', 'asked', 'source', 'durationMs', 'checks', 'exchanges'],
  source: ['file', 'entry', 'line', 'exchange'],
  check: ['id', 'level', 'status', 'spec', 'message', 'note', 'evidence'],
  specRef: ['operationId', 'pointer', 'doc'],
  evidence: ['request', 'response', 'findings', 'retries', 'transportError'],
  request: ['method', 'url', 'body'],
  response: ['status', 'contentType', 'excerpt'],
  finding: ['message', 'at', 'actual', 'expected'],
  exchange: [
    'name',
    'method',
    'url',
    'status',
    'headersMs',
    'firstByteMs',
    'firstContentMs',
    'totalMs',
    'retries',
    'chunks',
    'events',
    'requestBody',
    'contentType',
    'responseExcerpt',
    'timeline',
    'transportError',
    'usage',
  ],
  timelineEvent: ['t', 'event', 'data'],
} as const

function ordered<T extends object>(
  value: T,
  order: readonly string[],
  nested: Record<string, (v: any) => unknown> = {},
): T {
  const source = value as Record<string, unknown>
  const keys = [...order.filter((key) => key in source), ...Object.keys(source).filter((key) => !order.includes(key))]
  const out: Record<string, unknown> = {}
  for (const key of keys) {
    const child = source[key]
    const transform = nested[key]
    out[key] = transform && child !== undefined && child !== null ? transform(child) : child
  }
  return out as T
}

const counts = (value: StatusCounts) => ordered(value, ORDER.summary)

function canonicalCheck(check: CheckOutcome): CheckOutcome {
  return ordered(check, ORDER.check, {
    spec: (spec) => ordered(spec, ORDER.specRef),
    evidence: (evidence) =>
      ordered(evidence, ORDER.evidence, {
        request: (request) => ordered(request, ORDER.request),
        response: (response) => ordered(response, ORDER.response),
        findings: (findings: object[]) => findings.map((finding) => ordered(finding, ORDER.finding)),
      }),
  })
}

export function canonicalCase(result: CaseResult): CaseResult {
  return ordered(result, ORDER.case, {
    checks: (checks: CheckOutcome[]) => checks.map(canonicalCheck),
    exchanges: (exchanges: object[]) =>
      exchanges.map((exchange) =>
        ordered(exchange, ORDER.exchange, {
          timeline: (events: object[]) => events.map((event) => ordered(event, ORDER.timelineEvent)),
          usage: (usage) => ordered(usage, ORDER.tokens),
        }),
      ),
    source: (source) => ordered(source, ORDER.source),
  })
}

/** The report with every object's keys in the canonical order (see `ORDER`). */
export function canonicalReport(report: Report): Report {
  return ordered(report, ORDER.report, {
    tool: (tool) => ordered(tool, ORDER.tool),
    spec: (spec) => ordered(spec, ORDER.spec),
    target: (target) => ordered(target, ORDER.target, { models: (models) => ordered(models, ORDER.models) }),
    summary: counts,
    tokens: (tokens) => ordered(tokens, ORDER.tokens),
    capabilities: (capabilities: CapabilityReport[]) =>
      capabilities.map((capability) =>
        ordered(capability, ORDER.capability, { counts, tokens: (tokens) => ordered(tokens, ORDER.tokens) }),
      ),
    cases: (cases: CaseResult[]) => cases.map(canonicalCase),
  })
}
