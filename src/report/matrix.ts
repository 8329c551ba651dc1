/**
 * The matrix of a run over several targets: targets × capabilities and targets × cases, like a
 * provider compatibility dashboard. Built from the targets' reports; writers render it.
 */
import type { Capability } from '../core/capabilities.ts'
import type { Status } from '../core/types.ts'
import type { Report, ReportSummary } from './report.ts'

export interface MatrixTarget {
  name: string
  baseURL: string
  summary: ReportSummary
  /** Where its own reports are, relative to the matrix (its folder). */
  folder: string
}

export interface MatrixRow<Id extends string = string> {
  id: Id
  /** One status per target, in `targets` order; null where the target has no such row. */
  statuses: (Status | null)[]
  /** True when the targets do not all agree. */
  differs: boolean
}

export interface Matrix {
  /** ISO 8601: when the run started. */
  startedAt: string
  tool: Report['tool']
  spec: Report['spec']
  targets: MatrixTarget[]
  capabilities: MatrixRow<Capability>[]
  cases: (MatrixRow & { capability: Capability; title: string })[]
}

/** The matrix of the reports (one per target, each with the folder its files are in). */
export function buildMatrix(reports: readonly { report: Report; folder: string }[]): Matrix {
  const first = reports[0]?.report
  if (!first) throw new Error('a matrix needs at least one report')
  const row = <Id extends string>(id: Id, statuses: (Status | null)[]): MatrixRow<Id> => ({
    id,
    statuses,
    differs: new Set(statuses).size > 1,
  })
  const capabilityIds = unique(reports.flatMap(({ report }) => report.capabilities.map((c) => c.id)))
  const caseInfo = new Map<string, { capability: Capability; title: string }>()
  for (const { report } of reports) {
    for (const result of report.cases) {
      if (!caseInfo.has(result.id)) caseInfo.set(result.id, { capability: result.capability, title: result.title })
    }
  }
  return {
    startedAt: first.startedAt,
    tool: first.tool,
    spec: first.spec,
    targets: reports.map(({ report, folder }) => ({
      name: report.target.name,
      baseURL: report.target.baseURL,
      summary: report.summary,
      folder,
    })),
    capabilities: capabilityIds.map((id) =>
      row(
        id,
        reports.map(({ report }) => report.capabilities.find((c) => c.id === id)?.status ?? null),
      ),
    ),
    cases: [...caseInfo].map(([id, info]) => ({
      ...row(
        id,
        reports.map(({ report }) => report.cases.find((c) => c.id === id)?.status ?? null),
      ),
      ...info,
    })),
  }
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)]
}
