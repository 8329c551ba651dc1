/**
 * Findings grouped by root cause: one group per check across every case it hit, so an
 * endpoint that ignores `stream` reads as a handful of checks with their cases, not as
 * dozens of repeated failures. The terminal summary and `report.md` both list these.
 */
import type { CaseResult, CheckOutcome, Level, SpecRef, Status } from '../src/core/types.ts'
import type { Report } from '../src/report/report.ts'

/** One check that came out `status` in one or more cases. */
export interface CheckGroup {
  id: string
  level: Level
  status: Status
  spec: SpecRef
  /** Every case it hit, in report order, with the outcome there. */
  hits: { result: CaseResult; check: CheckOutcome }[]
}

/** The checks with `status`, most cases first (then in the order first seen). */
export function groupByCheck(report: Pick<Report, 'cases'>, status: Status): CheckGroup[] {
  const groups = new Map<string, CheckGroup>()
  for (const result of report.cases) {
    for (const check of result.checks) {
      if (check.status !== status) continue
      let group = groups.get(check.id)
      if (!group) {
        group = { id: check.id, level: check.level, status, spec: check.spec, hits: [] }
        groups.set(check.id, group)
      }
      group.hits.push({ result, check })
    }
  }
  return [...groups.values()].sort((a, b) => b.hits.length - a.hits.length)
}

/** Cases that failed without a failing check (the whole case failed for one reason). */
export function failedWithoutCheck(report: Pick<Report, 'cases'>): CaseResult[] {
  return report.cases.filter(
    (result) => result.status === 'fail' && !result.checks.some((check) => check.status === 'fail'),
  )
}

/** The case ids of a group, the first `limit` of them, and how many more there are. */
export function caseIds(group: CheckGroup, limit = Number.POSITIVE_INFINITY): { ids: string[]; more: number } {
  const ids = [...new Set(group.hits.map((hit) => hit.result.id))]
  return { ids: ids.slice(0, limit), more: Math.max(0, ids.length - limit) }
}
