/**
 * Known deviations of a target: an expectations file names the results a team already knows
 * about (a case, or one check of a case, with the status it is expected to have, why, and
 * the issue tracking it), so a nightly job alerts on new failures and on unexpected passes,
 * and not on the known ones. Like web-platform-tests' expectation files.
 *
 * A known failure is still a failure: expectations change what the exit code alerts on and
 * how reports group results, never a case's status or the certification verdict.
 */
import type { CaseResult, Status } from '../core/types.ts'

/** What expectations are compared with: a report's cases (and, to name the file's target, its target). */
export interface ReportedResults {
  cases: readonly CaseResult[]
  target: { name: string }
}

/** The version of the expectations file format. */
export const EXPECTATIONS_VERSION = 1

/** One known result. */
export interface Expectation {
  /** The case id. */
  case: string
  /** A check id of that case; absent: the expectation is about the case's own status. */
  check?: string
  /** The status the result is expected to have (`fail` or `warn`, usually). */
  status: Status
  /** Why: what the target does and why it is accepted for now. */
  reason: string
  /** A link to the issue that tracks it, if any. */
  issue?: string
}

/** An expectations file (`expectations.json`). */
export interface ExpectationsFile {
  version: typeof EXPECTATIONS_VERSION
  /** The target the file was made for (information only). */
  target?: string
  expectations: Expectation[]
}

/** A result, named by case and check. */
export interface ResultRef {
  case: string
  check?: string
  status: Status
  message: string
}

/** How a run's results compare with the expectations (`report.json` `expectations`). */
export interface ExpectationsOutcome {
  /** The file, as given. */
  file: string
  /** Known results that came out as expected. */
  expected: (ResultRef & Pick<Expectation, 'reason' | 'issue'>)[]
  /** Failures and warnings no expectation names, or worse than expected: what to alert on. */
  unexpected: ResultRef[]
  /** Expected to fail or warn, and passed: fixed (update the file) or no longer detected. */
  unexpectedPasses: (ResultRef & Pick<Expectation, 'reason' | 'issue'>)[]
  /** Expectations whose case or check did not run (or was skipped or inconclusive). */
  unmatched: Expectation[]
}

const JUDGED_BAD: ReadonlySet<Status> = new Set(['fail', 'warn'])
const STATUSES: ReadonlySet<string> = new Set(['pass', 'fail', 'warn', 'skip', 'inconclusive'])

/** The expectations of every failure and warning in a report, to be edited (reasons, issues). */
export function expectationsFromReport(report: ReportedResults): ExpectationsFile {
  const expectations: Expectation[] = []
  for (const result of report.cases) {
    if (result.checks.length === 0 && JUDGED_BAD.has(result.status)) {
      expectations.push({ case: result.id, status: result.status, reason: result.reason ?? result.title })
    }
    for (const check of result.checks) {
      if (!JUDGED_BAD.has(check.status)) continue
      expectations.push({ case: result.id, check: check.id, status: check.status, reason: firstLine(check.message) })
    }
  }
  return { version: EXPECTATIONS_VERSION, target: report.target.name, expectations }
}

