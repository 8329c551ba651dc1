/**
 * Faults in streamed chat completions, one or more per streaming check: the HTTP answer,
 * SSE framing, the chunk envelope, per-choice deltas, usage, tool-call fragments, errors,
 * and the ways a stream can read differently to the SDK than to the rules.
 *
 * Chunk faults use the `chatChunks` hook (the chunk objects, in order, before framing);
 * framing faults use `sseFrames` (each frame a complete event, `data: [DONE]\n\n` last).
 * The tool-call faults act on `delta.tool_calls` fragments and do nothing to a stream
 * without them.
 */
import { findServedModel } from '../../../reference/served-models.ts'
import { DONE_FRAME } from '../../../reference/sse.ts'
import { chatRequestProblems } from '../reference/validate-request.ts'
import { ignoresParameters, isChatRequest } from '../../shared/faults/helpers.ts'
import type { Fault, FaultHooks, ReferenceRequest } from '../../../reference/fault.ts'

type Chunk = Record<string, any>
type Choice = Record<string, any>

const isStreamRequest = (req: ReferenceRequest) => isChatRequest(req) && req.body?.stream === true
/** A `respond` hook that drops these parameters from streamed requests only. */
const streamIgnores =
  (...names: string[]): NonNullable<FaultHooks['respond']> =>
  (req) =>
    isStreamRequest(req) ? ignoresParameters(...names)(req) : undefined
const isUsageChunk = (chunk: Chunk) => Array.isArray(chunk.choices) && chunk.choices.length === 0 && chunk.usage != null
const choicesOf = (chunk: Chunk): Choice[] => (Array.isArray(chunk.choices) ? chunk.choices : [])
const hasContent = (choice: Choice) => typeof choice.delta?.content === 'string' && choice.delta.content !== ''

/** A `chatChunks` hook that edits every chunk's choices in place. */
function eachChunkChoice(edit: (choice: Choice) => void): NonNullable<FaultHooks['chatChunks']> {
  return (chunks) => {
    for (const choice of chunks.flatMap(choicesOf)) edit(choice)
    return chunks
  }
}

type Fragment = Record<string, any>

/**
 * Visits every tool-call fragment in order, with whether it starts its call and the call's
 * key (choice index and tool-call index).
 */
function forEachToolCallFragment(
  chunks: Chunk[],
  visit: (fragment: Fragment, first: boolean, key: string) => void,
): void {
  const started = new Set<string>()
  for (const chunk of chunks) {
    for (const choice of choicesOf(chunk)) {
      for (const fragment of choice.delta?.tool_calls ?? []) {
        const key = `${choice.index}:${fragment.index}`
        visit(fragment, !started.has(key), key)
        started.add(key)
      }
    }
  }
}

/** A `chatChunks` hook that edits every tool-call fragment in place. */
function eachToolCallFragment(
  edit: (fragment: Fragment, first: boolean, key: string) => void,
): NonNullable<FaultHooks['chatChunks']> {
  return (chunks) => {
    forEachToolCallFragment(chunks, edit)
    return chunks
  }
}

/** Position of the chunk that finishes choice `index`, or -1. */
function finishChunkOf(chunks: Chunk[], index: number): number {
  return chunks.findIndex((chunk) =>
    choicesOf(chunk).some((choice) => choice.index === index && choice.finish_reason != null),
  )
}

/** The same headers hook for both mislabelled-stream faults. */
function labelsStreamsAs(contentType: string): NonNullable<FaultHooks['headers']> {
  return (headers) => {
    if (headers.get('content-type')?.startsWith('text/event-stream')) headers.set('content-type', contentType)
  }
}

