/**
 * Streamed chat completions, per choice: the role delta, the finish chunk, how content is
 * split, the number of choices, logprobs in chunks, equivalence with the non-streamed
 * answer, and invalid streamed requests.
 */
import { defineCheck, finding, skip } from '../../../../core/define.ts'
import type { CheckContext, Finding } from '../../../../core/types.ts'
import { successObject } from '../../../shared/applicability.ts'
import { isPlainObject, isSuccess, show } from '../../../shared/body.ts'
import { capFindings, textDifference } from '../../../shared/findings.ts'
import { chatRequestParam, DOCS, schemaRef } from '../../../shared/spec.ts'
import { finishReasons } from '../../read/finish-reasons.ts'
import { requestedChoices } from '../../read/request.ts'
import { choiceLogprobsFindings } from '../../rules/logprobs.ts'
import { DERIVED_STOP_NOTES, firstStreamedText, reachedStop, stopFindings, stopSequences } from '../../rules/stop.ts'
import { onReadableStream, onStreamChoices } from '../../read/stream-chunks.ts'
import { eventStream } from '../../stream/applicability.ts'
import type { ChoiceAssembly } from '../../stream/assemble.ts'
import { deliveryOf, type Delivery } from '../../stream/deliveries.ts'
import { inBandErrors, type ParsedStream } from '../../stream/parse.ts'
import { atChunk, choicePointer } from '../../stream/pointers.ts'
import { STREAM_DOCS } from './docs.ts'

const OP = 'createChatCompletion'
const CHUNK = 'CreateChatCompletionStreamResponse'
const FINISH_REASON_POINTER = `#/components/schemas/${CHUNK}/properties/choices/items/properties/finish_reason/enum`

/** The non-null finish reasons the recorded spec allows in a chunk. */
function streamFinishReasons(): string[] {
  return finishReasons(FINISH_REASON_POINTER).filter((value): value is string => typeof value === 'string')
}

/** Runs a rule over every choice of the stream, capped. */
function eachChoice(stream: ParsedStream, rule: (choice: ChoiceAssembly) => Finding[]): Finding[] {
  return capFindings(stream.choices.flatMap(rule))
}

export const roleFirst = defineCheck({
  id: 'stream.choice.role-first',
  title: 'Each choice\'s first delta carries role "assistant"',
  level: 'required',
  reads: 'prefix',
  spec: schemaRef(OP, 'ChatCompletionStreamResponseDelta', 'properties', 'role'),
  description:
    'The first delta of every choice MUST carry `role: "assistant"`; clients (and the SDK\'s stream helper) build the message from it.',
  run: (ctx) =>
    onStreamChoices(ctx, (stream) =>
      eachChoice(stream, (choice) => {
        const first = choice.entries[0]!
        if (first.delta.role === 'assistant') return []
        const later = choice.roles[0]
        const note = later
          ? `; a role first arrives at ${atChunk(stream, later.position)}`
          : '; no delta of this choice carries a role'
        return [
          finding(
            `choice ${choice.index}'s first delta has role ${show(first.delta.role)}, expected "assistant"${note}`,
            { at: choicePointer(first, stream, '/delta'), actual: first.delta },
          ),
        ]
      }),
    ),
})

export const roleOnce = defineCheck({
  id: 'stream.choice.role-once',
  title: 'role is sent once per choice',
  level: 'recommended',
  reads: 'prefix',
  spec: schemaRef(OP, 'ChatCompletionStreamResponseDelta', 'properties', 'role'),
  description:
    'Only the first delta of a choice SHOULD carry `role`; OpenAI never repeats it, and clients that treat a role as "a new message starts" split the reply.',
  notes: 'The schema allows role on any delta, so a repeat is a warning.',
  run: (ctx) =>
    onStreamChoices(ctx, (stream) =>
      eachChoice(stream, (choice) =>
        choice.roles.slice(1).map(({ position, role }) =>
          finding(`choice ${choice.index} repeats role ${show(role)}`, {
            at: atChunk(stream, position),
            actual: role,
          }),
        ),
      ),
    ),
})

/** Position of the choice's first finish chunk, or Infinity when it never finishes. */
function finishPosition(choice: ChoiceAssembly): number {
  return choice.finishes[0]?.position ?? Number.POSITIVE_INFINITY
}