/** Compares a report's results with the expectations. */
export function compareWithExpectations(
  report: Pick<ReportedResults, 'cases'>,
  file: ExpectationsFile,
  fileLabel: string,
): ExpectationsOutcome {
  const outcome: ExpectationsOutcome = {
    file: fileLabel,
    expected: [],
    unexpected: [],
    unexpectedPasses: [],
    unmatched: [],
  }
  const byKey = new Map(file.expectations.map((e) => [keyOf(e.case, e.check), e]))
  const matched = new Set<Expectation>()
  const judge = (ref: ResultRef) => {
    const expectation = byKey.get(keyOf(ref.case, ref.check))
    if (!expectation) {
      if (JUDGED_BAD.has(ref.status)) outcome.unexpected.push(ref)
      return
    }
    if (ref.status === 'skip' || ref.status === 'inconclusive') return
    matched.add(expectation)
    const known = { ...ref, reason: expectation.reason, ...(expectation.issue && { issue: expectation.issue }) }
    if (ref.status === expectation.status) outcome.expected.push(known)
    else if (ref.status === 'pass') outcome.unexpectedPasses.push(known)
    else if (expectation.status === 'fail' && ref.status === 'warn') outcome.expected.push(known)
    else outcome.unexpected.push(ref)
  }
  for (const result of report.cases) {
    // A case is judged by its checks; by its own status when it has none (skipped or
    // inconclusive as a whole), or when an expectation names the case itself.
    if (result.checks.length === 0 || byKey.has(keyOf(result.id, undefined))) {
      judge({ case: result.id, status: result.status, message: result.reason ?? caseMessage(result) })
    }
    for (const check of result.checks) {
      judge({ case: result.id, check: check.id, status: check.status, message: firstLine(check.message) })
    }
  }
  outcome.unmatched = file.expectations.filter((e) => !matched.has(e))
  return outcome
}

/**
 * True when the results hold what a nightly job alerts on: a failure the expectations do not
 * foresee, or an expected failure or warning that now passes (an unexpected warning is reported,
 * and does not fail the run, as without expectations).
 */
export function hasUnexpected(outcome: ExpectationsOutcome): boolean {
  return outcome.unexpected.some((ref) => ref.status === 'fail') || outcome.unexpectedPasses.length > 0
}

/** Reads an expectations file's parsed JSON; the one-line problem when it is not one. */
export function parseExpectations(value: unknown): { file: ExpectationsFile } | { problem: string } {
  if (!isRecord(value) || value.version !== EXPECTATIONS_VERSION || !Array.isArray(value.expectations)) {
    return {
      problem: `not an expectations file (expected {"version": ${EXPECTATIONS_VERSION}, "expectations": [...]})`,
    }
  }
  for (const [index, entry] of value.expectations.entries()) {
    const problem = expectationProblem(entry)
    if (problem) return { problem: `expectations[${index}]: ${problem}` }
  }
  return { file: value as unknown as ExpectationsFile }
}

function expectationProblem(entry: unknown): string | null {
  if (!isRecord(entry)) return 'must be an object'
  if (typeof entry.case !== 'string' || entry.case === '') return '"case" must be a case id'
  if (entry.check !== undefined && typeof entry.check !== 'string') return '"check" must be a check id'
  if (typeof entry.status !== 'string' || !STATUSES.has(entry.status)) {
    return '"status" must be one of pass, fail, warn, skip, inconclusive'
  }
  if (typeof entry.reason !== 'string') return '"reason" must say why the result is expected'
  if (entry.issue !== undefined && typeof entry.issue !== 'string') return '"issue" must be a link'
  return null
}

function keyOf(caseId: string, checkId: string | undefined): string {
  return checkId === undefined ? caseId : `${caseId}\u0000${checkId}`
}

function caseMessage(result: CaseResult): string {
  return result.checks.find((check) => check.status === result.status)?.message ?? result.title
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? ''
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The comparison in a few lines: counts, then each unexpected result and unexpected pass. */
export function describeExpectations(outcome: ExpectationsOutcome): string[] {
  const ref = (r: ResultRef) => `  ${r.case}${r.check ? `  ${r.check}` : ''}: ${r.status}  ${r.message}`
  return [
    `Expectations (${outcome.file}): ${outcome.expected.length} as expected, ${outcome.unexpected.length} unexpected, ${outcome.unexpectedPasses.length} unexpected pass(es), ${outcome.unmatched.length} not seen`,
    ...outcome.unexpected.map((r) => `unexpected${ref(r)}`),
    ...outcome.unexpectedPasses.map((r) => `now passes${ref(r)} (known as: ${r.reason})`),
  ]
}
