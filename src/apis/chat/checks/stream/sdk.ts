/**
 * The official SDK's view of a stream. "Violates the spec" and "breaks the official SDK" are
 * different findings: the SDK is lenient (it delivers an unfinished last event, hands any
 * JSON object to the caller), so a stream can break the rules and still reach SDK users
 * whole, and a legal stream can break the SDK.
 *
 * So the SDK is compared with what a client following ITS documented rules reads from the
 * wire (`lenientPayloads`: flush the unfinished last event, stop at `[DONE]`), never with
 * our strict reader: these checks report only what the SDK loses, corrupts or hides; what
 * the wire does wrong is the `stream.*` checks' to report. That the SDK call succeeded at
 * all is `sdk.call.succeeds`.
 */
import { defineCheck, finding, skip } from '../../../../core/define.ts'
import type { CheckContext, CheckResult, Finding } from '../../../../core/types.ts'
import { parseLine } from '../../../../formats/sse/index.ts'
import { isJson, isPlainObject, jsonBody, mediaType, show } from '../../../shared/body.ts'
import { capFindings } from '../../../shared/findings.ts'
import { onStream } from '../../stream/applicability.ts'
import { assembleChoices, type ChoiceAssembly } from '../../stream/assemble.ts'
import { lenientPayloads } from '../../stream/lenient-payloads.ts'
import { isChunkLike } from '../../stream/parse.ts'

const SDK_STREAMING_DOC = 'https://github.com/openai/openai-node#streaming-responses'
const SDK_HELPERS_DOC = 'https://github.com/openai/openai-node/blob/master/helpers.md#chat-events'
const SDK_SSE_DECODER = 'https://github.com/openai/openai-node/blob/master/src/core/streaming.ts'

/** What a client ends up with for one choice: the basis of every SDK comparison. */
interface ChoiceView {
  index: number
  role: unknown
  content: string
  refusal: string
  finishReason: unknown
  toolCalls: { id: unknown; name: unknown; arguments: string }[]
}

/** The SDK's value for the exchange, when it produced one. */
function sdkValue(ctx: CheckContext<any>, rule: (value: Record<string, unknown>) => CheckResult): CheckResult {
  const sdk = ctx.exchange.sdk
  if (!sdk) return skip('no SDK outcome was captured (a recording)')
  if (!sdk.ok) return skip(`the SDK raised ${sdk.error.name}; see sdk.call.succeeds`)
  return isPlainObject(sdk.value) ? rule(sdk.value) : skip('the SDK returned no value')
}

/**
 * A choice as the SDK's rules assemble it: content, refusal and arguments concatenated; role,
 * finish reason and a tool call's id and name are the last non-empty value sent (the SDK
 * overwrites them: `if (id) tool_call.id = id`).
 */
function sdkRuleView(assembly: ChoiceAssembly): ChoiceView {
  return {
    index: assembly.index,
    role: assembly.roles.at(-1)?.role ?? null,
    content: assembly.content,
    refusal: assembly.refusal,
    finishReason: assembly.finishes.at(-1)?.reason ?? null,
    toolCalls: assembly.toolCalls.map((call) => {
      const fn = (fragment: Record<string, unknown>) => (isPlainObject(fragment.function) ? fragment.function : {})
      return {
        id: lastTruthy(call.fragments.map(({ fragment }) => fragment.id)),
        name: lastTruthy(call.fragments.map(({ fragment }) => fn(fragment).name)),
        arguments: call.arguments,
      }
    }),
  }
}

function lastTruthy(values: unknown[]): unknown {
  return values.findLast((value) => Boolean(value)) ?? null
}

/** The wire, read by the SDK's documented rules, as choice views. */
function lenientViews(ctx: CheckContext<any>): ChoiceView[] {
  return assembleChoices(lenientPayloads(ctx.exchange)).map(sdkRuleView)
}

const FIELDS = ['role', 'content', 'refusal', 'finishReason', 'toolCalls'] as const

/** Field-by-field differences between what the SDK gave and what the wire carries by its rules. */
function viewDifferences(wire: ChoiceView[], sdk: ChoiceView[], who: string): Finding[] {
  const indices = [...new Set([...wire, ...sdk].map((view) => view.index))].sort((a, b) => a - b)
  return indices.flatMap((index): Finding[] => {
    const ours = wire.find((view) => view.index === index)
    const theirs = sdk.find((view) => view.index === index)
    if (!ours) return [finding(`choice ${index}: ${who} a choice the wire does not carry`, { actual: theirs })]
    if (!theirs) return [finding(`choice ${index}: ${who} nothing for a choice the wire carries`, { expected: ours })]
    return FIELDS.filter((field) => JSON.stringify(ours[field]) !== JSON.stringify(theirs[field])).map((field) =>
      finding(`choice ${index} ${field}: ${who} ${show(theirs[field])}, the wire carries ${show(ours[field])}`, {
        actual: theirs[field],
        expected: ours[field],
      }),
    )
  })
}

/** "The SDK gave the caller nothing and raised nothing", with what the wire says about why. */
function silentlyEmpty(ctx: CheckContext<any>, what: string): Finding {
  const { exchange } = ctx
  const body = jsonBody(exchange)
  const why = isJson(body)
    ? `: the body is plain JSON (content-type ${mediaType(exchange) ?? 'none'}), which the SDK reads as an event stream without events`
    : lenientPayloads(exchange).length > 0
      ? ', although the wire carries chunks'
      : ': the wire carries no chunk'
  return finding(`the SDK ${what} without raising${why}; a caller sees an empty reply and no error`, {
    actual: body.ok ? body.value : exchange.response?.bodyText?.slice(0, 300),
  })
}

