/**
 * Chat Completions' check sets: what a plain and a streamed completion are judged on, what
 * the request's options (logprobs, stop, max tokens, include_usage, tools, a tool history,
 * response_format) add, and the sets only a declared case can use. The order is the order
 * inference lists their checks in.
 */
import { defineCheckSet } from '../../core/define.ts'
import type { CheckSetPremise, RequestConditions } from '../../core/types.ts'
import { JSON_SUCCESS } from '../shared/check-sets.ts'
import type { SharedCheckId } from '../shared/checks/index.ts'
import type { ChatCheckId } from './checks/index.ts'
import { hasImagePart, unknownPart } from './read/content-parts.ts'

/** The checks this slice's sets may name. */
type SetCheckId = ChatCheckId | SharedCheckId

const CHAT_COMPLETIONS = { method: 'POST', path: '/chat/completions' }

/** A successful answer to a chat completion request. */
const ANSWERED: CheckSetPremise = { endpoint: CHAT_COMPLETIONS, status: 'success' }

const PLAIN: RequestConditions = { stream: { isNot: true } }
const STREAMED: RequestConditions = { stream: { is: true } }
const WITH_TOOLS: RequestConditions = { tools: { nonEmpty: true } }
const JSON_MODE: RequestConditions = { 'response_format.type': { is: 'json_object' } }
const JSON_SCHEMA: RequestConditions = {
  'response_format.type': { is: 'json_schema' },
  'response_format.json_schema': { present: true },
}

/** A message carries tool history: a tool result, or an assistant message with tool calls. */
const TOOL_HISTORY: NonNullable<CheckSetPremise['where']> = {
  says: 'a message carries tool history (a tool message, or an assistant message with tool_calls)',
  holds: (request) =>
    Array.isArray(request.messages) &&
    (request.messages as Array<Record<string, unknown> | null>).some(
      (message) => message?.role === 'tool' || Array.isArray(message?.tool_calls),
    ),
}

// ---------------------------------------------------------------------------------------
// A non-streamed completion

/** Every non-streamed chat completion. */
export const CHAT_COMPLETION = defineCheckSet<SetCheckId>({
  name: 'chat.completion',
  title: 'A non-streamed chat completion: the JSON answer, the envelope, the choices and usage',
  premise: { ...ANSWERED, request: PLAIN },
  checks: [
    ...JSON_SUCCESS.checks,
    'chat.response.schema',
    'chat.response.object',
    'chat.response.id',
    'chat.response.created',
    'chat.response.model',
    'chat.response.model-requested',
    'chat.choices.indices',
    'chat.choices.count',
    'chat.message.role',
    'chat.message.content',
    'chat.message.unrequested',
    'chat.response.placeholders',
    'chat.message.refusal-exclusive',
    'chat.finish-reason.enum',
    'chat.content.non-empty',
    'chat.usage.present',
    'chat.usage.integers',
    'chat.usage.total',
    'chat.usage.counted',
  ],
})

export const CHAT_LOGPROBS = defineCheckSet<SetCheckId>({
  name: 'chat.logprobs',
  title: 'logprobs: true gives logprobs in the chat shape',
  premise: { ...ANSWERED, request: { ...PLAIN, logprobs: { is: true } } },
  checks: ['chat.logprobs.shape'],
})

export const CHAT_STOP = defineCheckSet<SetCheckId>({
  name: 'chat.stop',
  title: 'A stop sequence ends the reply before it',
  premise: { ...ANSWERED, request: { ...PLAIN, stop: { present: true } } },
  checks: ['chat.stop.honoured'],
})

export const CHAT_MAX_TOKENS = defineCheckSet<SetCheckId>({
  name: 'chat.max-tokens',
  title: 'max_tokens or max_completion_tokens caps the reply',
  premise: {
    ...ANSWERED,
    request: [
      { ...PLAIN, max_tokens: { present: true } },
      { ...PLAIN, max_completion_tokens: { present: true } },
    ],
  },
  checks: ['chat.max-tokens.honoured'],
})

