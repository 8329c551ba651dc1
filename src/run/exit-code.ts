/** The process exit code of a run. */
import type { Report } from '../report/report.ts'

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
  report: Pick<Report, 'summary'>
}

/**
 * `usage` when the target could not be tested, `failed` when a check failed or anything
 * went wrong outside the cases (the run did not do what it claims: never a green exit),
 * else `ok`.
 */
export function exitCode(outcome: RunOutcome): ExitCode {
  if (outcome.blocked !== undefined) return EXIT.usage
  return outcome.report.summary.failed > 0 || outcome.runErrors.length > 0 ? EXIT.failed : EXIT.ok
}
