/**
 * What several suites share: compositions of the slices' check sets (the sets themselves,
 * with their premises, live in `src/apis/<api>/check-sets.ts`), request helpers, and the
 * token caps that bound what a run costs.
 */
import type { CheckId } from '../src/apis/index.ts'
import * as chat from '../src/apis/chat/check-sets.ts'
import type { CaseDefinition, CheckUse, RequestSpec, Suite } from '../src/core/types.ts'
import type { Exchange } from '../src/core/exchange.ts'
import { derivedStop } from '../src/apis/chat/rules/stop.ts'

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

/**
 * A completion whose answer is not a text reply finished with "stop" (tool calls, or a reply
 * the token limit cuts): the completion checks without `chat.content.non-empty`, which would
 * have nothing to judge there.
 */
export const COMPLETION_WITHOUT_TEXT_REPLY: readonly KnownCheckUse[] = chat.CHAT_COMPLETION.checks.filter(
  (use) => use !== 'chat.content.non-empty',
)

/** A parse() completion answered with tool calls: PARSED_COMPLETION without `chat.content.non-empty`. */
export const PARSED_CALLING_COMPLETION: readonly KnownCheckUse[] = PARSED_COMPLETION.filter(
  (use) => use !== 'chat.content.non-empty',
)

/** A user message, the way the SDK sends it. */
export function user(content: string) {
  return { role: 'user', content }
}

// ---------------------------------------------------------------------------------------
// Stop sequences the model will meet (issue 9 item 10)

/** The request the stop cases ask first without `stop`, then again with a stop word from that reply. */
export const STOP_PROBE = {
  messages: [user('Describe a lighthouse at night in two short sentences.')],
  temperature: 0,
  seed: 7,
}

/** The name of the exchange without `stop` that the stop word is taken from. */
export const UNSTOPPED = 'unstopped'

/** What a stop case declares as its `stop` (so its check sets' premise holds): the derived word replaces it. */
export const DERIVED_STOP_PLACEHOLDER = ['(a word from the reply without stop)']

/** The stop sequence the second request sends: a word from the middle of the first reply, or why there is none. */
export function withDerivedStop(earlier: Exchange): { stop: string[] } | { cannot: string } {
  const derived = derivedStop(earlier)
  return 'cannot' in derived
    ? { cannot: `no stop word from the reply without stop: ${derived.cannot}` }
    : { stop: [derived.stop] }
}

// ---------------------------------------------------------------------------------------
// Token caps: what a run may cost (issue 8)

/**
 * Reply lengths the prompts ask for, in tokens of a model without hidden reasoning, with room
 * to spare: a case's cap when the reply is all it needs.
 */
export const REPLY_TOKENS = {
  /** A word or two ("Reply with exactly: ok"). */
  word: 16,
  /** A sentence, a count to 20, one tool call with short arguments, a small JSON object (~10 to 30 tokens). */
  short: 48,
  /** A count to 30, two tool calls, a nested JSON object (~30 to 70 tokens). */
  long: 96,
} as const

/**
 * What a reasoning model may spend on hidden reasoning before it answers. `max_completion_tokens`
 * counts it, so a cap without this room can leave the content empty (finish_reason "length"):
 * gpt-5-nano at effort "low" spent 192 reasoning tokens on a one-token answer
 * (../shared/real-traffic/openai__chat-completions__nonstream__02.json). 240 makes the
 * smallest cap of a judged reply 256.
 */
export const REASONING_ALLOWANCE = 240

/**
 * The cap for a reply the case judges (its text, its JSON, its tool arguments, its finish
 * reason): the reply, and the reasoning allowance, so that a reasoning model still answers.
 */
export function judgedReply(replyTokens: number): number {
  return replyTokens + REASONING_ALLOWANCE
}

/** The parameter that caps a case's completion: OpenAI's current one, which its reasoning models accept (they reject `max_tokens`). */
export const TOKEN_CAP_PARAM = 'max_completion_tokens'

/**
 * The case with its completion capped at `cap` tokens on every request it sends (the requests
 * a case compares stay alike but for what it compares), and the cap among its optional
 * parameters: a model that rejects it the way OpenAI does makes the case skip with that
 * reason instead of failing.
 */
export function withTokenCap(cap: number, definition: KnownCase): KnownCase {
  const capRequest = (spec: RequestSpec): RequestSpec => ({ ...spec, body: { ...spec.body, [TOKEN_CAP_PARAM]: cap } })
  const related = definition.related
  return {
    ...definition,
    request: capRequest(definition.request),
    ...(related
      ? { related: Object.fromEntries(Object.entries(related).map(([name, spec]) => [name, capRequest(spec)])) }
      : {}),
    optionalParams: [...(definition.optionalParams ?? []), TOKEN_CAP_PARAM],
  }
}