export const CHAT_ASKED = defineCheckSet<SetCheckId>({
  name: 'chat.asked',
  title: 'The reply does what the prompt asked: the finish reason and the text expected',
  premise: { ...ANSWERED, request: PLAIN },
  checks: ['chat.finish-reason.expected', 'chat.content.contains'],
  needsCase: "its params (the finish reason, the text) come from what the case's prompt asks for",
})

// ---------------------------------------------------------------------------------------
// A streamed completion

/**
 * Every streamed chat completion: the HTTP answer, SSE framing, the chunk envelope and the
 * per-choice rules.
 */
export const STREAM_COMPLETION = defineCheckSet<SetCheckId>({
  name: 'stream.completion',
  title: 'A streamed chat completion: the HTTP answer, SSE framing, the chunks and the choices',
  premise: { ...ANSWERED, request: STREAMED },
  checks: [
    'http.status.success',
    'sdk.call.succeeds',
    'stream.http.content-type',
    'stream.http.not-json',
    'stream.payload.json',
    'stream.payload.foreign',
    'stream.done.terminates',
    'stream.done.nothing-after',
    'stream.chunk.schema',
    'stream.chunk.nulls-explicit',
    'stream.chunk.object',
    'stream.chunk.id',
    'stream.chunk.created',
    'stream.chunk.model',
    'stream.chunk.model-consistent',
    'stream.choices.count',
    'stream.choice.role-first',
    'stream.choice.role-once',
    'stream.finish.once',
    'stream.finish.enum',
    'stream.finish.no-delta-after',
    'stream.delta.incremental',
  ],
})

/** Legal stream shapes the official SDK chokes on; it reads the wire only, so it applies to recordings too. */
export const STREAM_DATALESS_EVENTS = defineCheckSet<SetCheckId>({
  name: 'sdk.stream.dataless-events',
  title: 'The stream has no dataless events the official SDK breaks on',
  premise: { ...ANSWERED, request: STREAMED },
  checks: ['sdk.stream.dataless-events'],
})

/** A stream with `stream_options: {include_usage: true}`: the usage chunk. */
export const STREAM_USAGE = defineCheckSet<SetCheckId>({
  name: 'stream.usage',
  title: 'stream_options.include_usage: one usage chunk before [DONE]',
  premise: { ...ANSWERED, request: { ...STREAMED, 'stream_options.include_usage': { is: true } } },
  checks: [
    'stream.usage.single-chunk',
    'stream.usage.empty-choices',
    'stream.usage.position',
    'stream.usage.null-elsewhere',
    'stream.usage.integers',
    'stream.usage.total',
  ],
})

export const STREAM_WITHOUT_USAGE = defineCheckSet<SetCheckId>({
  name: 'stream.usage-absent',
  title: 'Without stream_options.include_usage, no usage',
  premise: { ...ANSWERED, request: { ...STREAMED, 'stream_options.include_usage': { isNot: true } } },
  checks: ['stream.usage.absent-without-option'],
})

/** A forced tool call streams as tool_calls (the check skips unless tool_choice forces one). */
export const STREAM_FORCED_TOOL_CALL = defineCheckSet<SetCheckId>({
  name: 'stream.tool-calls.forced',
  title: 'A forced tool call streams as tool_calls',
  premise: { ...ANSWERED, request: { ...STREAMED, ...WITH_TOOLS } },
  checks: ['stream.tool-calls.forced'],
})

/** A stream that carries tool calls: the fragments. */
export const STREAM_TOOL_CALLS = defineCheckSet<SetCheckId>({
  name: 'stream.tool-calls',
  title: 'Streamed tool calls: the fragments and the finish reason',
  premise: { ...ANSWERED, request: { ...STREAMED, ...WITH_TOOLS } },
  checks: [
    'stream.tool-calls.first-fragment',
    'stream.tool-calls.identity-stable',
    'stream.tool-calls.later-fragments',
    'stream.tool-calls.indices',
    'stream.tool-calls.arguments-json',
    'stream.tool-calls.finish-reason',
  ],
})

export const STREAM_LOGPROBS = defineCheckSet<SetCheckId>({
  name: 'stream.logprobs',
  title: 'Streamed logprobs have the chat shape',
  premise: { ...ANSWERED, request: { ...STREAMED, logprobs: { is: true } } },
  checks: ['stream.logprobs.shape'],
})

