/**
 * The official SDK's view of a stream, compared with what the wire carries when read by
 * the rules. "Violates the spec" and "breaks the official SDK" are different findings: the
 * SDK is lenient (it delivers an unfinished last event, hands any JSON object to the caller
 * as a chunk), so a stream can satisfy it and not the spec, and the other way round.
 *
 * Reported under `sdk.stream.*`; that the SDK call succeeded at all is `sdk.call.succeeds`.
 */
import { defineCheck, finding, skip } from '../src/engine/define.ts'
import type { CheckContext, CheckResult, Finding } from '../src/engine/types.ts'
import { isPlainObject, show } from './support/body.ts'
import { assembleChoices, choiceView, eventStream, isChunkLike, type ChoiceView } from './support/stream.ts'

const SDK_STREAMING_DOC = 'https://github.com/openai/openai-node#streaming-responses'
const SDK_HELPERS_DOC = 'https://github.com/openai/openai-node/blob/master/helpers.md#chat-events'

/** The SDK's value for the exchange, when it produced one. */
function sdkValue(ctx: CheckContext<any>, rule: (value: Record<string, unknown>) => CheckResult): CheckResult {
  const sdk = ctx.exchange.sdk
  if (!sdk) return skip('no SDK outcome was captured (a recording)')
  if (!sdk.ok) return skip(`the SDK raised ${sdk.error.name}; see sdk.call.succeeds`)
  return isPlainObject(sdk.value) ? rule(sdk.value) : skip('the SDK returned no value')
}

const FIELDS = ['role', 'content', 'refusal', 'finishReason', 'toolCalls'] as const

/** Field-by-field differences between the SDK's choices and the wire's. */
function viewDifferences(wire: ChoiceView[], sdk: ChoiceView[], who: string): Finding[] {
  const indices = [...new Set([...wire, ...sdk].map((view) => view.index))].sort((a, b) => a - b)
  return indices.flatMap((index): Finding[] => {
    const ours = wire.find((view) => view.index === index)
    const theirs = sdk.find((view) => view.index === index)
    if (!ours) return [finding(`choice ${index}: ${who} a choice the wire (read by the rules) does not carry`, { actual: theirs })]
    if (!theirs) return [finding(`choice ${index}: ${who} nothing for a choice the wire carries`, { expected: ours })]
    return FIELDS.filter((field) => JSON.stringify(ours[field]) !== JSON.stringify(theirs[field])).map((field) =>
      finding(`choice ${index} ${field}: ${who} ${show(theirs[field])}, the wire (read by the rules) carries ${show(ours[field])}`, { actual: theirs[field], expected: ours[field] }),
    )
  })
}

export const rawMatches = defineCheck({
  id: 'sdk.stream.raw-matches',
  title: 'The SDK\'s raw iteration yields what the wire carries',
  level: 'required',
  spec: { doc: SDK_STREAMING_DOC },
  description: 'Iterating the SDK\'s stream (`for await (const chunk of stream)`) MUST yield the chunks the wire carries: the same roles, content, finish reasons and tool calls as a spec-following reader, and nothing that is not a chunk.',
  notes: 'Compares with our strict reader; a difference is reported here even when the stream is also off-spec, since users of the SDK see this one.',
  run: (ctx) =>
    sdkValue(ctx, (value) => {
      if (!Array.isArray(value.chunks)) return skip("not the SDK's raw iteration (operation chat.completions.create.stream)")
      const stream = eventStream(ctx.exchange)
      if ('skip' in stream) return stream
      const out: Finding[] = []
      const notChunks = value.chunks.filter((chunk) => !isChunkLike(chunk))
      if (notChunks.length > 0) {
        out.push(finding(`the SDK handed ${notChunks.length} object(s) that are not chunks to the caller as chunks: code reading chunk.choices breaks`, { actual: notChunks.slice(0, 3) }))
      }
      const sdk = assembleChoices(value.chunks).map(choiceView)
      return [...out, ...viewDifferences(stream.value.choices.map(choiceView), sdk, 'the SDK yields')]
    }),
})

/** The SDK's final completion as choice views (null content and refusal read as empty). */
function finalViews(final: Record<string, unknown>): ChoiceView[] {
  const choices = Array.isArray(final.choices) ? final.choices.filter(isPlainObject) : []
  return choices.map((choice, i) => {
    const message = isPlainObject(choice.message) ? choice.message : {}
    const toolCalls = Array.isArray(message.tool_calls) ? message.tool_calls.filter(isPlainObject) : []
    return {
      index: typeof choice.index === 'number' ? choice.index : i,
      role: message.role ?? null,
      content: typeof message.content === 'string' ? message.content : '',
      refusal: typeof message.refusal === 'string' ? message.refusal : '',
      finishReason: choice.finish_reason ?? null,
      toolCalls: toolCalls.map((call) => {
        const fn = isPlainObject(call.function) ? call.function : {}
        return { id: call.id ?? null, name: fn.name ?? null, arguments: typeof fn.arguments === 'string' ? fn.arguments : '' }
      }),
    }
  })
}

export const finalMatches = defineCheck({
  id: 'sdk.stream.final-matches',
  title: 'The SDK\'s stream helper assembles what the wire carries',
  level: 'required',
  spec: { doc: SDK_HELPERS_DOC },
  description: '`client.chat.completions.stream(…).finalChatCompletion()` MUST equal the message the wire\'s deltas assemble to (role, content, finish reason, tool calls), and the helper MUST emit its content/tool-call events for it.',
  notes: 'That the helper did not raise is sdk.call.succeeds; this compares what it returned.',
  run: (ctx) =>
    sdkValue(ctx, (value) => {
      if (!isPlainObject(value.final)) return skip("not the SDK's stream helper (operation chat.completions.stream)")
      const stream = eventStream(ctx.exchange)
      if ('skip' in stream) return stream
      const wire = stream.value.choices.map(choiceView)
      const out = viewDifferences(wire, finalViews(value.final), 'finalChatCompletion() has')
      const events = isPlainObject(value.events) ? value.events : {}
      const count = (name: string) => (typeof events[name] === 'number' ? events[name] : 0)
      if (wire.some((view) => view.content !== '') && count('content.delta') === 0) {
        out.push(finding('the helper emitted no content.delta events for a reply with content: a UI listening for them shows nothing', { actual: events }))
      }
      if (wire.some((view) => view.toolCalls.length > 0) && count('tool_calls.function.arguments.done') === 0) {
        out.push(finding('the helper emitted no tool_calls.function.arguments.done event for a streamed tool call', { actual: events }))
      }
      return out
    }),
})

export const STREAM_SDK_CHECKS = [rawMatches, finalMatches]
