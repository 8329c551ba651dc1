/**
 * Streamed chat completions on the wire: `POST /chat/completions` with `stream: true` →
 * `text/event-stream` of `data: {chat.completion.chunk}` events ending with `data: [DONE]`.
 *
 * This file holds the HTTP, framing and chunk-envelope rules; the per-choice, tool-call,
 * usage and SDK rules live in the files beside it (./index.ts lists them all). Every check
 * reads OUR strict reader's events (../../stream/parse.ts), never what the SDK made of them.
 */
import { defineCheck, finding, skip } from '../../../../core/define.ts'
import type { CheckContext, Finding } from '../../../../core/types.ts'
import { isJson, isPlainObject, JSON_LIMITS, isSuccess, jsonBody, mediaType, show } from '../../../shared/body.ts'
import { capFindings } from '../../../shared/findings.ts'
import { absentNullFindingsIn, type Located, schemaFindingsIn } from '../../../shared/schema.ts'
import { chatRequestParam, schemaRef } from '../../../shared/spec.ts'
import { createdFindings } from '../../../shared/created.ts'
import { onChunks } from '../../read/stream-chunks.ts'
import { eventStream, onStream } from '../../stream/applicability.ts'
import { inBandErrors, type ParsedStream, type StreamChunk } from '../../stream/parse.ts'
import { atChunk } from '../../stream/pointers.ts'
import { STREAM_DOCS } from './docs.ts'

const OP = 'createChatCompletion'
const CHUNK = 'CreateChatCompletionStreamResponse'

export const contentType = defineCheck({
  id: 'stream.http.content-type',
  title: 'A stream is labelled text/event-stream',
  level: 'required',
  reads: 'head',
  spec: { doc: STREAM_DOCS.sse },
  description:
    'The answer to a `stream: true` request MUST carry `Content-Type: text/event-stream`; clients, proxies and EventSource pick the parser (and whether to buffer) from it.',
  run({ exchange }) {
    if (!isSuccess(exchange))
      return skip(`the request did not succeed (HTTP ${exchange.response?.status}); see http.status.success`)
    const type = mediaType(exchange)
    return type === 'text/event-stream'
      ? []
      : [
          finding(`expected content-type text/event-stream, got ${type ?? 'none'}`, {
            actual: exchange.response!.headers['content-type'] ?? null,
          }),
        ]
  },
})

export const notJson = defineCheck({
  id: 'stream.http.not-json',
  title: 'stream: true is not answered with a plain JSON completion',
  level: 'required',
  spec: chatRequestParam('stream'),
  description:
    'With `stream: true` the response MUST be an event stream of chunks; a plain JSON body means the endpoint ignored `stream` (the SDK then yields an empty stream without an error).',
  run({ exchange, request }) {
    if (request.stream !== true) return skip('the request did not set stream: true')
    if (!isSuccess(exchange))
      return skip(`the request did not succeed (HTTP ${exchange.response?.status}); see http.status.success`)
    const body = jsonBody(exchange)
    if (!isJson(body)) return []
    // JSON this tool refused to parse is JSON all the same: its reason goes with the finding.
    const what = body.ok
      ? isPlainObject(body.value) && body.value.object !== undefined
        ? ` (object ${show(body.value.object)})`
        : ''
      : ` (${body.reason})`
    return [
      finding(`the endpoint answered stream: true with a plain JSON body${what}: it ignored stream`, {
        actual: body.ok ? body.value : exchange.response!.bodyText?.slice(0, 300),
      }),
    ]
  },
})