export const finishOnce = defineCheck({
  id: 'stream.finish.once',
  title: 'Each choice finishes exactly once',
  level: 'required',
  spec: schemaRef(OP, CHUNK, 'properties', 'choices', 'items', 'properties', 'finish_reason'),
  description:
    'Every choice MUST end with exactly one chunk whose finish_reason is not null; a choice that never finishes leaves clients waiting, two finishes end it twice.',
  run: (ctx) =>
    onStreamChoices(ctx, (stream) =>
      eachChoice(stream, (choice) => {
        if (choice.finishes.length === 1) return []
        if (choice.finishes.length === 0)
          return [
            finding(`choice ${choice.index} never finished: no chunk carries a finish_reason for it`, {
              actual: choice.entries.length,
            }),
          ]
        const reasons = choice.finishes.map((f) => f.reason)
        return [
          finding(
            `choice ${choice.index} finished ${choice.finishes.length} times (${reasons.map((r) => show(r)).join(', ')})`,
            { at: atChunk(stream, choice.finishes[1]!.position), actual: reasons },
          ),
        ]
      }),
    ),
})

export const finishEnum = defineCheck({
  id: 'stream.finish.enum',
  title: "finish_reason is one of the spec's values",
  level: 'required',
  reads: 'prefix',
  spec: { operationId: OP, pointer: FINISH_REASON_POINTER },
  description: 'A non-null finish_reason MUST be one of stop, length, tool_calls, content_filter, function_call.',
  run: (ctx) =>
    onStreamChoices(ctx, (stream) => {
      const allowed = streamFinishReasons()
      return eachChoice(stream, (choice) =>
        choice.finishes
          .filter((f) => !allowed.includes(f.reason as string))
          .map((f) =>
            finding(
              `choice ${choice.index}: finish_reason is ${show(f.reason)}, expected one of ${allowed.join(', ')}`,
              { at: atChunk(stream, f.position), actual: f.reason },
            ),
          ),
      )
    }),
})

export const noDeltaAfterFinish = defineCheck({
  id: 'stream.finish.no-delta-after',
  title: 'A finished choice sends nothing more',
  level: 'required',
  reads: 'prefix',
  spec: schemaRef(OP, CHUNK, 'properties', 'choices', 'items', 'properties', 'finish_reason'),
  description:
    'After the chunk that carries its finish_reason, a choice MUST NOT appear in later chunks: clients close the message there and lose (or misplace) what follows.',
  run: (ctx) =>
    onStreamChoices(ctx, (stream) =>
      eachChoice(stream, (choice) =>
        choice.entries
          // A later chunk that itself finishes the choice again is stream.finish.once's to report.
          .filter((entry) => entry.position > finishPosition(choice) && (entry.choice.finish_reason ?? null) === null)
          .map((entry) =>
            finding(`choice ${choice.index} sends a delta after its finish chunk`, {
              at: choicePointer(entry, stream),
              actual: entry.delta,
            }),
          ),
      ),
    ),
})

export const finishExpected = defineCheck({
  id: 'stream.finish.expected',
  title: 'finish_reason says why generation stopped',
  level: 'required',
  reads: 'prefix',
  spec: { operationId: OP, pointer: FINISH_REASON_POINTER },
  description:
    'The streamed finish_reason MUST be "length" when the token limit cut the reply and "stop" at a natural end or a stop sequence, as without streaming.',
  run: (ctx: CheckContext<{ finishReason: string }>) =>
    onStreamChoices(ctx, (stream) => {
      const finished = stream.choices.filter((choice) => choice.finishes.length > 0)
      if (finished.length === 0) return skip('no choice finished; see stream.finish.once')
      return capFindings(
        finished
          .filter((choice) => choice.finishes[0]!.reason !== ctx.params.finishReason)
          .map((choice) => {
            const { position, reason } = choice.finishes[0]!
            return finding(
              `choice ${choice.index}: finish_reason is ${show(reason)}, expected "${ctx.params.finishReason}"`,
              { at: atChunk(stream, position), actual: reason, expected: ctx.params.finishReason },
            )
          }),
      )
    }),
})

export const stopHonoured = defineCheck({
  id: 'stream.stop.honoured',
  title: 'stop sequences end a streamed reply',
  level: 'required',
  reads: 'prefix',
  spec: chatRequestParam('stop'),
  description: 'Streamed generation MUST stop before a stop sequence: the assembled text never contains one.',
  notes: DERIVED_STOP_NOTES,
  run: (ctx: CheckContext<{ derivedFrom?: string } | undefined>) =>
    onStreamChoices(ctx, (stream) => {
      const sequences = stopSequences(ctx.request)
      if (sequences.length === 0) return skip('the request set no stop sequences')
      const found = stream.choices.flatMap((choice) =>
        stopFindings(choice.content, sequences, `choice ${choice.index} (assembled content)`),
      )
      const derivedFrom = ctx.params?.derivedFrom
      if (found.length > 0 || derivedFrom === undefined) return found
      return reachedStop(firstStreamedText(stream), ctx.exchanges[derivedFrom], derivedFrom)
    }),
})

