/**
 * Function calling, streamed and not: tool calls and their shape, what tool_choice and
 * parallel_tool_calls promise, the round trip with tool results, and the canonical request
 * forms of a conversation with tools.
 *
 * Prompt conventions (the reference model follows the same ones, reference/model/tools.ts):
 * a prompt that wants a tool names it ("Use the get_weather tool"), and says "twice, once
 * for each" when it wants two calls. Cases that test a forced tool_choice use a prompt that
 * would NOT call a tool by itself, so an endpoint that ignores tool_choice is caught; the
 * "none" case uses one that would.
 *
 * Two kinds of case are built so that a verdict lands where it belongs:
 * - Canonical request forms (`content: null`, OpenAI's ids, text parts, no tools list) are
 *   tried one at a time against a baseline conversation in the most compatible form of
 *   everything, sent beside each as the `baseline` exchange: a rejection is blamed on the one
 *   form that differs, never on the others.
 * - The strict probe asks for values the schema cannot hold: only an endpoint that enforces
 *   `strict` (constrained decoding) returns valid arguments, whatever its model would write.
 *
 * Every case caps its completion (`withTokenCap`, ./common.ts) with room for the whole calls
 * and a reasoning model's hidden reasoning: the arguments are judged, so none may be cut.
 */
import { BASELINE_EXCHANGE } from '../src/apis/chat/checks/tools/request-forms.ts'
import {
  CHAT_COMPLETION,
  STREAM_COMPLETION,
  STREAM_TOOL_CALLS,
  STREAMED_TOOL_CALL_SHAPE,
  TOOL_CALL_SHAPE,
} from '../src/apis/chat/check-sets.ts'
import type { CheckId } from '../src/apis/index.ts'
import type { RequestSpec } from '../src/core/types.ts'
import { zodFunctionRef } from '../src/apis/chat/sdk-helpers.ts'
import {
  COMPLETION_WITHOUT_TEXT_REPLY,
  PARSED_CALLING_COMPLETION,
  REPLY_TOKENS,
  defineSuite,
  judgedReply,
  user,
  withTokenCap,
  type KnownCase,
  type KnownCheckUse,
} from './common.ts'

// ---------------------------------------------------------------------------------------
// Tools

/** Strict, with an enum: the tool most cases use. */
const GET_WEATHER = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Get the current weather in a city.',
    strict: true,
    parameters: {
      type: 'object',
      properties: {
        location: { type: 'string', description: 'The city and country, e.g. Paris, France' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      },
      required: ['location', 'unit'],
      additionalProperties: false,
    },
  },
}

/** Strict, the second tool where a case needs a choice between two. */
const GET_TIME = {
  type: 'function',
  function: {
    name: 'get_time',
    description: 'Get the current local time in a timezone.',
    strict: true,
    parameters: {
      type: 'object',
      properties: { timezone: { type: 'string', description: 'An IANA timezone name, e.g. Asia/Tokyo' } },
      required: ['timezone'],
      additionalProperties: false,
    },
  },
}

/** Strict, with nested objects, an array of objects, an enum, an integer and a nullable field. */
const SCHEDULE_MEETING = {
  type: 'function',
  function: {
    name: 'schedule_meeting',
    description: 'Put a meeting in the calendar.',
    strict: true,
    parameters: {
      type: 'object',
      properties: {
        title: { type: 'string' },
        attendees: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, email: { type: 'string' } },
            required: ['name', 'email'],
            additionalProperties: false,
          },
        },
        duration_minutes: { type: 'integer' },
        priority: { type: 'string', enum: ['low', 'normal', 'high'] },
        location: {
          type: 'object',
          properties: { city: { type: 'string' }, room: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
          required: ['city', 'room'],
          additionalProperties: false,
        },
      },
      required: ['title', 'attendees', 'duration_minutes', 'priority', 'location'],
      additionalProperties: false,
    },
  },
}

/** Not strict, with an optional parameter: the model's arguments are best effort. */
const GET_STOCK_PRICE = {
  type: 'function',
  function: {
    name: 'get_stock_price',
    description: 'Get the latest price of a stock.',
    parameters: {
      type: 'object',
      properties: {
        symbol: { type: 'string', description: 'The ticker symbol, e.g. AAPL' },
        exchange: { type: 'string', description: 'The exchange, e.g. NASDAQ' },
      },
      required: ['symbol'],
    },
  },
}

