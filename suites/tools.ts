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
 */
import { defineSuite } from '../src/engine/define.ts'
import type { CheckUse, RequestSpec } from '../src/engine/types.ts'
import { zodFunctionRef } from '../src/transport/sdk-helpers.ts'
import { CHAT_COMPLETION, STREAM_COMPLETION, STREAM_TOOL_CALLS, user } from './common.ts'

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

// ---------------------------------------------------------------------------------------
// Prompts and conversations

const WEATHER_PROMPT = 'What is the weather in Paris, France right now? Use the get_weather tool, in celsius.'
const TWO_CITIES_PROMPT = 'What is the weather in Paris, France and in Tokyo, Japan? Call the get_weather tool twice, once for each city, in parallel.'
/** Needs no tool by itself: a forced tool_choice must make the call anyway. */
const NO_TOOL_PROMPT = 'My favourite city is Tokyo, Japan.'

/** A tool call id in OpenAI's own format (`call_` + 24 letters and digits). */
const CALL_ID = 'call_Xq3mT8vLp2Rk9WbN4cYd7Hs1'

/** A conversation after one get_weather call: the assistant's call (content null) and its result. */
function afterWeatherCall(result: unknown) {
  return [
    user('What is the weather in Paris, France? Use the get_weather tool, then tell me the temperature it reports, as a number.'),
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: CALL_ID, type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris, France","unit":"celsius"}' } }],
    },
    { role: 'tool', tool_call_id: CALL_ID, content: result },
  ]
}

// ---------------------------------------------------------------------------------------
// Check sets

/** Every tool call of a non-streamed message: its shape, and a finish reason that agrees. */
export const TOOL_CALL_SHAPE: readonly CheckUse[] = [
  'tools.call.id',
  'tools.call.type',
  'tools.call.name',
  'tools.call.arguments-string',
  'tools.call.ids-unique',
  'tools.finish-reason',
]