/** Below this many characters a reply is too short to say it should have been split. */
const LONG_REPLY_CHARS = 32

/**
 * A delivery counts as "at once" when its reads span at most this share of the time from the
 * request to its last read. It only spares a server whose reads are cut mid-line but spread
 * over the generation (a timed flush); it never decides a warning on its own, so a slow,
 * loaded machine cannot make a streaming server look buffered.
 */
const AT_ONCE_SHARE = 0.1

/** The delivery all of a choice's content arrived in, when it came at once; else null. */
function bufferedDelivery(stream: ParsedStream, choice: ChoiceAssembly): Delivery | null {
  const delivered = choice.contentPositions.map((position) => deliveryOf(stream, stream.chunks[position]!.event))
  const first = delivered[0]
  if (!first || delivered.some((delivery) => delivery !== first)) return null
  return first.lastT - first.firstT <= AT_ONCE_SHARE * first.lastT ? first : null
}

export const contentMultipleChunks = defineCheck({
  id: 'stream.content.multiple-chunks',
  title: 'A long reply arrives in several chunks, as it is generated',
  level: 'recommended',
  spec: { doc: STREAM_DOCS.streaming },
  description: `Streaming SHOULD deliver content as it is generated: a reply of ${LONG_REPLY_CHARS}+ characters in a single chunk, or whose content chunks all arrive in one piece of the body (a buffering server or proxy), brings no time-to-first-token benefit.`,
  notes:
    'The spec does not say how finely to split content or how soon to send it, so this is a warning. "One piece" is judged from the capture\'s reads, not from a timing threshold: all the content events came in one read, or in reads the transport cut mid-line (one write of the server or flush of a proxy, however the network split it) that arrived together (their spread under a tenth of the response time: that only spares a timed flush, it never makes a warning). A server whose event-by-event writes reach us as separate reads is never judged buffered, however fast it writes (the reference model answers instantly and passes). Recordings without per-read times are judged on the chunk count only.',
  run: (ctx) =>
    onStreamChoices(ctx, (stream) => {
      const long = stream.choices.filter((choice) => choice.content.length >= LONG_REPLY_CHARS)
      if (long.length === 0)
        return skip(`no choice's content reaches ${LONG_REPLY_CHARS} characters: too short to judge`)
      return long.flatMap((choice): Finding[] => {
        const reply = `choice ${choice.index}'s ${choice.content.length}-character reply`
        const at = atChunk(stream, choice.contentPositions[0]!)
        if (choice.contentPositions.length < 2)
          return [finding(`${reply} arrived in one chunk`, { at, actual: show(choice.content, 80) })]
        const delivery = bufferedDelivery(stream, choice)
        if (!delivery) return []
        const how =
          delivery.reads === 1
            ? `in one read of the body at ${delivery.lastT} ms`
            : `in ${delivery.reads} reads cut mid-line, between ${delivery.firstT} and ${delivery.lastT} ms`
        return [
          finding(
            `${reply} arrived all at once: its ${choice.contentPositions.length} content chunks came ${how} (buffered by the server or a proxy)`,
            { at, actual: delivery },
          ),
        ]
      })
    }),
})

export const choicesCount = defineCheck({
  id: 'stream.choices.count',
  title: 'n choices are streamed',
  level: 'required',
  spec: chatRequestParam('n'),
  description: 'The stream MUST carry exactly the `n` choices asked for (1 when `n` is not given), indexed 0 … n-1.',
  run: (ctx) =>
    onReadableStream(ctx, (stream) => {
      const n = requestedChoices(ctx.request)
      const seen = stream.choices.map((choice) => choice.index)
      const expected = Array.from({ length: n }, (_, i) => i)
      if (seen.length === n && seen.every((index, i) => index === expected[i])) return []
      const what = seen.length === 0 ? 'no choices' : `choices ${show(seen)}`
      return [finding(`the stream carried ${what}, the request asked for n=${n}`, { actual: seen, expected })]
    }),
})