export const payloadJson = defineCheck({
  id: 'stream.payload.json',
  title: 'Every data payload is a JSON object',
  level: 'required',
  reads: 'prefix',
  spec: { doc: STREAM_DOCS.streaming },
  description:
    'Every `data:` payload other than `[DONE]` MUST be a JSON object (a chunk); clients JSON-parse each one and abort on anything else.',
  notes: `Payloads are parsed within the bounds http.body.json states (${JSON_LIMITS.depth} levels of nesting, strings of ${JSON_LIMITS.stringChars} characters); one past them is reported as JSON this tool refused to parse, with the reason, not as "not JSON" (no chunk comes near either bound).`,
  run: (ctx) =>
    onStream(ctx, (stream) =>
      capFindings(
        stream.notObjects.map(({ event, reason }) =>
          finding(`the payload is ${reason}`, { at: `sse event ${event.index}`, actual: event.data.slice(0, 200) }),
        ),
      ),
    ),
})

export const payloadForeign = defineCheck({
  id: 'stream.payload.foreign',
  title: 'No foreign objects or in-band errors in the chunk stream',
  level: 'required',
  reads: 'prefix',
  spec: schemaRef(OP, CHUNK),
  description:
    'Every JSON payload before `[DONE]` MUST be a chat.completion.chunk: other objects (a bare `{"cost": …}`) break clients that type every event as a chunk, and an in-band error (an `event: error` event, or a payload with an `error` member, even a chunk-shaped one) means the stream failed after it started (the SDK raises APIError on it).',
  notes:
    'OpenAI itself sends `data: {"error": …}` when a stream fails after it started, and routers do the same (OpenRouter\'s mid-stream errors are chunk-shaped, with an `error` member). Nothing else can report a failure after the 200, so such an event is legitimate as a report, but the stream it ends is a failed one, and a conformance run reports it. An in-band error is the one root cause of what the stream then lacks: the checks that judge the stream whole (its [DONE], each choice\'s finish, the usage chunk, what the SDK made of it) skip, pointing here; the findings of the checks that judge what arrived before it stand.',
  explains: { readers: 'whole-body', when: carriesInBandError },
  run: (ctx) =>
    onStream(ctx, (stream) => {
      const errors = inBandErrors(stream)
      return capFindings(
        stream.foreign.map(({ event, value }) => {
          const what = errors.some((error) => error.event === event)
            ? `an in-band error${event.event === 'error' ? ' (event: error)' : ''}: ${show(value.error ?? value, 160)}; the stream failed after it started`
            : `a payload that is not a chat.completion.chunk (keys: ${Object.keys(value).join(', ') || 'none'})`
          return finding(what, { at: `sse event ${event.index}`, actual: value })
        }),
      )
    }),
})

/** Whether the exchange's stream carries an in-band error (so the stream failed after it started). */
function carriesInBandError(ctx: CheckContext): boolean {
  const stream = eventStream(ctx.exchange)
  return !('skip' in stream) && inBandErrors(stream.value).length > 0
}

export const doneTerminates = defineCheck({
  id: 'stream.done.terminates',
  title: 'The stream ends with data: [DONE]',
  level: 'required',
  spec: { doc: STREAM_DOCS.streaming },
  description:
    'The stream MUST be terminated by a `data: [DONE]` event (a complete event, ended by a blank line); clients wait for it to know the reply is complete.',
  run: (ctx) =>
    onStream(ctx, (stream) => {
      if (stream.done.seen) return []
      if (stream.trailingData === '[DONE]') {
        return [
          finding(
            '`data: [DONE]` arrived without the blank line that ends an event, so a spec-following reader never dispatches it',
            { actual: stream.trailing },
          ),
        ]
      }
      const lost =
        stream.trailingData === null
          ? ''
          : '; the stream also ended mid-event, so its last event is dropped by spec-following readers'
      return [
        finding(`no data: [DONE] event in ${stream.events.length} events${lost}`, {
          actual: stream.trailing.slice(-200) || undefined,
        }),
      ]
    }),
})

