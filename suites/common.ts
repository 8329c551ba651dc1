/**
 * Check sets shared by several suites, so a rule applies the same way everywhere.
 * A case lists one of these plus its own specific checks.
 */
import type { CheckUse } from '../src/core/types.ts'

/** Every successful JSON response: status, content type, strict JSON, the SDK accepts it. */
export const JSON_SUCCESS: readonly CheckUse[] = [
  'http.status.success',
  'http.content-type.json',
  'http.body.json',
  'sdk.call.succeeds',
]

/** Every non-streamed chat completion. */
export const CHAT_COMPLETION: readonly CheckUse[] = [
  ...JSON_SUCCESS,
  'chat.response.schema',
  'chat.response.object',
  'chat.response.id',
  'chat.response.created',
  'chat.response.model',
  'chat.choices.indices',
  'chat.choices.count',
  'chat.message.role',
  'chat.message.content',
  'chat.finish-reason.enum',
  'chat.content.non-empty',
  'chat.usage.present',
  'chat.usage.integers',
  'chat.usage.total',
]

/**
 * Every streamed chat completion: the HTTP answer, SSE framing, the chunk envelope and the
 * per-choice rules. Checks with a premise the request sets (include_usage, tools, logprobs,
 * n, a twin) are added by the case.
 */
export const STREAM_COMPLETION: readonly CheckUse[] = [
  'http.status.success',
  'sdk.call.succeeds',
  'stream.http.content-type',
  'stream.http.not-json',
  'stream.payload.json',
  'stream.payload.foreign',
  'stream.done.terminates',
  'stream.done.nothing-after',
  'stream.chunk.schema',
  'stream.chunk.object',
  'stream.chunk.id',
  'stream.chunk.created',
  'stream.chunk.model',
  'stream.chunk.model-consistent',
  'stream.choices.count',
  'stream.choice.role-first',
  'stream.choice.role-once',
  'stream.finish.null-until-end',
  'stream.finish.once',
  'stream.finish.enum',
  'stream.finish.no-delta-after',
  'stream.delta.incremental',
]

/** A stream with `stream_options: {include_usage: true}`: the usage chunk. */
export const STREAM_USAGE: readonly CheckUse[] = [
  'stream.usage.single-chunk',
  'stream.usage.empty-choices',
  'stream.usage.position',
  'stream.usage.null-elsewhere',
  'stream.usage.integers',
  'stream.usage.total',
]

/** A stream that carries tool calls (shared with the tools suite). */
export const STREAM_TOOL_CALLS: readonly CheckUse[] = [
  'stream.tool-calls.first-fragment',
  'stream.tool-calls.identity-stable',
  'stream.tool-calls.later-fragments',
  'stream.tool-calls.indices',
  'stream.tool-calls.arguments-json',
  'stream.tool-calls.finish-reason',
]

/**
 * A completion made through the SDK's `parse()` helper: the completion checks without
 * `sdk.call.succeeds`, because the helper's own check is the one SDK-level verdict there
 * (a helper failure is reported once, separately from the wire).
 */
export const PARSED_COMPLETION: readonly CheckUse[] = CHAT_COMPLETION.filter((use) => use !== 'sdk.call.succeeds')

/** Every error response: JSON, the OpenAI envelope. */
export const JSON_ERROR: readonly CheckUse[] = ['http.content-type.json', 'http.body.json', 'errors.envelope.schema']

/** A user message, the way the SDK sends it. */
export function user(content: string) {
  return { role: 'user', content }
}