/** A streamed completion with tool calls: the fragments, and the calls they assemble to. */
export const STREAMED_TOOL_CALLS: readonly CheckUse[] = [...STREAM_COMPLETION, ...STREAM_TOOL_CALLS, 'tools.stream.assembled', 'tools.call.ids-unique']

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
    {
      id: 'tools.auto.call',
      title: 'Under "auto", a prompt that names a tool gets a well-formed call',
      capability: 'tools',
      request: create({ messages: [user(WEATHER_PROMPT)], tools: [GET_WEATHER, GET_TIME], tool_choice: 'auto' }),
      checks: [...CHAT_COMPLETION, ...TOOL_CALL_SHAPE, 'tools.strict.arguments-valid', 'tools.choice.auto-called'],
      asked: 'call get_weather for Paris (tool_choice "auto", the prompt names the tool)',
    },
    {
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
      checks: [...CHAT_COMPLETION, ...TOOL_CALL_SHAPE, 'tools.strict.arguments-valid', 'tools.choice.required'],
      asked: 'call schedule_meeting with two attendees (tool_choice "required")',
    },
    {
      id: 'tools.non-strict.arguments',
      title: 'Arguments of a non-strict tool parse and fit its parameters',
      capability: 'tools',
      request: create({ messages: [user('What is the latest price of Apple stock (AAPL)? Use the get_stock_price tool.')], tools: [GET_STOCK_PRICE] }),
      checks: [...CHAT_COMPLETION, ...TOOL_CALL_SHAPE, 'tools.call.arguments-valid', 'tools.choice.auto-called'],
      asked: 'call get_stock_price for AAPL (no tool_choice: "auto")',
    },
    {
      id: 'tools.choice.none',
      title: 'tool_choice "none" answers in text even when the prompt asks for a tool',
      capability: 'tools',
      request: create({ messages: [user('What is the weather in Paris, France? Use the get_weather tool if you can.')], tools: [GET_WEATHER], tool_choice: 'none' }),
      checks: [...CHAT_COMPLETION, 'tools.choice.none', 'tools.finish-reason'],
      asked: 'a prompt that asks for get_weather, with tool_choice "none": answer in text',
    },
    {
      id: 'tools.choice.required',
      title: 'tool_choice "required" calls a tool even when the prompt needs none',
      capability: 'tools',
      request: create({ messages: [user(NO_TOOL_PROMPT)], tools: [GET_WEATHER, GET_TIME], tool_choice: 'required' }),
      checks: [...CHAT_COMPLETION, ...TOOL_CALL_SHAPE, 'tools.strict.arguments-valid', 'tools.choice.required'],
      asked: 'a statement that needs no tool, with tool_choice "required": call get_weather or get_time',
    },
    {
      id: 'tools.choice.named',
      title: 'A named tool_choice calls exactly that function',
      capability: 'tools',
      request: create({
        messages: [user(NO_TOOL_PROMPT)],
        tools: [GET_WEATHER, GET_TIME],
        tool_choice: { type: 'function', function: { name: 'get_time' } },
      }),
      checks: [...CHAT_COMPLETION, ...TOOL_CALL_SHAPE, 'tools.strict.arguments-valid', 'tools.choice.named'],
      asked: 'a statement that needs no tool, with tool_choice naming get_time: call get_time',
    },
    {
      id: 'tools.parallel.two-calls',
      title: 'A prompt that needs two calls gets two, with distinct ids',
      capability: 'tools',
      request: create({ messages: [user(TWO_CITIES_PROMPT)], tools: [GET_WEATHER], parallel_tool_calls: true }),
      checks: [...CHAT_COMPLETION, ...TOOL_CALL_SHAPE, 'tools.strict.arguments-valid', 'tools.choice.auto-called', ['tools.parallel.called', { calls: 2 }]],
      asked: 'call get_weather twice, for Paris and Tokyo, in one message',
    },
    {
      id: 'tools.parallel.disabled',
      title: 'parallel_tool_calls: false gives at most one call',
      capability: 'tools',
      request: create({ messages: [user(TWO_CITIES_PROMPT)], tools: [GET_WEATHER], parallel_tool_calls: false }),
      checks: [...CHAT_COMPLETION, ...TOOL_CALL_SHAPE, 'tools.strict.arguments-valid', 'tools.parallel.disabled'],
      asked: 'the two-city prompt with parallel_tool_calls false: one call per message',
    },
    {
      id: 'tools.round-trip',
      title: 'The round trip: an assistant tool call (content null, OpenAI id) and its result get an answer that uses it',
      capability: 'tools',
      request: create({ messages: afterWeatherCall('{"temperature": 27, "unit": "celsius", "condition": "light rain"}'), tools: [GET_WEATHER] }),
      checks: [
        ...CHAT_COMPLETION,
        'tools.request.assistant-content-null',
        'tools.request.openai-call-ids',
        'tools.finish-reason',
        ['tools.round-trip.uses-result', { expect: '27' }],
      ],
      asked: 'after get_weather returned 27 °C, say the temperature',
    },
    {
      id: 'tools.round-trip.content-parts',
      title: 'A tool result given as an array of text parts is accepted and used',
      capability: 'tools',
      request: create({
        messages: afterWeatherCall([{ type: 'text', text: '{"temperature": 14, "unit": "celsius", "condition": "overcast"}' }]),
        tools: [GET_WEATHER],
      }),
      checks: [...CHAT_COMPLETION, 'tools.request.tool-content-parts', 'tools.finish-reason', ['tools.round-trip.uses-result', { expect: '14' }]],
      asked: 'after get_weather returned 14 °C (as text parts), say the temperature',
    },
    {
      id: 'tools.round-trip.without-tools',
      title: 'Tool history with the tools list omitted is accepted and answered',
      capability: 'tools',
      request: create({ messages: afterWeatherCall('{"temperature": 19, "unit": "celsius", "condition": "sunny"}') }),
      checks: [...CHAT_COMPLETION, 'tools.request.history-without-tools', ['tools.round-trip.uses-result', { expect: '19' }]],
      asked: 'after get_weather returned 19 °C, with no tools offered any more, say the temperature',
    },
    {
      id: 'tools.stream.call',
      title: 'A streamed tool call assembles to a well-formed call',
      capability: 'tools',
      request: stream({ messages: [user(WEATHER_PROMPT)], tools: [GET_WEATHER, GET_TIME], tool_choice: 'auto' }),
      checks: [...STREAMED_TOOL_CALLS, 'tools.choice.auto-called'],
      asked: 'call get_weather for Paris, streamed',
    },
    {
      id: 'tools.stream.parallel',
      title: 'Two streamed calls assemble to two well-formed calls with distinct ids',
      capability: 'tools',
      request: stream({ messages: [user(TWO_CITIES_PROMPT)], tools: [GET_WEATHER], parallel_tool_calls: true }),
      checks: [...STREAMED_TOOL_CALLS, ['tools.parallel.called', { calls: 2 }]],
      asked: 'call get_weather twice, streamed',
    },
    {
      id: 'tools.stream.named',
      title: 'A streamed named tool_choice calls exactly that function, once',
      capability: 'tools',
      request: stream({
        messages: [user(NO_TOOL_PROMPT)],
        tools: [GET_WEATHER, GET_TIME],
        tool_choice: { type: 'function', function: { name: 'get_time' } },
        parallel_tool_calls: false,
      }),
      checks: [...STREAMED_TOOL_CALLS, 'stream.tool-calls.forced', 'tools.choice.named', 'tools.parallel.disabled'],
      asked: 'a statement that needs no tool, tool_choice naming get_time, streamed',
    },
    {
      id: 'tools.sdk.zod-function',
      title: 'The SDK\'s parse() with a zodFunction tool returns parsed arguments',
      capability: 'tools',
      request: { operation: 'chat.completions.parse', body: { messages: [user(WEATHER_PROMPT)], tools: [zodFunctionRef('get_weather')], tool_choice: 'required' } },
      checks: [...CHAT_COMPLETION, ...TOOL_CALL_SHAPE, 'tools.strict.arguments-valid', 'tools.sdk.parsed-arguments'],
      asked: 'call get_weather through client.chat.completions.parse() with zodFunction',
    },
  ],
})