export const STREAM_STOP = defineCheckSet<SetCheckId>({
  name: 'stream.stop',
  title: 'A stop sequence ends a streamed reply before it',
  premise: { ...ANSWERED, request: { ...STREAMED, stop: { present: true } } },
  checks: ['stream.stop.honoured'],
})

export const STREAM_ASKED = defineCheckSet<SetCheckId>({
  name: 'stream.asked',
  title: 'The stream does what the prompt asked: the finish reason expected, a reply in many chunks',
  premise: { ...ANSWERED, request: STREAMED },
  checks: ['stream.finish.expected', 'stream.content.multiple-chunks'],
  needsCase: "its params (the finish reason) and the reply's length come from what the case's prompt asks for",
})

export const STREAM_EQUIVALENCE = defineCheckSet<SetCheckId>({
  name: 'stream.equivalence',
  title: 'The stream says what the non-streamed answer says',
  premise: { ...ANSWERED, request: STREAMED },
  checks: ['stream.equivalence.content'],
  needsCase: "it compares the stream with the case's non-streamed `twin` exchange",
})

/** An invalid streamed request (no status premise: a 200 stream is what the check fails). */
export const STREAM_REJECTED = defineCheckSet<SetCheckId>({
  name: 'stream.errors',
  title: 'An invalid streamed request fails with an HTTP error, not a 200 stream',
  premise: { endpoint: CHAT_COMPLETIONS, request: STREAMED },
  checks: ['stream.errors.status'],
  needsCase: 'only the case knows its request is invalid on purpose',
})

export const SDK_STREAM_ITERATOR = defineCheckSet<SetCheckId>({
  name: 'sdk.stream.iterator',
  title: 'What the SDK yields to `for await` matches the wire',
  premise: { ...ANSWERED, request: STREAMED },
  checks: ['sdk.stream.raw-matches'],
  needsCase: "it compares the wire with what the SDK's stream iterator yielded, which only a case run through it has",
})

export const SDK_STREAM_HELPER = defineCheckSet<SetCheckId>({
  name: 'sdk.stream.helper',
  title: "The SDK's chat.completions.stream() helper assembles what the wire says",
  premise: { ...ANSWERED, request: STREAMED },
  checks: ['sdk.stream.final-matches'],
  needsCase: "it compares the wire with what the SDK's stream() helper assembled, which only a case run through it has",
})

// ---------------------------------------------------------------------------------------
// Function calling

/** Every tool call of a non-streamed message: its shape, none left in content, and a finish reason that agrees. */
export const TOOL_CALL_SHAPE = defineCheckSet<SetCheckId>({
  name: 'tools.call-shape',
  title: 'Tool calls of a non-streamed message: their shape, none in content, a finish reason that agrees',
  premise: { ...ANSWERED, request: { ...PLAIN, ...WITH_TOOLS } },
  checks: [
    'tools.call.id',
    'tools.call.type',
    'tools.call.name',
    'tools.call.arguments-string',
    'tools.call.ids-unique',
    'tools.call.not-in-content',
    'tools.finish-reason',
  ],
})

/** Arguments that fit the tool's parameters (each check picks the tools it judges: strict or not). */
export const TOOL_ARGUMENTS = defineCheckSet<SetCheckId>({
  name: 'tools.arguments',
  title: "Tool call arguments fit the tool's parameters",
  premise: { ...ANSWERED, request: { ...PLAIN, ...WITH_TOOLS } },
  checks: ['tools.call.arguments-valid', 'tools.strict.arguments-valid'],
})

/** A streamed completion with tool calls: the calls its fragments assemble to. */
export const STREAMED_TOOL_CALL_SHAPE = defineCheckSet<SetCheckId>({
  name: 'tools.stream',
  title: 'Streamed tool calls assemble to well-formed calls, none in content',
  premise: { ...ANSWERED, request: { ...STREAMED, ...WITH_TOOLS } },
  checks: ['tools.stream.assembled', 'tools.call.ids-unique', 'tools.call.not-in-content'],
})

/** What tool_choice and parallel_tool_calls promise (each check skips unless the request sets its mode). */
export const TOOL_CHOICE = defineCheckSet<SetCheckId>({
  name: 'tools.choice',
  title: 'tool_choice "none", "required" or a named function, and parallel_tool_calls false, are kept',
  premise: { ...ANSWERED, request: WITH_TOOLS },
  checks: ['tools.choice.none', 'tools.choice.required', 'tools.choice.named', 'tools.parallel.disabled'],
})