export const rawMatches = defineCheck({
  id: 'sdk.stream.raw-matches',
  title: "The SDK's raw iteration yields what the wire carries",
  level: 'required',
  spec: { doc: SDK_STREAMING_DOC },
  description:
    "Iterating the SDK's stream (`for await (const chunk of stream)`) MUST yield the reply the wire carries (read by the SDK's own documented rules): at least one chunk, the same roles, content, finish reasons and tool calls, and nothing that is not a chunk.",
  notes:
    "The comparison is with the SDK's documented reading (the unfinished last event flushed, nothing after [DONE]), so a stream the SDK reads correctly passes here even when it breaks the SSE rules (that is reported by the stream.* checks). An SDK that yields 0 chunks without raising (it does so for a plain JSON answer to stream: true) is reported whatever the wire.",
  run: (ctx) =>
    sdkValue(ctx, (value) => {
      if (!Array.isArray(value.chunks))
        return skip("not the SDK's raw iteration (operation chat.completions.create.stream)")
      if (value.chunks.length === 0) return [silentlyEmpty(ctx, 'yielded 0 chunks')]
      const out: Finding[] = []
      const notChunks = value.chunks.filter((chunk) => !isChunkLike(chunk))
      if (notChunks.length > 0) {
        out.push(
          finding(
            `the SDK handed ${notChunks.length} object(s) that are not chunks to the caller as chunks: code reading chunk.choices breaks`,
            { actual: notChunks.slice(0, 3) },
          ),
        )
      }
      return [
        ...out,
        ...viewDifferences(lenientViews(ctx), assembleChoices(value.chunks).map(sdkRuleView), 'the SDK yields'),
      ]
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
        return {
          id: call.id ?? null,
          name: fn.name ?? null,
          arguments: typeof fn.arguments === 'string' ? fn.arguments : '',
        }
      }),
    }
  })
}

export const finalMatches = defineCheck({
  id: 'sdk.stream.final-matches',
  title: "The SDK's stream helper assembles what the wire carries",
  level: 'required',
  spec: { doc: SDK_HELPERS_DOC },
  description:
    "`client.chat.completions.stream(…).finalChatCompletion()` MUST equal the message the wire's deltas assemble to by the SDK's documented rules (role, content, finish reason, tool calls), and the helper MUST emit its content/tool-call events for it.",
  notes:
    "That the helper did not raise is sdk.call.succeeds; this compares what it returned. As for sdk.stream.raw-matches, the wire is read by the SDK's rules (the last id or name a tool call's fragments send wins, as the SDK overwrites them).",
  run: (ctx) =>
    sdkValue(ctx, (value) => {
      if (!isPlainObject(value.final)) return skip("not the SDK's stream helper (operation chat.completions.stream)")
      const events = isPlainObject(value.events) ? value.events : {}
      const count = (name: string) => (typeof events[name] === 'number' ? events[name] : 0)
      if (count('chunk') === 0) return [silentlyEmpty(ctx, 'helper emitted no chunk event')]
      const wire = lenientViews(ctx)
      const out = viewDifferences(wire, finalViews(value.final), 'finalChatCompletion() has')
      if (wire.some((view) => view.content !== '') && count('content.delta') === 0) {
        out.push(
          finding(
            'the helper emitted no content.delta events for a reply with content: a UI listening for them shows nothing',
            { actual: events },
          ),
        )
      }
      if (wire.some((view) => view.toolCalls.length > 0) && count('tool_calls.function.arguments.done') === 0) {
        out.push(
          finding('the helper emitted no tool_calls.function.arguments.done event for a streamed tool call', {
            actual: events,
          }),
        )
      }
      return out
    }),
})

/** An event block the SSE rules drop (it has no data) but openai-node dispatches: it names an event. */
function namesAnEvent(raw: string): boolean {
  return raw.split(/\r\n|\r|\n/).some((line) => {
    const parsed = parseLine(line)
    return parsed.kind === 'field' && parsed.name === 'event' && parsed.value !== ''
  })
}

export const datalessEvents = defineCheck({
  id: 'sdk.stream.dataless-events',
  title: 'No event blocks without data (the SDK throws on them)',
  level: 'recommended',
  reads: 'prefix',
  spec: { doc: SDK_SSE_DECODER },
  description:
    'A stream SHOULD NOT send event blocks that name an event but carry no data (`event: ping` and a blank line): the SSE rules drop them, but openai-node dispatches them with empty data and throws "malformed server-sent event JSON". Keep-alives belong in comments (`: ping`).',
  notes:
    'Legal per the WHATWG rules, so not a spec deviation: this is about interoperability with the official SDK (openai-node 7.57.0 dispatches a block that has an event name or data; openai-php and openai-python had the same trouble with data-less keep-alives). Read from the wire, so it also shows where no SDK ran (recordings). Whether the SDK raised is sdk.call.succeeds.',
  run: (ctx) =>
    onStream(ctx, (stream) => {
      const blocks = stream.sse.discarded.filter((block) => namesAnEvent(block.raw))
      if (stream.trailingData === null && namesAnEvent(stream.trailing))
        blocks.push({ raw: stream.trailing, offset: -1, t: null })
      return capFindings(
        blocks.map((block) =>
          finding(
            `an event block without data: ${show(block.raw.trim(), 80)}; openai-node dispatches it with empty data and throws`,
            { actual: block.raw },
          ),
        ),
      )
    }),
})

export const STREAM_SDK_CHECKS = [rawMatches, finalMatches, datalessEvents]
