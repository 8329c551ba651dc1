/**
 * What several suites share: compositions of the slices' check sets (the sets themselves,
 * with their premises, live in `src/apis/<api>/check-sets.ts`), and request helpers.
 */
import type { CheckUse } from '../src/core/types.ts'
import * as chat from '../src/apis/chat/check-sets.ts'

/**
 * A completion made through the SDK's `parse()` helper: the completion checks without
 * `sdk.call.succeeds`, because the helper's own check is the one SDK-level verdict there
 * (a helper failure is reported once, separately from the wire).
 */
export const PARSED_COMPLETION: readonly CheckUse[] = chat.CHAT_COMPLETION.checks.filter(
  (use) => use !== 'sdk.call.succeeds',
)

/** The streamed-completion check lists as the check self-tests (test/checks/stream*.test.ts) read them. */
export const STREAM_COMPLETION: readonly CheckUse[] = chat.STREAM_COMPLETION.checks
export const STREAM_USAGE: readonly CheckUse[] = chat.STREAM_USAGE.checks
export const STREAM_TOOL_CALLS: readonly CheckUse[] = chat.STREAM_TOOL_CALLS.checks

/** A user message, the way the SDK sends it. */
export function user(content: string) {
  return { role: 'user', content }
}
