/** The process exit code of a run. */
import { hasUnexpected } from '../report/expectations.ts'
import type { Report } from '../report/report.ts'
import type { FailOn } from '../config/types.ts'

/**
 * Exit codes: 0 nothing failed, 1 a check failed, 2 usage/config error or the run could not
 * start (including a target that is unreachable or rejects the key: the report is still
 * written, every case inconclusive with the reason). Higher is worse: a run over several
 * targets exits with the highest of theirs.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

/** One of the `EXIT` codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** What the exit code of one target's run depends on. */
export interface RunOutcome {
  /** Set when the smoke request failed: the target could not be tested at all. */
  blocked?: string
  /** Problems outside any case (a suite that failed to load, an unhandled error). */
  runErrors: readonly string[]
  /** The report built from the run. */
  report: Pick<Report, 'summary' | 'cases' | 'expectations'>
  /** Results beyond failures that fail the run (`--fail-on`). @default [] */
  failOn?: readonly FailOn[]
}

/** The share of judged cases (skips aside) that, inconclusive, makes the run one that could not judge the target. */
export const INCONCLUSIVE_SHARE = 0.5

/**
 * Why the run could not judge the target: most of its cases (skips aside) were inconclusive,
 * as when the endpoint times out or answers 5xx to everything after a passing smoke request.
 * Names the commonest reason; null when the run judged enough.
 */
export function mostlyInconclusive(report: Pick<Report, 'summary' | 'cases'>): string | null {
  const { total, skipped, inconclusive } = report.summary
  const judged = total - skipped
  if (judged === 0 || inconclusive / judged < INCONCLUSIVE_SHARE) return null
  const reasons = new Map<string, number>()
  for (const result of report.cases) {
    if (result.status !== 'inconclusive') continue
    const reason =
      result.reason ?? result.checks.find((check) => check.status === 'inconclusive')?.message ?? 'no reason given'
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1)
  }
  const [commonest] = [...reasons].sort((a, b) => b[1] - a[1])
  return `${inconclusive} of ${judged} cases are inconclusive (${commonest?.[1]} of them: ${commonest?.[0]})`
}

/**
 * `usage` when the target could not be tested, `failed` when a check failed or anything
 * went wrong outside the cases (the run did not do what it claims: never a green exit),
 * `usage` again when most cases were inconclusive (a failure found is still the more useful
 * verdict, so it wins), else `ok`.
 */
export function exitCode(outcome: RunOutcome): ExitCode {
  if (outcome.blocked !== undefined) return EXIT.usage
  if (outcome.runErrors.length > 0) return EXIT.failed
  const { expectations } = outcome.report
  // With expectations, known failures are accounted for: only what they don't foresee fails the run.
  if (expectations ? hasUnexpected(expectations) : outcome.report.summary.failed > 0) return EXIT.failed
  const { inconclusive, warned } = outcome.report.summary
  if (outcome.failOn?.includes('warn') && warned > 0) return EXIT.failed
  if (outcome.failOn?.includes('inconclusive') && inconclusive > 0 && mostlyInconclusive(outcome.report) === null)
    return EXIT.failed
  return mostlyInconclusive(outcome.report) === null ? EXIT.ok : EXIT.usage
}
