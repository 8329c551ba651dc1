import type { RequestSpec } from '../src/core/types.ts'
import {
  SDK_STREAM_HELPER,
  SDK_STREAM_ITERATOR,
  STREAM_COMPLETION,
  STREAM_DATALESS_EVENTS,
  STREAM_FORCED_TOOL_CALL,
  STREAM_LOGPROBS,
  STREAM_TOOL_CALLS,
  STREAM_USAGE,
  STREAM_WITHOUT_USAGE,
} from '../src/apis/chat/check-sets.ts'
import { JSON_ERROR } from '../src/apis/shared/check-sets.ts'
import {
  DERIVED_STOP_PLACEHOLDER,
  REPLY_TOKENS,
  STOP_PROBE,
  UNSTOPPED,
  defineSuite,
  judgedReply,
  user,
  withDerivedStop,
  withTokenCap,
  type KnownCheckUse,
} from './common.ts'
import { UNKNOWN_MODEL } from './errors.ts'

/** Thirty numbers: long enough that a streaming endpoint sends content in many chunks. */
/** A count long enough to arrive in many chunks (51 characters, about 20 tokens), and cheap. */
const LONG_COUNT = 'Count from 1 to 20, separated by single spaces. Output only the numbers.'
const STORY = 'Write a long, detailed story about a lighthouse keeper and a storm. Use at least 300 words.'

const GET_WEATHER = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Get the current weather in a city.',
    parameters: {
      type: 'object',
      properties: { location: { type: 'string', description: 'The city, e.g. Paris' } },
      required: ['location'],
      additionalProperties: false,
    },
  },
}
const WEATHER_QUESTION = [user("What's the weather in Paris?")]

/**
 * The SDK's view, for the cases that run it: what it yields against the wire, and the legal
 * stream shapes it is known to break on.
 */
const SDK_STREAM: readonly KnownCheckUse[] = [...SDK_STREAM_ITERATOR.checks, ...STREAM_DATALESS_EVENTS.checks]
const SDK_HELPER: readonly KnownCheckUse[] = [...SDK_STREAM_HELPER.checks, ...STREAM_DATALESS_EVENTS.checks]

/** The raw stream, iterated with `for await` as most SDK users do. */
function rawStream(body: Record<string, unknown>): RequestSpec {
  return { operation: 'chat.completions.create.stream', body: { ...body, stream: true } }
}