/** Strict, for the enforcement probe: an integer, an enum and no other properties. */
const SAVE_CONTACT = {
  type: 'function',
  function: {
    name: 'save_contact',
    description: 'Save a person to the address book.',
    strict: true,
    parameters: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        age: { type: 'integer' },
        status: { type: 'string', enum: ['active', 'inactive'] },
      },
      required: ['name', 'age', 'status'],
      additionalProperties: false,
    },
  },
}

// ---------------------------------------------------------------------------------------
// Prompts and conversations

const WEATHER_PROMPT = 'What is the weather in Paris, France right now? Use the get_weather tool, in celsius.'
const TWO_CITIES_PROMPT =
  'What is the weather in Paris, France and in Tokyo, Japan? Call the get_weather tool twice, once for each city, in parallel.'
/** Needs no tool by itself: a forced tool_choice must make the call anyway. */
const NO_TOOL_PROMPT = 'My favourite city is Tokyo, Japan.'
/**
 * Values save_contact's strict schema cannot hold (the age in words, a status outside the
 * enum, an undeclared email), as `key: value` lines a model without constrained decoding
 * copies. An endpoint that enforces the schema returns valid arguments by construction.
 */
const STRICT_PROBE_PROMPT =
  'Save this contact with the save_contact tool. Use these values exactly as written, and keep the email too:\n' +
  'name: Ada Lovelace\nage: thirty-six\nstatus: retired\nemail: ada@example.com'

/** A tool call id in OpenAI's own format (`call_` + 24 letters and digits). */
const OPENAI_CALL_ID = 'call_Xq3mT8vLp2Rk9WbN4cYd7Hs1'
/** A 9-character id of letters and digits: the one format every endpoint we know accepts (Mistral requires it). */
const PLAIN_CALL_ID = 'Xq3mT8vLp'

/** The forms a round trip (the assistant's get_weather call and its result) can take. */
interface RoundTripForm {
  /** The assistant message's content beside its tool_calls. */
  assistantContent: string | null
  /** The call's id, echoed as the tool message's tool_call_id. */
  callId: string
  /** The tool message's content: a string, or an array of text parts. */
  toolContent: 'string' | 'parts'
  /** Whether the request still offers the tools. */
  tools: boolean
}

/**
 * The most compatible form of everything: text beside the call (some backends reject an
 * empty text block, vercel/ai#14888), a 9-character id, string tool content, the tools still
 * offered. Each canonical-form case changes exactly one of these.
 */
const BASELINE_FORM: RoundTripForm = {
  assistantContent: 'Let me look that up.',
  callId: PLAIN_CALL_ID,
  toolContent: 'string',
  tools: true,
}

/** A conversation after one get_weather call that returned `temperature` °C, in the given form. */
function roundTrip(temperature: number, form: Partial<RoundTripForm> = {}): RequestSpec {
  const { assistantContent, callId, toolContent, tools } = { ...BASELINE_FORM, ...form }
  const result = JSON.stringify({ temperature, unit: 'celsius', condition: 'light rain' })
  return create({
    messages: [
      user(
        'What is the weather in Paris, France? Use the get_weather tool, then tell me the temperature it reports, as a number.',
      ),
      {
        role: 'assistant',
        content: assistantContent,
        tool_calls: [
          {
            id: callId,
            type: 'function',
            function: { name: 'get_weather', arguments: '{"location":"Paris, France","unit":"celsius"}' },
          },
        ],
      },
      {
        role: 'tool',
        tool_call_id: callId,
        content: toolContent === 'parts' ? [{ type: 'text', text: result }] : result,
      },
    ],
    ...(tools ? { tools: [GET_WEATHER] } : {}),
  })
}

/** A round trip's cap: the answer, a sentence naming the temperature, is judged. */
const ROUND_TRIP_CAP = judgedReply(REPLY_TOKENS.short)

