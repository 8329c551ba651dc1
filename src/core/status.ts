import type { Level, Status } from './types.ts'

/** Severity order for rolling statuses up: a case is as bad as its worst check. */
const SEVERITY: Record<Status, number> = { skip: 0, pass: 1, warn: 2, inconclusive: 3, fail: 4 }

/** fail > inconclusive > warn > pass > skip; nothing at all is `skip`. */
export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = 'skip'
  for (const status of statuses) if (SEVERITY[status] > SEVERITY[worst]) worst = status
  return worst
}

/** What a deviation found by a check of this level is reported as. */
export function deviationStatus(level: Level): Status {
  return level === 'required' ? 'fail' : 'warn'
}