export const logprobsShape = defineCheck({
  id: 'stream.logprobs.shape',
  title: 'Streamed logprobs have the chat shape',
  level: 'required',
  reads: 'prefix',
  spec: schemaRef(OP, CHUNK, 'properties', 'choices', 'items', 'properties', 'logprobs'),
  description:
    'With logprobs requested, every chunk that carries content MUST carry logprobs.content for it: {token, logprob, bytes, top_logprobs} entries, not the legacy completions shape.',
  run: (ctx) =>
    onStreamChoices(ctx, (stream) => {
      if (ctx.request.logprobs !== true) return skip('the request did not ask for logprobs')
      const k = typeof ctx.request.top_logprobs === 'number' ? ctx.request.top_logprobs : 0
      return eachChoice(stream, (choice) =>
        choice.entries
          .filter((entry) => typeof entry.delta.content === 'string' && entry.delta.content !== '')
          .flatMap((entry) => {
            const at = choicePointer(entry, stream, '/logprobs')
            const { logprobs } = entry.choice
            const out = choiceLogprobsFindings(logprobs, at, k)
            if (out.length > 0 || !isPlainObject(logprobs)) return out
            // The shape holds; a content delta must still carry its tokens in `content`.
            const entries = logprobs.content
            if (!Array.isArray(entries))
              return [
                finding(`logprobs.content is ${show(entries)} although the delta carries content`, {
                  at: `${at}/content`,
                  actual: logprobs,
                }),
              ]
            return entries.length > 0
              ? []
              : [
                  finding('logprobs.content is empty although the delta carries content', {
                    at: `${at}/content`,
                    actual: entry.delta.content,
                  }),
                ]
          }),
      )
    }),
})

export const equivalence = defineCheck({
  id: 'stream.equivalence.content',
  title: 'The stream says what the non-streamed answer says',
  level: 'recommended',
  spec: { doc: STREAM_DOCS.streaming },
  description:
    'At temperature 0 with a seed, the concatenated streamed content SHOULD equal the content of the same request without streaming (the "twin").',
  notes:
    'Models may be non-deterministic even at temperature 0, so a difference is a warning; the finding shows where the texts part.',
  run(ctx) {
    const twin = ctx.exchanges.twin
    if (!twin) return skip('the case has no non-streamed twin request')
    const twinBody = successObject(twin)
    if ('skip' in twinBody) return skip(`the twin request did not give a completion: ${twinBody.skip}`)
    return onStreamChoices(ctx, (stream) => {
      const twinChoices = Array.isArray(twinBody.value.choices) ? twinBody.value.choices.filter(isPlainObject) : []
      return twinChoices.flatMap((twinChoice, i): Finding[] => {
        const message = isPlainObject(twinChoice.message) ? twinChoice.message : {}
        const expected = typeof message.content === 'string' ? message.content : ''
        const actual = stream.choices.find((choice) => choice.index === (twinChoice.index ?? i))?.content ?? ''
        return actual === expected
          ? []
          : [
              finding(
                `choice ${twinChoice.index ?? i}: the streamed content differs from the non-streamed one; ${textDifference(actual, expected)}`,
                { actual, expected },
              ),
            ]
      })
    })
  },
})

export const errorStatus = defineCheck({
  id: 'stream.errors.status',
  title: 'An invalid streamed request fails with an HTTP error, not a 200 stream',
  level: 'required',
  reads: 'head',
  spec: { doc: DOCS.errors },
  description:
    'A streamed request that is invalid (unknown model, bad parameter) MUST be rejected with an HTTP error status and the JSON error envelope before any stream starts, never with a 200 stream carrying an error event.',
  run({ exchange }) {
    const status = exchange.response!.status
    if (status >= 400) return []
    if (!isSuccess(exchange)) return [finding(`expected an HTTP error status, got ${status}`, { actual: status })]
    const stream = eventStream(exchange)
    const carried = 'skip' in stream ? undefined : errorPayload(stream.value)
    const how = carried ? ` with an event stream carrying the error ${show(carried, 160)}` : ''
    return [
      finding(
        `the invalid streamed request was answered HTTP ${status}${how}: clients that check the status see success`,
        { actual: carried ?? exchange.response!.bodyText?.slice(0, 300) },
      ),
    ]
  },
})

/** The first in-band error of a stream, if any. */
function errorPayload(stream: ParsedStream): unknown {
  return inBandErrors(stream)[0]?.value
}

export const STREAM_CHOICE_CHECKS = [
  roleFirst,
  roleOnce,
  finishOnce,
  finishEnum,
  noDeltaAfterFinish,
  finishExpected,
  stopHonoured,
  contentMultipleChunks,
  choicesCount,
  logprobsShape,
  equivalence,
  errorStatus,
]
