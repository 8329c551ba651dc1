/**
 * Status vocabulary for reports. The ordering itself lives in the core vocabulary
 * (`src/core/status.ts`), re-exported here so a case and a report roll up the same way.
 */
import type { Status } from '../core/types.ts'

export { worstStatus } from '../core/status.ts'

/** Per-status counts, named as in the report. */
export interface StatusCounts {
  passed: number
  failed: number
  warned: number
  skipped: number
  inconclusive: number
}

/** The `StatusCounts` key of each status. */
export const COUNT_KEY = {
  pass: 'passed',
  fail: 'failed',
  warn: 'warned',
  skip: 'skipped',
  inconclusive: 'inconclusive',
} as const satisfies Record<Status, keyof StatusCounts>

/** Every status, worst first (for display). */
export const STATUSES_WORST_FIRST: readonly Status[] = ['fail', 'inconclusive', 'warn', 'pass', 'skip']

export function countStatuses(statuses: Iterable<Status>): StatusCounts {
  const counts: StatusCounts = { passed: 0, failed: 0, warned: 0, skipped: 0, inconclusive: 0 }
  for (const status of statuses) counts[COUNT_KEY[status]]++
  return counts
}