/** What a round trip is judged on: the completion, and an answer that uses the result (plus the tool checks when tools are offered). */
function roundTripChecks(temperature: number, form: Partial<RoundTripForm> = {}): KnownCheckUse[] {
  const withTools: KnownCheckUse[] = form.tools === false ? [] : ['tools.call.not-in-content', 'tools.finish-reason']
  return [...CHAT_COMPLETION.checks, ...withTools, ['tools.round-trip.uses-result', { expect: String(temperature) }]]
}

/**
 * A case that tries one canonical request form: the round trip with `form` changed from the
 * baseline, which is sent beside it; `check` passes when the endpoint accepts the form, and
 * a persistent 500 on it is judged (`expect: 'acceptance'`), not excused.
 */
function formCase(definition: {
  id: string
  title: string
  check: CheckId
  form: Partial<RoundTripForm>
  temperature: number
  asked: string
}): KnownCase {
  const { id, title, check, form, temperature, asked } = definition
  return withTokenCap(ROUND_TRIP_CAP, {
    id,
    title,
    capability: 'tools',
    request: roundTrip(temperature, form),
    related: { [BASELINE_EXCHANGE]: roundTrip(temperature) },
    expect: 'acceptance',
    checks: [...roundTripChecks(temperature, form), check],
    asked,
  })
}

// ---------------------------------------------------------------------------------------
// Check sets

/** A streamed completion with tool calls: the fragments, and the calls they assemble to. */
const STREAMED_TOOL_CALLS: readonly KnownCheckUse[] = [
  ...STREAM_COMPLETION.checks,
  ...STREAM_TOOL_CALLS.checks,
  ...STREAMED_TOOL_CALL_SHAPE.checks,
]

/** OpenAI's reasoning models (o3, o3-mini, o4-mini) reject `parallel_tool_calls` with 400 unsupported_parameter: such a case skips. */
const PARALLEL_OPTIONAL = ['parallel_tool_calls'] as const

function create(body: Record<string, unknown>): RequestSpec {
  return { operation: 'chat.completions.create', body }
}

function stream(body: Record<string, unknown>): RequestSpec {
  return { operation: 'chat.completions.create.stream', body: { ...body, stream: true } }
}