const httpFaults: Fault[] = [
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

const framingFaults: Fault[] = [
  {
    name: 'stream-missing-done',
    description: 'The stream ends without the `data: [DONE]` sentinel.',
    modelledOn: 'TGI before #2221 (text-generation-inference#1896: no [DONE] on /v1/chat/completions streams).',
    proves: ['stream.done.terminates'],
    hooks: { sseFrames: (frames) => frames.filter((frame) => frame !== DONE_FRAME) },
  },
  {
    name: 'stream-foreign-cost-event',
    description: 'Appends a bare `{"choices": [], "cost": "0"}` object to the chunk stream, before [DONE].',
    modelledOn:
      'OpenCode Zen (anomalyco/opencode#39061: a trailing `{"choices":[],"cost":"0"}` event without id, object, created or model).',
    proves: ['stream.payload.foreign', 'sdk.stream.raw-matches'],
    hooks: { chatChunks: (chunks) => [...chunks, { choices: [], cost: '0' }] },
  },
  {
    name: 'stream-payload-not-json',
    description: 'Sends an error message as plain text in a `data:` event mid-stream.',
    modelledOn:
      "codegate before #149 (`data: 'async for' requires an object with __aiter__ method, got ModelResponse`); the SDK then raises on the malformed event.",
    proves: ['stream.payload.json', 'sdk.call.succeeds'],
    hooks: {
      sseFrames: (frames) => [
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
      sseFrames: (frames) => {
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
      sseFrames: (frames) => {
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
    hooks: { sseFrames: (frames) => [...frames.slice(0, 1), 'event: ping\n\n', ...frames.slice(1)] },
  },
  {
    name: 'stream-error-chunk-midstream',
    description:
      'Halfway through, sends a chunk-shaped in-band error (`error` member, finish_reason "error") and ends the stream.',
    modelledOn:
      'OpenRouter\'s documented mid-stream errors ("Handling Errors During Streaming": a `chat.completion.chunk` with an `error` member and finish_reason "error", after the 200); the SDK raises APIError on any payload with an `error`.',
    proves: ['stream.payload.foreign', 'sdk.call.succeeds'],
    hooks: {
      chatChunks: (chunks) => {
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

const envelopeFaults: Fault[] = [
  {
    name: 'stream-chunk-object-text-completion',
    description: "Labels every chunk `object: 'text_completion.chunk'`.",
    modelledOn: 'mini-sglang before #126 (streaming chunks carried `"object": "text_completion.chunk"`).',
    proves: ['stream.chunk.object', 'stream.chunk.schema'],
    hooks: { chatChunks: (chunks) => chunks.map((chunk) => ({ ...chunk, object: 'text_completion.chunk' })) },
  },
  {
    name: 'stream-id-per-chunk',
    description: 'Gives every chunk a new id.',
    modelledOn: 'litellm#1571 (streams for non-OpenAI providers had a different id in each chunk).',
    proves: ['stream.chunk.id'],
    hooks: { chatChunks: (chunks) => chunks.map((chunk, i) => ({ ...chunk, id: `${chunk.id}-${i}` })) },
  },
  {
    name: 'stream-created-per-chunk',
    description: '`created` is the time each chunk was made, so it changes during the stream.',
    modelledOn: 'TGI streams relayed in litellm#3757 (`created` 1716278085, then 1716278086 within one stream).',
    proves: ['stream.chunk.created'],
    hooks: { chatChunks: (chunks) => chunks.map((chunk, i) => ({ ...chunk, created: chunk.created + i })) },
  },
  {
    name: 'stream-model-changes',
    description: 'The first chunk names the model as requested, later chunks a resolved deployment name.',
    modelledOn:
      'Routers that copy `model` from whichever upstream response they relay, alias first and deployment later; OpenAI names one model throughout a stream.',
    proves: ['stream.chunk.model-consistent'],
    hooks: {
      chatChunks: (chunks) =>
        chunks.map((chunk, i) => (i === 0 ? chunk : { ...chunk, model: `${chunk.model}-2026-01-01` })),
    },
  },
  {
    name: 'stream-empty-id-model',
    description: 'The last two chunks have `id: ""` and `model: ""`.',
    modelledOn: 'OpenCode Zen with include_usage (anomalyco/opencode#42918: trailing chunks with empty id and model).',
    proves: ['stream.chunk.id', 'stream.chunk.model'],
    hooks: {
      chatChunks: (chunks) =>
        chunks.map((chunk, i) => (i < chunks.length - 2 ? chunk : { ...chunk, id: '', model: '' })),
    },
  },
]

const choiceFaults: Fault[] = [
  {
    name: 'stream-role-missing',
    description: 'No delta carries `role`.',
    modelledOn:
      'agentgateway#3005 and langwatch#6214 (Anthropic-to-OpenAI stream translation never sent the role delta); the SDK\'s stream helper then raises "missing role".',
    proves: ['stream.choice.role-first', 'sdk.call.succeeds'],
    hooks: { chatChunks: eachChunkChoice((choice) => delete choice.delta?.role) },
  },
  {
    name: 'stream-role-every-delta',
    description: 'Every delta repeats `role: "assistant"`.',
    modelledOn:
      "Ollama's OpenAI-compatible streams (ollama#7626; see ollama#17166: `role: assistant` in every choice delta).",
    proves: ['stream.choice.role-once'],
    hooks: { chatChunks: eachChunkChoice((choice) => (choice.delta = { role: 'assistant', ...choice.delta })) },
  },
  {
    name: 'stream-finish-reason-omitted',
    description: 'Chunks before the last omit the `finish_reason` key instead of sending null.',
    modelledOn:
      'TGI chat streams as relayed in litellm#3757 (`{"index":0,"delta":{"content":"4"}}`, no finish_reason until the end).',
    proves: ['stream.finish.null-until-end', 'stream.chunk.schema'],
    hooks: { chatChunks: eachChunkChoice((choice) => choice.finish_reason === null && delete choice.finish_reason) },
  },
  {
    name: 'stream-finish-twice',
    description: 'Sends the finish chunk twice.',
    modelledOn:
      'openclaw#4518 (the terminal chunk could be written by the lifecycle handler, the error path and the finally block).',
    proves: ['stream.finish.once'],
    hooks: {
      chatChunks: (chunks) => {
        const at = finishChunkOf(chunks, 0)
        return at === -1 ? chunks : [...chunks.slice(0, at + 1), structuredClone(chunks[at]), ...chunks.slice(at + 1)]
      },
    },
  },
  {
    name: 'stream-delta-after-finish',
    description: "Each choice's finish chunk comes before its last content delta.",
    modelledOn:
      'Servers that send the finish chunk when generation stops and then flush text held back by the detokeniser or the stop-sequence matcher.',
    proves: ['stream.finish.no-delta-after'],
    hooks: {
      chatChunks: (chunks) => {
        for (const index of new Set(chunks.flatMap((chunk) => choicesOf(chunk).map((choice) => choice.index)))) {
          const finish = finishChunkOf(chunks, index)
          const last = chunks.findLastIndex(
            (chunk, i) => i < finish && choicesOf(chunk).some((choice) => choice.index === index && hasContent(choice)),
          )
          if (finish !== -1 && last !== -1) [chunks[last], chunks[finish]] = [chunks[finish]!, chunks[last]!]
        }
        return chunks
      },
    },
  },
  {
    name: 'stream-finish-reason-eos-token',
    description: "finish_reason is 'eos_token' instead of 'stop'.",
    modelledOn: 'TGI before #2344 (text-generation-inference#2296: finish_reason "eos_token").',
    proves: ['stream.finish.enum', 'stream.chunk.schema'],
    hooks: {
      chatChunks: eachChunkChoice((choice) => choice.finish_reason === 'stop' && (choice.finish_reason = 'eos_token')),
    },
  },
  {
    name: 'stream-finish-reason-always-stop',
    description: "Every choice finishes with 'stop', even when max_tokens cut it.",
    modelledOn: 'mini-sglang before #126 (finish_reason hard-coded to "stop").',
    proves: ['stream.finish.expected'],
    hooks: {
      chatChunks: eachChunkChoice((choice) => choice.finish_reason === 'length' && (choice.finish_reason = 'stop')),
    },
  },
  {
    name: 'stream-buffered-single-chunk',
    description: "Buffers the reply: each choice's whole content arrives in one delta.",
    modelledOn:
      'Ollama with tools enabled (ollama#9092, #9946: stream=True returns the whole response as a single block).',
    proves: ['stream.content.multiple-chunks'],
    hooks: {
      chatChunks: (chunks) => {
        const merged = new Map<number, Choice>()
        return chunks.filter((chunk) => {
          const choices = choicesOf(chunk)
          if (choices.length !== 1 || !hasContent(choices[0]!) || choices[0]!.delta.role) return true
          const choice = choices[0]!
          const into = merged.get(choice.index)
          if (!into) merged.set(choice.index, choice)
          else into.delta.content += choice.delta.content
          return !into
        })
      },
    },
  },
  {
    name: 'stream-buffered-one-write',
    description:
      'Writes the whole stream in one write at the end: every event arrives in one read, as through a buffering proxy.',
    modelledOn:
      'FastChat#2337 and the like: a proxy or server that buffers the SSE body (nginx proxy_buffering, compression) releases all events at once; the chunks are fine, the streaming is gone.',
    proves: ['stream.content.multiple-chunks'],
    hooks: { sseFrames: (frames) => [frames.join('')] },
  },
  {
    name: 'stream-cumulative-deltas',
    description: "Each delta carries the text so far (content, and each tool call's arguments), not only the new text.",
    modelledOn:
      'Bridges that relay cumulative snapshots as deltas (swuecho/chat#687; freellmapi#1007, Gemini\'s cumulative chunks passed through): clients appending deltas show "11 21 2 3".',
    proves: ['stream.delta.incremental', 'stream.tool-calls.arguments-json', 'stream.equivalence.content'],
    hooks: {
      chatChunks: (chunks) => {
        const sofar = new Map<string, string>()
        const cumulative = (key: string, piece: string) => {
          const text = (sofar.get(key) ?? '') + piece
          sofar.set(key, text)
          return text
        }
        for (const choice of chunks.flatMap(choicesOf)) {
          if (hasContent(choice)) choice.delta.content = cumulative(`content:${choice.index}`, choice.delta.content)
        }
        forEachToolCallFragment(chunks, (fragment, _first, key) => {
          const piece = fragment.function?.arguments
          if (typeof piece === 'string' && piece !== '')
            fragment.function.arguments = cumulative(`arguments:${key}`, piece)
        })
        return chunks
      },
    },
  },
  {
    name: 'stream-choice-never-finishes',
    description: 'With n ≥ 2, the last choice never gets its finish chunk.',
    modelledOn:
      'n>1 streaming paths that send the finish chunk for one sequence only; n>1 streams are rarely exercised (cf. litellm#3276 on n≥2 choice indices).',
    proves: ['stream.finish.once'],
    hooks: {
      chatChunks: (chunks) => {
        const indices = new Set(chunks.flatMap((chunk) => choicesOf(chunk).map((choice) => choice.index)))
        if (indices.size < 2) return chunks
        const at = finishChunkOf(chunks, Math.max(...indices))
        return chunks.filter((_, i) => i !== at)
      },
    },
  },
  {
    name: 'stream-drops-word-spaces',
    description:
      'Streamed content loses the space that starts a token, so words run together ("12345" for "1 2 3 4 5").',
    modelledOn:
      'Token-by-token detokenisation with SentencePiece tokenizers (djl-serving#1272: "DaenerysistheKhaleesi" in streams only; llm-d-inference-sim#42 "Add spaces in streaming").',
    proves: ['stream.equivalence.content'],
    hooks: {
      chatChunks: eachChunkChoice(
        (choice) => hasContent(choice) && (choice.delta.content = choice.delta.content.replace(/^ +/, '')),
      ),
    },
  },
  {
    name: 'stream-ignores-n',
    description: 'Ignores `n` on streamed requests: one choice is streamed.',
    modelledOn: 'llama-cpp-python#1906 (`n` accepted and ignored; one choice).',
    proves: ['stream.choices.count'],
    hooks: { respond: streamIgnores('n') },
  },
  {
    name: 'stream-ignores-stop',
    description:
      'Ignores `stop` on streamed requests only: the stop sequence is streamed and generation runs on (finish_reason still "stop").',
    modelledOn:
      'Servers that apply stop sequences in the non-streaming path only (e.g. stop strings checked on the final text, not on streamed deltas), as far as known.',
    proves: ['stream.stop.honoured'],
    hooks: { respond: streamIgnores('stop') },
  },
  {
    name: 'stream-legacy-logprobs',
    description:
      'Streamed logprobs use the legacy completions shape `{tokens, token_logprobs, top_logprobs, text_offset}`.',
    modelledOn: 'vLLM before the fix for vllm#3179 (chat logprobs reused the completions schema).',
    proves: ['stream.logprobs.shape', 'stream.chunk.schema'],
    hooks: {
      chatChunks: eachChunkChoice((choice) => {
        const entries = choice.logprobs?.content
        if (!Array.isArray(entries) || entries.length === 0) return
        choice.logprobs = {
          tokens: entries.map((e: any) => e.token),
          token_logprobs: entries.map((e: any) => e.logprob),
          top_logprobs: entries.map((e: any) =>
            Object.fromEntries((e.top_logprobs ?? []).map((t: any) => [t.token, t.logprob])),
          ),
          text_offset: entries.map(() => 0),
        }
      }),
    },
  },
]

const usageFaults: Fault[] = [
  {
    name: 'stream-usage-ignored',
    description: 'Ignores `stream_options.include_usage`: no usage chunk.',
    modelledOn: 'vllm#6371 and TheTom/vllm-swift#19 (include_usage set, the stream ends with [DONE] and no usage).',
    proves: ['stream.usage.single-chunk'],
    hooks: { respond: streamIgnores('stream_options') },
  },
  {
    name: 'stream-usage-every-chunk',
    description: 'With include_usage, every chunk carries the running usage instead of null.',
    modelledOn: 'vllm#7262 (stream_options.include_usage returned usage on every chunk).',
    proves: ['stream.usage.single-chunk', 'stream.usage.null-elsewhere'],
    hooks: {
      chatChunks: (chunks) => {
        const final = chunks.find(isUsageChunk)?.usage
        if (!final) return chunks
        let completion = 0
        return chunks.map((chunk) => {
          if (isUsageChunk(chunk)) return chunk
          completion += choicesOf(chunk).filter(hasContent).length
          return {
            ...chunk,
            usage: {
              prompt_tokens: final.prompt_tokens,
              completion_tokens: completion,
              total_tokens: final.prompt_tokens + completion,
            },
          }
        })
      },
    },
  },
  {
    name: 'stream-usage-in-finish-chunk',
    description: 'Puts usage on the last finish chunk (choices not empty) instead of a separate usage chunk.',
    modelledOn:
      'epam/ai-dial-adapter-openai#140 (usage attached to the last chunk with a finish_reason, before it moved to a dedicated `choices: []` chunk).',
    proves: ['stream.usage.empty-choices', 'stream.usage.position'],
    hooks: {
      chatChunks: (chunks) => {
        const at = chunks.findIndex(isUsageChunk)
        if (at < 1) return chunks
        const usage = chunks[at]!.usage
        const rest = chunks.filter((_, i) => i !== at)
        rest[rest.length - 1] = { ...rest.at(-1), usage }
        return rest
      },
    },
  },
  {
    name: 'stream-usage-key-omitted',
    description: 'With include_usage, chunks before the usage chunk omit the `usage` key instead of sending null.',
    modelledOn:
      'TGI (text-generation-inference#3003, closed: "TGI doesn\'t need to output None all the time"; the spec says every other chunk carries `usage: null`).',
    proves: ['stream.usage.null-elsewhere'],
    hooks: {
      chatChunks: (chunks) =>
        chunks.map((chunk) => (isUsageChunk(chunk) ? chunk : (({ usage: _usage, ...rest }) => rest)(chunk))),
    },
  },
  {
    name: 'stream-usage-total-mismatch',
    description: "The usage chunk's total_tokens is not prompt_tokens + completion_tokens.",
    modelledOn:
      'CLIProxyAPI#5733 (Gemini via an OpenAI-compatible proxy: total counts reasoning tokens that completion_tokens leaves out).',
    proves: ['stream.usage.total'],
    hooks: {
      chatChunks: (chunks) =>
        chunks.map((chunk) =>
          isUsageChunk(chunk)
            ? { ...chunk, usage: { ...chunk.usage, total_tokens: chunk.usage.total_tokens + 7 } }
            : chunk,
        ),
    },
  },
  {
    name: 'stream-usage-floats',
    description: 'The usage chunk estimates completion_tokens from characters (length / 4), unrounded.',
    modelledOn: 'Servers estimating tokens from characters (length / 4) without rounding, as for chat-usage-floats.',
    proves: ['stream.usage.integers'],
    hooks: {
      chatChunks: (chunks) => {
        const characters = chunks
          .flatMap(choicesOf)
          .filter(hasContent)
          .reduce((sum, choice) => sum + choice.delta.content.length, 0)
        return chunks.map((chunk) => {
          if (!isUsageChunk(chunk)) return chunk
          // Never a whole number, whatever the length: the estimate's fraction is kept.
          const completion = Math.floor(characters / 4) + 0.25
          return {
            ...chunk,
            usage: {
              ...chunk.usage,
              completion_tokens: completion,
              total_tokens: chunk.usage.prompt_tokens + completion,
            },
          }
        })
      },
    },
  },
  {
    name: 'stream-usage-without-option',
    description: 'Sends the usage chunk (and usage: null keys) even when the request did not ask for it.',
    modelledOn: 'vllm#36379 (usage returned for `stream_options: {}`; only include_usage: true should add it).',
    proves: ['stream.usage.absent-without-option'],
    hooks: {
      respond(req) {
        if (isStreamRequest(req) && req.body.stream_options?.include_usage !== true)
          req.body.stream_options = { include_usage: true }
        return undefined
      },
    },
  },
]

const toolCallFaults: Fault[] = [
  {
    name: 'stream-tool-call-as-content',
    description: 'Streams a tool call as JSON text in `content` instead of `tool_calls` fragments.',
    modelledOn:
      'TGI (text-generation-inference#2794: the chosen tool streamed as content tokens) and chat templates that leak the tool-call JSON.',
    proves: ['stream.tool-calls.forced'],
    hooks: {
      chatChunks: eachChunkChoice((choice) => {
        const fragments = choice.delta?.tool_calls
        if (!Array.isArray(fragments)) return
        const text = fragments
          .map((f: any) =>
            f.function?.name
              ? `{"name": "${f.function.name}", "arguments": ${f.function.arguments ?? ''}`
              : (f.function?.arguments ?? ''),
          )
          .join('')
        delete choice.delta.tool_calls
        choice.delta.content = (choice.delta.content ?? '') + text
      }),
    },
  },
  {
    name: 'stream-tool-call-first-fragment-bare',
    description: "A tool call's first fragment has no `id` and no `type`.",
    modelledOn:
      'Stream translators that build the first fragment as `{index, function: {name, arguments}}` and leave id and type out (a pattern, as far as known; OpenAI always sends both). The SDK\'s stream helper then raises "missing choices[0].tool_calls[0].type".',
    proves: ['stream.tool-calls.first-fragment', 'sdk.call.succeeds'],
    hooks: {
      chatChunks: eachToolCallFragment((fragment, first) => {
        if (!first) return
        delete fragment.id
        delete fragment.type
      }),
    },
  },
  {
    name: 'stream-tool-call-id-repeated',
    description: "Every tool-call fragment repeats the call's id, type and function name.",
    modelledOn:
      'litellm#20480 (id sent on every streaming chunk) and DeepSeek/Qwen (langchain4j#4544: the full id repeated in every chunk).',
    proves: ['stream.tool-calls.later-fragments'],
    hooks: {
      chatChunks: (chunks) => {
        const identity = new Map<string, Fragment>()
        forEachToolCallFragment(chunks, (fragment, first, key) => {
          if (first) identity.set(key, { id: fragment.id, type: fragment.type, name: fragment.function?.name })
          const known = identity.get(key)!
          Object.assign(fragment, {
            id: known.id,
            type: known.type,
            function: { name: known.name, ...fragment.function },
          })
        })
        return chunks
      },
    },
  },
  {
    name: 'stream-tool-call-id-changes',
    description: "A tool call's later fragments carry a different id from its first fragment.",
    modelledOn:
      'poolsideai/pool#9 (the first chunk of a call carries one id, every later chunk another); cubist38/mlx-openai-server#216 (ids not kept stable across deltas). Clients keyed on the first id and the SDK (which keeps the last) then disagree on the call.',
    proves: ['stream.tool-calls.identity-stable'],
    hooks: {
      chatChunks: eachToolCallFragment((fragment, first) => {
        if (!first) fragment.id = `call_${'later'.padEnd(24, '0')}`
      }),
    },
  },
  {
    name: 'stream-tool-call-arguments-repeated',
    description:
      "A tool call's first fragment carries the whole arguments, and the later fragments then stream them again.",
    modelledOn:
      'vLLM tool parsers that flush the full arguments besides the streamed pieces (vllm#51697, xlam: the client assembles the arguments object twice, `{…}{…}`).',
    proves: ['stream.tool-calls.arguments-json'],
    hooks: {
      chatChunks: (chunks) => {
        const calls = new Map<string, { first: Fragment; text: string }>()
        forEachToolCallFragment(chunks, (fragment, first, key) => {
          if (first) calls.set(key, { first: fragment, text: '' })
          calls.get(key)!.text += typeof fragment.function?.arguments === 'string' ? fragment.function.arguments : ''
        })
        for (const { first, text } of calls.values()) first.function = { ...first.function, arguments: text }
        return chunks
      },
    },
  },
  {
    name: 'stream-tool-call-index-from-1',
    description: 'Tool calls are numbered from 1.',
    modelledOn:
      'Anthropic-to-OpenAI translators that reuse the content-block index as the tool-call index (a text block is 0, so the first tool_use is 1).',
    proves: ['stream.tool-calls.indices'],
    hooks: { chatChunks: eachToolCallFragment((fragment) => (fragment.index = fragment.index + 1)) },
  },
  {
    name: 'stream-tool-call-arguments-object',
    description: "Sends a tool call's arguments as a JSON object in its first fragment instead of string pieces.",
    modelledOn:
      'Ollama\'s native tool calls carry `arguments` as an object (ollama#12557); translators passing it through unstringified. The SDK then assembles "[object Object]".',
    proves: ['stream.tool-calls.arguments-json', 'stream.chunk.schema', 'sdk.stream.final-matches'],
    hooks: {
      chatChunks: (chunks) => {
        const calls = new Map<string, { first: Fragment; text: string }>()
        forEachToolCallFragment(chunks, (fragment, first, key) => {
          if (first) calls.set(key, { first: fragment, text: '' })
          calls.get(key)!.text += typeof fragment.function?.arguments === 'string' ? fragment.function.arguments : ''
        })
        for (const { first, text } of calls.values())
          first.function = { ...first.function, arguments: parsedOrRaw(text) }
        const firsts = new Set([...calls.values()].map((call) => call.first))
        // Later fragments go: the whole object came first. Chunks left saying nothing go too.
        for (const choice of chunks.flatMap(choicesOf)) {
          if (Array.isArray(choice.delta?.tool_calls))
            choice.delta.tool_calls = choice.delta.tool_calls.filter((f: Fragment) => firsts.has(f))
          if (choice.delta?.tool_calls?.length === 0) delete choice.delta.tool_calls
        }
        return chunks.filter(
          (chunk) =>
            isUsageChunk(chunk) ||
            choicesOf(chunk).some(
              (choice) => choice.finish_reason != null || Object.keys(choice.delta ?? {}).length > 0,
            ),
        )
      },
    },
  },
  {
    name: 'stream-tool-call-finish-stop',
    description: "A choice that called tools finishes with 'stop' instead of 'tool_calls'.",
    modelledOn: 'mlx-vlm#1014 and sglang#2877 (finish_reason "stop" after a tool call).',
    proves: ['stream.tool-calls.finish-reason'],
    hooks: {
      chatChunks: eachChunkChoice((choice) => choice.finish_reason === 'tool_calls' && (choice.finish_reason = 'stop')),
    },
  },
]

/** The arguments object the text spells, or the text wrapped when it spells none. */
function parsedOrRaw(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return { raw: text }
  }
}

const isServed = (model: string) => findServedModel(model) !== undefined

const errorFaults: Fault[] = [
  {
    name: 'stream-error-as-200-event',
    description: 'An invalid streamed request gets HTTP 200 and an event stream whose only event is the error.',
    modelledOn:
      'Perplexity as relayed in openclaw/clawrouter#101 (HTTP 200, `event: error`, `data: {"error": …}` for a rejected streaming request).',
    proves: ['stream.errors.status', 'errors.unknown-model.status', 'errors.malformed.status-400'],
    hooks: {
      respond(req) {
        if (!isStreamRequest(req)) return undefined
        const problem = chatRequestProblems(req.body, isServed).next()
        if (problem.done) return undefined
        const body = `event: error\ndata: ${JSON.stringify(problem.value.body)}\n\n`
        return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' } })
      },
    },
  },
]

export const streamFaults: Fault[] = [
  ...httpFaults,
  ...framingFaults,
  ...envelopeFaults,
  ...choiceFaults,
  ...usageFaults,
  ...toolCallFaults,
  ...errorFaults,
]
