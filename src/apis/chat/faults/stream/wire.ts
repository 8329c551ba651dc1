/**
 * Stream faults at the HTTP answer (content type, JSON instead of a stream) and in the SSE
 * framing and payloads (no [DONE], data after it, non-JSON or foreign events, keep-alives,
 * an in-band error). Framing faults use `frames` (each frame a complete event,
 * `data: [DONE]\n\n` last).
 */
import { DONE_FRAME } from '../../../../reference/sse.ts'
import type { Fault, FaultHooks } from '../../../../reference/fault.ts'
import { streamIgnores } from './helpers.ts'

/** The same headers hook for both mislabelled-stream faults. */
function labelsStreamsAs(contentType: string): NonNullable<FaultHooks['headers']> {
  return (headers) => {
    if (headers.get('content-type')?.startsWith('text/event-stream')) headers.set('content-type', contentType)
  }
}

export const streamHttpFaults: Fault[] = [
  {
    name: 'stream-content-type-text-plain',
    description: 'Streams are sent with `content-type: text/plain; charset=utf-8` instead of text/event-stream.',
    modelledOn:
      'Servers that write the SSE text through a plain streaming response (cf. nearai/private-ml-sdk#20, whose streams had no text/event-stream header; ollama#8991).',
    proves: ['stream.http.content-type'],
    hooks: { headers: labelsStreamsAs('text/plain; charset=utf-8') },
  },
  {
    name: 'stream-content-type-json',
    description: 'Streams are sent with `content-type: application/json`.',
    modelledOn: 'microsoft/foundry-dev-tools#195 (stream: true answered with Content-Type: application/json).',
    proves: ['stream.http.content-type'],
    hooks: { headers: labelsStreamsAs('application/json') },
  },
  {
    name: 'stream-answered-with-json',
    description: 'Ignores `stream: true` and answers with a plain JSON chat.completion.',
    modelledOn:
      'Servers that never implemented streaming (BaseIntelligence/bounty-challenge#17821: `stream` accepted, JSON always returned); the SDK then yields an empty stream without an error.',
    // sdk.call.succeeds fails on the stream helper (it raises "request ended without sending any
    // chunks"); the raw iteration yields 0 chunks and raises nothing: sdk.stream.raw-matches.
    proves: ['stream.http.content-type', 'stream.http.not-json', 'sdk.call.succeeds', 'sdk.stream.raw-matches'],
    hooks: { respond: streamIgnores('stream', 'stream_options') },
  },
]

export const framingFaults: Fault[] = [
  {
    name: 'stream-missing-done',
    description: 'The stream ends without the `data: [DONE]` sentinel.',
    modelledOn: 'TGI before #2221 (text-generation-inference#1896: no [DONE] on /v1/chat/completions streams).',
    proves: ['stream.done.terminates'],
    hooks: { frames: (frames) => frames.filter((frame) => frame !== DONE_FRAME) },
  },
  {
    name: 'stream-foreign-cost-event',
    description: 'Appends a bare `{"choices": [], "cost": "0"}` object to the chunk stream, before [DONE].',
    modelledOn:
      'OpenCode Zen (anomalyco/opencode#39061: a trailing `{"choices":[],"cost":"0"}` event without id, object, created or model).',
    proves: ['stream.payload.foreign', 'sdk.stream.raw-matches'],
    hooks: { events: (chunks) => [...chunks, { choices: [], cost: '0' }] },
  },
  {
    name: 'stream-payload-not-json',
    description: 'Sends an error message as plain text in a `data:` event mid-stream.',
    modelledOn:
      "codegate before #149 (`data: 'async for' requires an object with __aiter__ method, got ModelResponse`); the SDK then raises on the malformed event.",
    proves: ['stream.payload.json', 'sdk.call.succeeds'],
    hooks: {
      frames: (frames) => [
        ...frames.slice(0, 1),
        "data: 'async for' requires an object with __aiter__ method, got ModelResponse\n\n",
        ...frames.slice(1),
      ],
    },
  },
  {
    name: 'stream-data-after-done',
    description: 'Sends one more chunk after `data: [DONE]`.',
    modelledOn:
      "Relaying proxies that pass the upstream's [DONE] through and then write their own closing chunk (cf. litellm#20480, a summary chunk appended after the streamed ones).",
    proves: ['stream.done.nothing-after'],
    hooks: {
      frames: (frames) => {
        const last = frames.filter((frame) => frame !== DONE_FRAME).at(-1)
        return last === undefined ? frames : [...frames, last]
      },
    },
  },
  {
    name: 'stream-unterminated-last-event',
    description: 'Omits `data: [DONE]` and the blank line after the last chunk: the stream ends mid-event.',
    modelledOn:
      'Servers that close the connection after the last `data:` line (the openai SDK flushes such an event: "Servers sometimes omit the trailing blank line"; ik_llama.cpp#467 sent no [DONE]). Spec-following readers drop the event; the SDK delivers it, as it documents, so the sdk.stream checks pass: a wire fault, not an SDK one.',
    // Without include_usage the lost last event is the finish chunk: the choice never finishes.
    proves: ['stream.done.terminates', 'stream.finish.once'],
    hooks: {
      frames: (frames) => {
        const events = frames.filter((frame) => frame !== DONE_FRAME)
        const last = events.pop()
        return last === undefined ? events : [...events, last.replace(/\n\n$/, '')]
      },
    },
  },
  {
    name: 'stream-event-only-keep-alive',
    description:
      'Sends an `event: ping` block without data (a keep-alive) between the chunks: legal SSE, which a spec reader drops.',
    modelledOn:
      'Keep-alives sent as data-less event blocks (openai-php/client#732 and #734: an empty keep-alive event crashed the parser; theopenco/llmgateway#2334 on openai-python dispatching data-less events). openai-node 7.57.0 dispatches the block with empty data and throws "malformed server-sent event JSON".',
    // The stream is legal: every stream.* check passes (test/checks/stream-faults.test.ts); only the SDK breaks.
    proves: ['sdk.call.succeeds', 'sdk.stream.dataless-events'],
    hooks: { frames: (frames) => [...frames.slice(0, 1), 'event: ping\n\n', ...frames.slice(1)] },
  },
  {
    name: 'stream-error-chunk-midstream',
    description:
      'Halfway through, sends a chunk-shaped in-band error (`error` member, finish_reason "error") and ends the stream.',
    modelledOn:
      'OpenRouter\'s documented mid-stream errors ("Handling Errors During Streaming": a `chat.completion.chunk` with an `error` member and finish_reason "error", after the 200); the SDK raises APIError on any payload with an `error`.',
    // The SDK raises APIError on it, and the stream never finishes: echoes of the in-band error,
    // which skip pointing at stream.payload.foreign (one root cause, one finding).
    proves: ['stream.payload.foreign'],
    hooks: {
      events: (chunks) => {
        const cut = Math.max(1, Math.floor(chunks.length / 2))
        const { usage: _usage, ...envelope } = chunks[0] ?? {}
        const error = {
          ...envelope,
          provider: 'reference',
          error: { code: 502, message: 'Provider disconnected unexpectedly' },
          choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
        }
        return [...chunks.slice(0, cut), error]
      },
    },
  },
]