export default defineSuite({
  capability: 'tools',
  title: 'Function calling',
  cases: [
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'tools.auto.call',
      title: 'Under "auto", a prompt that names a tool gets a well-formed call',
      capability: 'tools',
      request: create({ messages: [user(WEATHER_PROMPT)], tools: [GET_WEATHER, GET_TIME], tool_choice: 'auto' }),
      checks: [
        ...COMPLETION_WITHOUT_TEXT_REPLY,
        ...TOOL_CALL_SHAPE.checks,
        'tools.strict.arguments-valid',
        'tools.choice.auto-called',
      ],
      asked: 'call get_weather for Paris (tool_choice "auto", the prompt names the tool)',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.long), {
      id: 'tools.strict.nested-arguments',
      title: 'Arguments of a strict tool with nested objects, arrays, enums and a nullable field match its schema',
      capability: 'tools',
      request: create({
        messages: [
          user(
            'Schedule a meeting titled "Launch review" with Ada (ada@example.com) and Grace (grace@example.com) for 30 minutes, ' +
              'high priority, in Paris, room 4. Use the schedule_meeting tool.',
          ),
        ],
        tools: [SCHEDULE_MEETING],
        tool_choice: 'required',
      }),
      checks: [
        ...COMPLETION_WITHOUT_TEXT_REPLY,
        ...TOOL_CALL_SHAPE.checks,
        'tools.strict.arguments-valid',
        'tools.choice.required',
      ],
      asked: 'call schedule_meeting with two attendees (tool_choice "required")',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'tools.strict.enforced',
      title: 'Probe: a strict tool gets valid arguments even when the prompt asks for values its schema cannot hold',
      capability: 'tools',
      request: create({
        messages: [user(STRICT_PROBE_PROMPT)],
        tools: [SAVE_CONTACT],
        tool_choice: { type: 'function', function: { name: 'save_contact' } },
      }),
      checks: [
        ...COMPLETION_WITHOUT_TEXT_REPLY,
        ...TOOL_CALL_SHAPE.checks,
        'tools.strict.arguments-valid',
        'tools.choice.named',
      ],
      asked:
        'call save_contact with an age in words, a status outside the enum and an undeclared email: only schema enforcement gives valid arguments',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'tools.non-strict.arguments',
      title: 'Arguments of a non-strict tool parse and fit its parameters',
      capability: 'tools',
      request: create({
        messages: [user('What is the latest price of Apple stock (AAPL)? Use the get_stock_price tool.')],
        tools: [GET_STOCK_PRICE],
      }),
      checks: [
        ...COMPLETION_WITHOUT_TEXT_REPLY,
        ...TOOL_CALL_SHAPE.checks,
        'tools.call.arguments-valid',
        'tools.choice.auto-called',
      ],
      asked: 'call get_stock_price for AAPL (no tool_choice: "auto")',
    }),
    // The text answer is judged for a tool call written into it.
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'tools.choice.none',
      title: 'tool_choice "none" answers in text even when the prompt asks for a tool',
      capability: 'tools',
      request: create({
        messages: [user('What is the weather in Paris, France? Use the get_weather tool if you can.')],
        tools: [GET_WEATHER],
        tool_choice: 'none',
      }),
      checks: [...CHAT_COMPLETION.checks, 'tools.choice.none', 'tools.call.not-in-content', 'tools.finish-reason'],
      asked: 'a prompt that asks for get_weather, with tool_choice "none": answer in text',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'tools.choice.required',
      title: 'tool_choice "required" calls a tool even when the prompt needs none',
      capability: 'tools',
      request: create({ messages: [user(NO_TOOL_PROMPT)], tools: [GET_WEATHER, GET_TIME], tool_choice: 'required' }),
      checks: [
        ...COMPLETION_WITHOUT_TEXT_REPLY,
        ...TOOL_CALL_SHAPE.checks,
        'tools.strict.arguments-valid',
        'tools.choice.required',
      ],
      asked: 'a statement that needs no tool, with tool_choice "required": call get_weather or get_time',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'tools.choice.named',
      title: 'A named tool_choice calls exactly that function',
      capability: 'tools',
      request: create({
        messages: [user(NO_TOOL_PROMPT)],
        tools: [GET_WEATHER, GET_TIME],
        tool_choice: { type: 'function', function: { name: 'get_time' } },
      }),
      checks: [
        ...COMPLETION_WITHOUT_TEXT_REPLY,
        ...TOOL_CALL_SHAPE.checks,
        'tools.strict.arguments-valid',
        'tools.choice.named',
      ],
      asked: 'a statement that needs no tool, with tool_choice naming get_time: call get_time',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.long), {
      id: 'tools.parallel.two-calls',
      title: 'A prompt that needs two calls gets two, with distinct ids',
      capability: 'tools',
      request: create({ messages: [user(TWO_CITIES_PROMPT)], tools: [GET_WEATHER], parallel_tool_calls: true }),
      optionalParams: PARALLEL_OPTIONAL,
      checks: [
        ...COMPLETION_WITHOUT_TEXT_REPLY,
        ...TOOL_CALL_SHAPE.checks,
        'tools.strict.parallel-arguments-valid',
        'tools.choice.auto-called',
        ['tools.parallel.called', { calls: 2 }],
      ],
      asked: 'call get_weather twice, for Paris and Tokyo, in one message',
    }),
    // Room for the second call an endpoint that ignores parallel_tool_calls makes, so that the check sees it whole.
    withTokenCap(judgedReply(REPLY_TOKENS.long), {
      id: 'tools.parallel.disabled',
      title: 'parallel_tool_calls: false gives at most one call',
      capability: 'tools',
      request: create({ messages: [user(TWO_CITIES_PROMPT)], tools: [GET_WEATHER], parallel_tool_calls: false }),
      optionalParams: PARALLEL_OPTIONAL,
      checks: [
        ...COMPLETION_WITHOUT_TEXT_REPLY,
        ...TOOL_CALL_SHAPE.checks,
        'tools.strict.arguments-valid',
        'tools.parallel.disabled',
      ],
      asked: 'the two-city prompt with parallel_tool_calls false: one call per message',
    }),
    withTokenCap(ROUND_TRIP_CAP, {
      id: 'tools.round-trip',
      title: 'The round trip: an assistant tool call and its result get an answer that uses it',
      capability: 'tools',
      request: roundTrip(27),
      checks: roundTripChecks(27),
      asked: 'after get_weather returned 27 °C, say the temperature (the most compatible form of the conversation)',
    }),
    formCase({
      id: 'tools.round-trip.content-null',
      title: 'An assistant tool call with content null, as the SDK replays it, is accepted',
      check: 'tools.request.assistant-content-null',
      form: { assistantContent: null },
      temperature: 22,
      asked: 'after get_weather returned 22 °C, say the temperature; the assistant message carries content null',
    }),
    formCase({
      id: 'tools.round-trip.openai-call-ids',
      title: "Tool call ids in OpenAI's own format are accepted",
      check: 'tools.request.openai-call-ids',
      form: { callId: OPENAI_CALL_ID },
      temperature: 31,
      asked: "after get_weather returned 31 °C, say the temperature; the call id is in OpenAI's format",
    }),
    formCase({
      id: 'tools.round-trip.content-parts',
      title: 'A tool result given as an array of text parts is accepted and used',
      check: 'tools.request.tool-content-parts',
      form: { toolContent: 'parts' },
      temperature: 14,
      asked: 'after get_weather returned 14 °C (as text parts), say the temperature',
    }),
    formCase({
      id: 'tools.round-trip.without-tools',
      title: 'Tool history with the tools list omitted is accepted and answered',
      check: 'tools.request.history-without-tools',
      form: { tools: false },
      temperature: 19,
      asked: 'after get_weather returned 19 °C, with no tools offered any more, say the temperature',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'tools.stream.call',
      title: 'A streamed tool call assembles to a well-formed call',
      capability: 'tools',
      request: stream({ messages: [user(WEATHER_PROMPT)], tools: [GET_WEATHER, GET_TIME], tool_choice: 'auto' }),
      checks: [...STREAMED_TOOL_CALLS, 'tools.choice.auto-called'],
      asked: 'call get_weather for Paris, streamed',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.long), {
      id: 'tools.stream.parallel',
      title: 'Two streamed calls assemble to two well-formed calls with distinct ids',
      capability: 'tools',
      request: stream({ messages: [user(TWO_CITIES_PROMPT)], tools: [GET_WEATHER], parallel_tool_calls: true }),
      optionalParams: PARALLEL_OPTIONAL,
      checks: [
        ...STREAMED_TOOL_CALLS,
        'tools.strict.parallel-arguments-valid',
        ['tools.parallel.called', { calls: 2 }],
      ],
      asked: 'call get_weather twice, streamed',
    }),
    // Room for a second call, as in tools.parallel.disabled.
    withTokenCap(judgedReply(REPLY_TOKENS.long), {
      id: 'tools.stream.named',
      title: 'A streamed named tool_choice calls exactly that function, once',
      capability: 'tools',
      request: stream({
        messages: [user(NO_TOOL_PROMPT)],
        tools: [GET_WEATHER, GET_TIME],
        tool_choice: { type: 'function', function: { name: 'get_time' } },
        parallel_tool_calls: false,
      }),
      optionalParams: PARALLEL_OPTIONAL,
      checks: [...STREAMED_TOOL_CALLS, 'stream.tool-calls.forced', 'tools.choice.named', 'tools.parallel.disabled'],
      asked: 'a statement that needs no tool, tool_choice naming get_time, streamed',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'tools.sdk.zod-function',
      title: "The SDK's parse() with a zodFunction tool returns parsed arguments",
      capability: 'tools',
      request: {
        operation: 'chat.completions.parse',
        body: { messages: [user(WEATHER_PROMPT)], tools: [zodFunctionRef('get_weather')], tool_choice: 'required' },
      },
      checks: [
        ...PARSED_CALLING_COMPLETION,
        ...TOOL_CALL_SHAPE.checks,
        'tools.strict.arguments-valid',
        'tools.sdk.parsed-arguments',
      ],
      asked: 'call get_weather through client.chat.completions.parse() with zodFunction',
    }),
  ],
})