export default defineSuite({
  capability: 'streaming',
  title: "Streaming: SSE framing, chunks, usage and the SDK's stream helpers",
  cases: [
    // The whole count to 20: its 51 characters in many chunks, finishing "stop".
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'streaming.basic',
      title: 'A long reply streams in many chunks, without usage, ending with [DONE]',
      capability: 'streaming',
      request: rawStream({ messages: [user(LONG_COUNT)] }),
      checks: [
        ...STREAM_COMPLETION.checks,
        'stream.content.multiple-chunks',
        ...STREAM_WITHOUT_USAGE.checks,
        ['stream.finish.expected', { finishReason: 'stop' }],
        ...SDK_STREAM,
      ],
      asked: 'count 1 to 20: about 51 characters of content',
    }),
    // The usage chunk is judged, not the reply.
    withTokenCap(REPLY_TOKENS.word, {
      id: 'streaming.include-usage',
      title: 'stream_options.include_usage adds one usage chunk before [DONE]',
      capability: 'streaming',
      request: rawStream({ messages: [user('Reply with exactly: usage')], stream_options: { include_usage: true } }),
      checks: [...STREAM_COMPLETION.checks, ...STREAM_USAGE.checks, ...SDK_STREAM],
    }),
    // Per choice (x2); the two choices are judged, not their text.
    withTokenCap(REPLY_TOKENS.word, {
      id: 'streaming.n-choices',
      title: 'n: 2 streams two interleaved choices, each finishing once',
      capability: 'streaming',
      request: rawStream({ messages: [user('Reply with exactly: two')], n: 2 }),
      checks: [...STREAM_COMPLETION.checks, ...SDK_STREAM],
    }),
    // The logprobs of whatever the reply is are judged, not the reply.
    withTokenCap(REPLY_TOKENS.word, {
      id: 'streaming.logprobs',
      title: 'Streamed logprobs have the chat shape',
      capability: 'streaming',
      request: rawStream({ messages: [user('Reply with exactly: probable')], logprobs: true, top_logprobs: 2 }),
      checks: [...STREAM_COMPLETION.checks, ...STREAM_LOGPROBS.checks],
      optionalParams: ['logprobs', 'top_logprobs'],
    }),
    {
      id: 'streaming.max-tokens',
      title: 'max_tokens cuts a streamed reply with finish_reason "length"',
      capability: 'streaming',
      request: rawStream({ messages: [user(STORY)], max_tokens: 5 }),
      checks: [...STREAM_COMPLETION.checks, ['stream.finish.expected', { finishReason: 'length' }]],
      asked: 'a story of 300+ words, capped at 5 tokens',
      optionalParams: ['max_tokens'],
    },
    // A stop word the model will meet, taken from its own streamed reply, as in
    // chat.stop-sequence: the second streamed reply must be that reply up to the word.
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'streaming.stop-sequence',
      title: 'A stop sequence ends a streamed reply with finish_reason "stop"',
      capability: 'streaming',
      request: {
        ...rawStream({ ...STOP_PROBE, stop: DERIVED_STOP_PLACEHOLDER }),
        following: { exchange: UNSTOPPED, from: withDerivedStop },
      },
      related: { [UNSTOPPED]: rawStream(STOP_PROBE) },
      checks: [
        ...STREAM_COMPLETION.checks,
        ['stream.stop.honoured', { derivedFrom: UNSTOPPED }],
        ['stream.finish.expected', { finishReason: 'stop' }],
      ],
      asked:
        'two sentences, streamed twice alike; the second time a word from the middle of the first reply is the stop sequence',
      optionalParams: ['stop', 'temperature', 'seed'],
    }),
    // Both requests: the whole count to 20, compared.
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'streaming.equivalence',
      title: 'At temperature 0 with a seed, the stream says what the non-streamed answer says',
      capability: 'streaming',
      request: rawStream({ messages: [user(LONG_COUNT)], temperature: 0, seed: 7 }),
      related: {
        twin: { operation: 'chat.completions.create', body: { messages: [user(LONG_COUNT)], temperature: 0, seed: 7 } },
      },
      checks: [...STREAM_COMPLETION.checks, 'stream.equivalence.content'],
      optionalParams: ['temperature', 'seed'],
    }),
    // The whole arguments.
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'streaming.tool-call',
      title: 'A forced tool call streams as tool_calls fragments',
      capability: 'streaming',
      model: 'tools',
      request: rawStream({ messages: WEATHER_QUESTION, tools: [GET_WEATHER], tool_choice: 'required' }),
      checks: [
        ...STREAM_COMPLETION.checks,
        ...STREAM_FORCED_TOOL_CALL.checks,
        ...STREAM_TOOL_CALLS.checks,
        ...SDK_STREAM,
      ],
      asked: 'call get_weather for Paris (tool_choice "required", one tool)',
    }),
    // The count to 20 fits; the text is not judged, only the helper's view of the wire.
    withTokenCap(REPLY_TOKENS.short, {
      id: 'streaming.sdk-helper-text',
      title: "The SDK's chat.completions.stream() helper assembles a text reply",
      capability: 'streaming',
      request: { operation: 'chat.completions.stream', body: { messages: [user(LONG_COUNT)], stream: true } },
      checks: [...STREAM_COMPLETION.checks, ...SDK_HELPER],
    }),
    // The whole arguments.
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'streaming.sdk-helper-tool-call',
      title: "The SDK's chat.completions.stream() helper assembles a tool call",
      capability: 'streaming',
      model: 'tools',
      request: {
        operation: 'chat.completions.stream',
        body: {
          messages: WEATHER_QUESTION,
          tools: [GET_WEATHER],
          tool_choice: { type: 'function', function: { name: 'get_weather' } },
          stream: true,
        },
      },
      checks: [
        ...STREAM_COMPLETION.checks,
        ...STREAM_FORCED_TOOL_CALL.checks,
        ...STREAM_TOOL_CALLS.checks,
        ...SDK_HELPER,
      ],
      asked: 'call get_weather for Paris (tool_choice names it)',
    }),
    // The two invalid requests are not capped: they are rejected before anything is generated.
    {
      id: 'streaming.unknown-model',
      title: 'A streamed request for an unknown model fails with 404 and the JSON envelope, before any stream',
      capability: 'streaming',
      expect: 'error',
      request: rawStream({ model: UNKNOWN_MODEL, messages: [user('Reply with exactly: hello')] }),
      checks: [
        'stream.errors.status',
        'errors.unknown-model.status',
        'errors.unknown-model.status-404',
        ...JSON_ERROR.checks,
        ['errors.sdk.error-class', { classes: ['NotFoundError', 'BadRequestError'] }],
      ],
    },
    {
      id: 'streaming.bad-parameter',
      title: 'A streamed request with an out-of-range parameter fails with 400 and the JSON envelope',
      capability: 'streaming',
      expect: 'error',
      request: rawStream({ messages: [user('Reply with exactly: hello')], temperature: 5 }),
      checks: [
        'stream.errors.status',
        'errors.malformed.status-400',
        ...JSON_ERROR.checks,
        ['errors.sdk.error-class', { classes: ['BadRequestError'] }],
      ],
      asked: 'temperature 5 (the spec allows 0 to 2)',
    },
  ],
})
