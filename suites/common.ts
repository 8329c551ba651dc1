/**
 * What several suites share: compositions of the slices' check sets (the sets themselves,
 * with their premises, live in `src/apis/<api>/check-sets.ts`), and request helpers.
 */
import type { CheckId } from '../src/apis/index.ts'
import * as chat from '../src/apis/chat/check-sets.ts'
import type { CaseDefinition, CheckUse, Suite } from '../src/core/types.ts'

/** A check use naming a check that exists: an unknown id fails `tsc`. */
export type KnownCheckUse = CheckUse<CheckId>

/** A case whose checks all exist. */
export type KnownCase = CaseDefinition<CheckId>

/** A suite whose cases name only checks that exist (`defineSuite` of core, with the catalogue's ids). */
export function defineSuite(suite: Suite<CheckId>): Suite<CheckId> {
  return suite
}

/**
 * A completion made through the SDK's `parse()` helper: the completion checks without
 * `sdk.call.succeeds`, because the helper's own check is the one SDK-level verdict there
 * (a helper failure is reported once, separately from the wire).
 */
export const PARSED_COMPLETION: readonly KnownCheckUse[] = chat.CHAT_COMPLETION.checks.filter(
  (use) => use !== 'sdk.call.succeeds',
)

/** A user message, the way the SDK sends it. */
export function user(content: string) {
  return { role: 'user', content }
}