export const doneNothingAfter = defineCheck({
  id: 'stream.done.nothing-after',
  title: 'Nothing follows data: [DONE]',
  level: 'required',
  reads: 'prefix',
  spec: { doc: STREAM_DOCS.streaming },
  description:
    '`data: [DONE]` MUST be the last event: clients stop reading there, so anything after it is lost (or, for lenient ones, misread).',
  run: (ctx) =>
    onStream(ctx, (stream) => {
      if (!stream.done.seen) return skip('the stream has no [DONE]; see stream.done.terminates')
      const after = stream.afterDone.map((event) =>
        finding(`an event after [DONE]: ${show(event.data, 80)}`, {
          at: `sse event ${event.index}`,
          actual: event.data.slice(0, 200),
        }),
      )
      if (stream.trailingData !== null)
        after.push(finding('an unfinished event after [DONE]', { actual: stream.trailing.slice(0, 200) }))
      return capFindings(after)
    }),
})

/** Runs a rule over every chunk, capped. */
function eachChunk(
  stream: ParsedStream,
  rule: (chunk: Record<string, unknown>, at: (pointer?: string) => string) => Finding[],
): Finding[] {
  return capFindings(
    stream.chunks.flatMap((chunk) => rule(chunk.value, (pointer = '') => atChunk(stream, chunk.position, pointer))),
  )
}

export const chunkSchema = defineCheck({
  id: 'stream.chunk.schema',
  title: 'Every chunk validates against CreateChatCompletionStreamResponse',
  level: 'required',
  reads: 'prefix',
  spec: schemaRef(OP, CHUNK),
  description: 'Each chunk MUST validate against the recorded CreateChatCompletionStreamResponse schema.',
  notes:
    'One finding per rule violated, however many chunks break it. A required member whose schema allows null, left out, is not counted here: stream.chunk.nulls-explicit reports it.',
  run: (ctx) => onChunks(ctx, (stream) => schemaFindingsIn(CHUNK, locatedChunks(stream))),
})

/** Every chunk, located for schema findings (`sse event 4 /choices/0`). */
function locatedChunks(stream: ParsedStream): Located[] {
  return stream.chunks.map((chunk) => ({
    value: chunk.value,
    at: (pointer) => atChunk(stream, chunk.position, pointer),
  }))
}

export const chunkNullsExplicit = defineCheck({
  id: 'stream.chunk.nulls-explicit',
  title: 'Required chunk members that may be null are sent, as null',
  level: 'recommended',
  reads: 'prefix',
  spec: schemaRef(OP, CHUNK),
  description:
    'A member the chunk schema requires SHOULD be present on every chunk even when null (`finish_reason: null` until the choice finishes), as OpenAI sends it; reported once per member, however many chunks leave it out.',
  notes:
    'The schema makes such members required, but clients read an absent member as null (the SDKs default it), so leaving one out is a warning and stream.chunk.schema does not count it; as http.body.nulls-explicit for JSON bodies.',
  run: (ctx) => onChunks(ctx, (stream) => absentNullFindingsIn(CHUNK, locatedChunks(stream))),
})

export const chunkObject = defineCheck({
  id: 'stream.chunk.object',
  title: 'object is "chat.completion.chunk"',
  level: 'required',
  reads: 'prefix',
  spec: schemaRef(OP, CHUNK, 'properties', 'object'),
  description: 'The object type of every chunk MUST be "chat.completion.chunk".',
  run: (ctx) =>
    onChunks(ctx, (stream) =>
      eachChunk(stream, (chunk, at) =>
        chunk.object === 'chat.completion.chunk'
          ? []
          : [
              finding(`object is ${show(chunk.object)}, expected "chat.completion.chunk"`, {
                at: at('/object'),
                actual: chunk.object,
              }),
            ],
      ),
    ),
})

/**
 * A member every chunk must carry with one value: each chunk's value must pass `valid`,
 * and equal the first valid one (so one bad chunk is reported once, not once per good one).
 */