export const TOOL_PARALLEL_ARGUMENTS = defineCheckSet<SetCheckId>({
  name: 'tools.parallel-arguments',
  title: 'Every call of a message with several strict tool calls has valid arguments',
  premise: { ...ANSWERED, request: WITH_TOOLS },
  checks: ['tools.strict.parallel-arguments-valid'],
})

export const TOOLS_ASKED = defineCheckSet<SetCheckId>({
  name: 'tools.asked',
  title: 'The model calls the tools the prompt asks for, as many times as asked',
  premise: { ...ANSWERED, request: WITH_TOOLS },
  checks: ['tools.choice.auto-called', 'tools.parallel.called'],
  needsCase: "model behaviour: only the case's prompt asks for a tool call (or for N of them)",
})

/** The canonical request forms of a conversation with tools (each skips where its form is not sent). */
export const TOOL_REQUEST_FORMS = defineCheckSet<SetCheckId>({
  name: 'tools.request-forms',
  title: 'The canonical request forms of a tool conversation are accepted',
  premise: { ...ANSWERED, where: TOOL_HISTORY },
  checks: [
    'tools.request.assistant-content-null',
    'tools.request.tool-content-parts',
    'tools.request.openai-call-ids',
    'tools.request.history-without-tools',
  ],
})

export const TOOL_ROUND_TRIP = defineCheckSet<SetCheckId>({
  name: 'tools.round-trip',
  title: 'The answer after a tool result uses it',
  premise: { ...ANSWERED, where: TOOL_HISTORY },
  checks: ['tools.round-trip.uses-result'],
  needsCase: 'its params (the value the tool returned) and the answer that uses it come from the case',
})

export const TOOLS_SDK_PARSE = defineCheckSet<SetCheckId>({
  name: 'tools.sdk.parse',
  title: "The SDK's parse() with a zodFunction tool returns parsed arguments",
  premise: { ...ANSWERED, request: { ...PLAIN, ...WITH_TOOLS } },
  checks: ['tools.sdk.parsed-arguments'],
  needsCase: "it reads the outcome of the SDK's parse() helper, which only a case run through it has",
})

// ---------------------------------------------------------------------------------------
// Structured outputs

/** response_format with the schema at the top level instead of in `json_schema` (a vendor dialect). */
export const VENDOR_DIALECT = defineCheckSet<SetCheckId>({
  name: 'structured.vendor-dialect',
  title: 'Probe: response_format with the schema at the top level (a vendor dialect)',
  premise: {
    ...ANSWERED,
    request: { 'response_format.type': { is: 'json_schema' }, 'response_format.json_schema': { present: false } },
  },
  checks: ['structured.vendor-dialect'],
})

/** A JSON-mode answer, streamed or not. */
export const JSON_MODE_CONTENT = defineCheckSet<SetCheckId>({
  name: 'structured.json-mode',
  title: 'JSON mode: the content is one JSON object',
  premise: { ...ANSWERED, request: JSON_MODE },
  checks: ['structured.content.single-json', 'structured.json-object.object'],
})

/** A structured (json_schema) answer, streamed or not: one JSON value, valid against the strict schema. */
export const STRUCTURED_CONTENT = defineCheckSet<SetCheckId>({
  name: 'structured.content',
  title: 'json_schema: the content is one JSON value valid against the strict schema',
  premise: { ...ANSWERED, request: JSON_SCHEMA },
  checks: ['structured.content.single-json', 'structured.content.schema'],
})

export const STRUCTURED_REFUSAL_TYPE = defineCheckSet<SetCheckId>({
  name: 'structured.refusal-type',
  title: 'A non-streamed structured answer: a refusal, if any, is a string in `refusal`',
  premise: {
    ...ANSWERED,
    request: [
      { ...PLAIN, ...JSON_MODE },
      { ...PLAIN, ...JSON_SCHEMA },
    ],
  },
  checks: ['structured.refusal.type'],
})

