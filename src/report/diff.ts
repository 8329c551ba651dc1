/**
 * What changed between two reports of the same target: the question a nightly job asks
 * ("did provider X break compatibility last night?"). Pure: two parsed reports in, a
 * `ReportDiff` out; the `diff` command prints it and exits 1 on any regression.
 *
 * Results are compared per check within each case (case id + check id), so a case that was
 * already failing and now fails one more check is a regression too.
 */
import type { Status } from '../core/types.ts'
import type { Report } from './report.ts'

/** How bad a judged status is; `skip` and `inconclusive` judged nothing and have no rank. */
const SEVERITY: Partial<Record<Status, number>> = { pass: 0, warn: 1, fail: 2 }

/** One check of one case whose status changed. */
export interface CheckChange {
  caseId: string
  checkId: string
  from: Status
  to: Status
  /** The new message (the old one when the check is gone). */
  message: string
}

/** A case present in only one of the reports. */
export interface CaseChange {
  caseId: string
  status: Status
}

export interface ReportDiff {
  /** pass → warn/fail, or warn → fail. */
  regressions: CheckChange[]
  /** fail/warn → pass, or fail → warn. */
  fixes: CheckChange[]
  /** A change to or from `skip` or `inconclusive`: nothing was judged on one side. */
  unverified: CheckChange[]
  /** A check that appeared in or disappeared from a case present in both (a tool upgrade, a changed case). */
  checksAdded: CheckChange[]
  checksRemoved: CheckChange[]
  casesAdded: CaseChange[]
  casesRemoved: CaseChange[]
  /** Set when the two reports are of different targets (a diff across targets is allowed, and said). */
  targetsDiffer?: { from: string; to: string }
}

/** How one status moved to another: a regression, a fix, or a move into or out of "nothing judged". */
export function classifyChange(from: Status, to: Status): 'regression' | 'fix' | 'unverified' | 'same' {
  if (from === to) return 'same'
  const before = SEVERITY[from]
  const after = SEVERITY[to]
  if (before === undefined || after === undefined) return 'unverified'
  return after > before ? 'regression' : 'fix'
}

export function diffReports(before: Report, after: Report): ReportDiff {
  const diff: ReportDiff = {
    regressions: [],
    fixes: [],
    unverified: [],
    checksAdded: [],
    checksRemoved: [],
    casesAdded: [],
    casesRemoved: [],
  }
  if (before.target.name !== after.target.name || before.target.baseURL !== after.target.baseURL) {
    diff.targetsDiffer = { from: targetLabel(before), to: targetLabel(after) }
  }
  const beforeCases = new Map(before.cases.map((c) => [c.id, c]))
  const afterIds = new Set(after.cases.map((c) => c.id))

  for (const afterCase of after.cases) {
    const beforeCase = beforeCases.get(afterCase.id)
    if (!beforeCase) {
      diff.casesAdded.push({ caseId: afterCase.id, status: afterCase.status })
      continue
    }
    const beforeChecks = new Map(beforeCase.checks.map((check) => [check.id, check]))
    const afterChecks = new Set(afterCase.checks.map((check) => check.id))
    // A case skipped or inconclusive as a whole has no checks: compare the case's own status.
    if (beforeCase.checks.length === 0 || afterCase.checks.length === 0) {
      const change = {
        caseId: afterCase.id,
        checkId: '(case)',
        from: beforeCase.status,
        to: afterCase.status,
        message: afterCase.reason ?? afterCase.title,
      }
      record(diff, change)
      continue
    }
    for (const check of afterCase.checks) {
      const old = beforeChecks.get(check.id)
      const change = {
        caseId: afterCase.id,
        checkId: check.id,
        from: old?.status ?? check.status,
        to: check.status,
        message: check.message,
      }
      if (old) record(diff, change)
      else diff.checksAdded.push(change)
    }
    for (const old of beforeCase.checks) {
      if (!afterChecks.has(old.id)) {
        diff.checksRemoved.push({
          caseId: afterCase.id,
          checkId: old.id,
          from: old.status,
          to: old.status,
          message: old.message,
        })
      }
    }
  }
  for (const beforeCase of before.cases) {
    if (!afterIds.has(beforeCase.id)) diff.casesRemoved.push({ caseId: beforeCase.id, status: beforeCase.status })
  }
  return diff
}

function record(diff: ReportDiff, change: CheckChange): void {
  const kind = classifyChange(change.from, change.to)
  if (kind === 'regression') diff.regressions.push(change)
  else if (kind === 'fix') diff.fixes.push(change)
  else if (kind === 'unverified') diff.unverified.push(change)
}

function targetLabel(report: Report): string {
  return `${report.target.name} (${report.target.baseURL})`
}

/** True when the diff holds anything a nightly job should alert on. */
export function hasRegressions(diff: ReportDiff): boolean {
  return diff.regressions.length > 0
}

/** The diff as text, one change a line, sections only when not empty. */
export function formatDiff(diff: ReportDiff): string {
  const lines: string[] = []
  if (diff.targetsDiffer)
    lines.push(`note: the reports are of different targets: ${diff.targetsDiffer.from} → ${diff.targetsDiffer.to}`)
  const section = (title: string, changes: readonly CheckChange[]) => {
    if (changes.length === 0) return
    lines.push(`${title} (${changes.length}):`)
    for (const c of changes) lines.push(`  ${c.caseId}  ${c.checkId}: ${c.from} → ${c.to}  ${firstLine(c.message)}`)
  }
  const caseSection = (title: string, changes: readonly CaseChange[]) => {
    if (changes.length === 0) return
    lines.push(`${title} (${changes.length}):`)
    for (const c of changes) lines.push(`  ${c.caseId}  ${c.status}`)
  }
  section('regressions', diff.regressions)
  section('fixes', diff.fixes)
  section('no longer judged, or judged again (skip/inconclusive)', diff.unverified)
  section('checks added', diff.checksAdded)
  section('checks removed', diff.checksRemoved)
  caseSection('cases added', diff.casesAdded)
  caseSection('cases removed', diff.casesRemoved)
  lines.push(
    `${diff.regressions.length} regression(s), ${diff.fixes.length} fix(es), ${diff.casesAdded.length} case(s) added, ${diff.casesRemoved.length} removed`,
  )
  return `${lines.join('\n')}\n`
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? ''
  return line.length > 160 ? `${line.slice(0, 157)}...` : line
}