function sameOnEveryChunk(
  stream: ParsedStream,
  member: string,
  valid: (value: unknown, at: string) => Finding[],
): Finding[] {
  const reference = stream.chunks.find((chunk) => valid(chunk.value[member], '').length === 0)
  return eachChunk(stream, (chunk, at) => {
    const own = valid(chunk[member], at(`/${member}`))
    if (own.length > 0 || !reference) return own
    return chunk[member] === reference.value[member]
      ? []
      : [differsFrom(stream, reference, member, chunk[member], at(`/${member}`))]
  })
}

/** "`member` is X, but sse event N has Y". */
function differsFrom(
  stream: ParsedStream,
  reference: StreamChunk,
  member: string,
  actual: unknown,
  at: string,
): Finding {
  const expected = reference.value[member]
  return finding(`${member} is ${show(actual)}, but ${atChunk(stream, reference.position)} has ${show(expected)}`, {
    at,
    actual,
    expected,
  })
}

function nonEmptyString(member: string) {
  return (value: unknown, at: string): Finding[] =>
    typeof value === 'string' && value.trim() !== ''
      ? []
      : [finding(`${member} is ${show(value)}, expected a non-empty string`, { at, actual: value })]
}

export const chunkId = defineCheck({
  id: 'stream.chunk.id',
  title: 'id is non-empty and the same on every chunk',
  level: 'required',
  reads: 'prefix',
  spec: schemaRef(OP, CHUNK, 'properties', 'id'),
  description: 'Every chunk MUST carry the completion\'s id, a non-empty string: "Each chunk has the same ID."',
  run: (ctx) => onChunks(ctx, (stream) => sameOnEveryChunk(stream, 'id', nonEmptyString('id'))),
})

export const chunkCreated = defineCheck({
  id: 'stream.chunk.created',
  title: 'created is integer Unix seconds, the same on every chunk',
  level: 'required',
  reads: 'prefix',
  spec: schemaRef(OP, CHUNK, 'properties', 'created'),
  description:
    'created MUST be the Unix timestamp in seconds (an integer) of the completion: "Each chunk has the same timestamp."',
  run: (ctx) =>
    onChunks(ctx, (stream) => sameOnEveryChunk(stream, 'created', (value, at) => createdFindings(value, at))),
})

export const chunkModel = defineCheck({
  id: 'stream.chunk.model',
  title: 'model is a non-empty string on every chunk',
  level: 'required',
  reads: 'prefix',
  spec: schemaRef(OP, CHUNK, 'properties', 'model'),
  description: 'Every chunk MUST name the model that generated the completion.',
  run: (ctx) =>
    onChunks(ctx, (stream) => eachChunk(stream, (chunk, at) => nonEmptyString('model')(chunk.model, at('/model')))),
})

export const chunkModelConsistent = defineCheck({
  id: 'stream.chunk.model-consistent',
  title: 'model is the same on every chunk',
  level: 'recommended',
  reads: 'prefix',
  spec: schemaRef(OP, CHUNK, 'properties', 'model'),
  description:
    "One completion comes from one model, so every chunk SHOULD name the same model (OpenAI's do); clients read it from whichever chunk they keep.",
  notes: 'The spec states "each chunk has the same" for id and created but not for model, so a change is a warning.',
  run: (ctx) =>
    onChunks(ctx, (stream) => {
      // Only well-formed models are compared; empty or missing ones are stream.chunk.model's.
      const named = stream.chunks.filter((chunk) => typeof chunk.value.model === 'string' && chunk.value.model !== '')
      const reference = named[0]
      if (!reference) return []
      return capFindings(
        named
          .filter((chunk) => chunk.value.model !== reference.value.model)
          .map((chunk) =>
            differsFrom(stream, reference, 'model', chunk.value.model, atChunk(stream, chunk.position, '/model')),
          ),
      )
    }),
})

export const STREAM_WIRE_CHECKS = [
  contentType,
  notJson,
  payloadJson,
  payloadForeign,
  doneTerminates,
  doneNothingAfter,
  chunkSchema,
  chunkNullsExplicit,
  chunkObject,
  chunkId,
  chunkCreated,
  chunkModel,
  chunkModelConsistent,
]