/** structured.content.schema judges strict schemas only; a non-strict one is judged as a warning. */
export const STRUCTURED_NON_STRICT = defineCheckSet<SetCheckId>({
  name: 'structured.content.non-strict',
  title: 'json_schema without strict: the content fits the schema (best effort)',
  premise: { ...ANSWERED, request: JSON_SCHEMA },
  checks: ['structured.content.schema-non-strict'],
})

export const STRUCTURED_NOT_REFUSED = defineCheckSet<SetCheckId>({
  name: 'structured.not-refused',
  title: 'A benign structured request is not refused',
  premise: { ...ANSWERED, request: [JSON_MODE, JSON_SCHEMA] },
  checks: ['structured.refusal.none'],
  needsCase: 'model behaviour: only the case knows its request is benign',
})

export const STRUCTURED_SDK_PARSE = defineCheckSet<SetCheckId>({
  name: 'structured.sdk.parse',
  title: "The SDK's parse() with zodResponseFormat returns the parsed object",
  premise: { ...ANSWERED, request: { ...PLAIN, response_format: { present: true } } },
  checks: ['structured.sdk.parsed'],
  needsCase: "it reads the outcome of the SDK's parse() helper, which only a case run through it has",
})

/** In the order inference lists their checks. */
// ---------------------------------------------------------------------------------------
// Vision

const WITH_IMAGES: NonNullable<CheckSetPremise['where']> = {
  says: 'a message carries an image part (`image_url`)',
  holds: hasImagePart,
}

/** A request with image parts, answered or not: a vision model accepts it. */
export const VISION_REQUEST = defineCheckSet<SetCheckId>({
  name: 'vision.request',
  title: 'A message with image parts is accepted',
  premise: { endpoint: CHAT_COMPLETIONS, where: WITH_IMAGES },
  checks: ['vision.request.image-accepted'],
})

/** What the model said of the images it was shown. */
export const VISION_ASKED = defineCheckSet<SetCheckId>({
  name: 'vision.asked',
  title: 'The images reached the model: the reply names their colours',
  premise: { ...ANSWERED, where: WITH_IMAGES },
  checks: ['vision.reply.names-colours'],
  needsCase: "its params (the images' colours) come from the images the case made",
})

/** A content part of a type the API does not define. */
export const VISION_UNKNOWN_PART = defineCheckSet<SetCheckId>({
  name: 'vision.unknown-part',
  title: 'A content part of an unknown type is rejected',
  premise: {
    endpoint: CHAT_COMPLETIONS,
    where: {
      says: 'a message carries a content part of a type the API does not define',
      holds: (request) => unknownPart(request) !== undefined,
    },
  },
  checks: ['vision.request.unknown-part-rejected'],
})

export const CHAT_CHECK_SETS = [
  CHAT_COMPLETION,
  CHAT_LOGPROBS,
  CHAT_STOP,
  CHAT_MAX_TOKENS,
  CHAT_ASKED,
  STREAM_COMPLETION,
  STREAM_DATALESS_EVENTS,
  STREAM_USAGE,
  STREAM_WITHOUT_USAGE,
  STREAM_FORCED_TOOL_CALL,
  STREAM_TOOL_CALLS,
  STREAM_LOGPROBS,
  STREAM_STOP,
  STREAM_ASKED,
  STREAM_EQUIVALENCE,
  STREAM_REJECTED,
  SDK_STREAM_ITERATOR,
  SDK_STREAM_HELPER,
  TOOL_CALL_SHAPE,
  TOOL_ARGUMENTS,
  STREAMED_TOOL_CALL_SHAPE,
  TOOL_CHOICE,
  TOOL_PARALLEL_ARGUMENTS,
  TOOLS_ASKED,
  TOOL_REQUEST_FORMS,
  TOOL_ROUND_TRIP,
  TOOLS_SDK_PARSE,
  VENDOR_DIALECT,
  JSON_MODE_CONTENT,
  STRUCTURED_CONTENT,
  STRUCTURED_REFUSAL_TYPE,
  STRUCTURED_NON_STRICT,
  STRUCTURED_NOT_REFUSED,
  STRUCTURED_SDK_PARSE,
  VISION_REQUEST,
  VISION_ASKED,
  VISION_UNKNOWN_PART,
]
