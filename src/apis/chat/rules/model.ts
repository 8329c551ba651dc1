/**
 * The model a completion (or a stream chunk) names: the one the request asked for, or a
 * dated snapshot of it. OpenAI answers a request for the alias `gpt-4o` with
 * `gpt-4o-2024-08-06` (../shared/real-traffic/), and older snapshots carry a four-digit
 * date (`gpt-4-0613`).
 */
import { finding } from '../../../core/define.ts'
import type { Finding } from '../../../core/types.ts'
import { show } from '../../shared/body.ts'

/** A snapshot suffix: `-2024-08-06`, `-20240806` or `-0613`. */
const SNAPSHOT_SUFFIX = /^-(\d{4}-\d{2}-\d{2}|\d{8}|\d{4})$/

/** `served` is `requested`, or a dated snapshot of it (case-insensitively). */
export function namesRequestedModel(served: string, requested: string): boolean {
  const answer = served.toLowerCase()
  const asked = requested.toLowerCase()
  return answer === asked || (answer.startsWith(asked) && SNAPSHOT_SUFFIX.test(answer.slice(asked.length)))
}

/** A finding when the served model is neither the requested one nor a snapshot of it; none otherwise. */
export function servedModelFindings(served: string, requested: string, at: string): Finding[] {
  if (namesRequestedModel(served, requested)) return []
  return [
    finding(
      `model is ${show(served)}, the request asked for ${show(requested)} (neither it nor a dated snapshot of it)`,
      { at, actual: served, expected: requested },
    ),
  ]
}
