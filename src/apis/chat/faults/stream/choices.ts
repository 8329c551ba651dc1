/**
 * Stream faults in each choice's deltas: the role delta, finish reasons and finish chunks,
 * buffered or cumulative content, lost word spaces, ignored `n` and `stop`, and the
 * logprobs shape.
 */
import type { Fault } from '../../../../reference/fault.ts'
import { choicesOf } from '../helpers.ts'
import {
  streamIgnores,
  hasContent,
  eachChunkChoice,
  forEachToolCallFragment,
  finishChunkOf,
  type Choice,
} from './helpers.ts'

export const choiceFaults: Fault[] = [
  {
    name: 'stream-role-missing',
    description: 'No delta carries `role`.',
    modelledOn:
      'agentgateway#3005 and langwatch#6214 (Anthropic-to-OpenAI stream translation never sent the role delta); the SDK\'s stream helper then raises "missing role".',
    proves: ['stream.choice.role-first', 'sdk.call.succeeds'],
    hooks: { events: eachChunkChoice((choice) => delete choice.delta?.role) },
  },
  {
    name: 'stream-role-every-delta',
    description: 'Every delta repeats `role: "assistant"`.',
    modelledOn:
      "Ollama's OpenAI-compatible streams (ollama#7626; see ollama#17166: `role: assistant` in every choice delta).",
    proves: ['stream.choice.role-once'],
    hooks: { events: eachChunkChoice((choice) => (choice.delta = { role: 'assistant', ...choice.delta })) },
  },
  {
    name: 'stream-finish-reason-omitted',
    description: 'Chunks before the last omit the `finish_reason` key instead of sending null.',
    modelledOn:
      'TGI chat streams as relayed in litellm#3757 (`{"index":0,"delta":{"content":"4"}}`, no finish_reason until the end).',
    proves: ['stream.chunk.nulls-explicit'],
    hooks: { events: eachChunkChoice((choice) => choice.finish_reason === null && delete choice.finish_reason) },
  },
  {
    name: 'stream-finish-twice',
    description: 'Sends the finish chunk twice.',
    modelledOn:
      'openclaw#4518 (the terminal chunk could be written by the lifecycle handler, the error path and the finally block).',
    proves: ['stream.finish.once'],
    hooks: {
      events: (chunks) => {
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
      events: (chunks) => {
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
      events: eachChunkChoice((choice) => choice.finish_reason === 'stop' && (choice.finish_reason = 'eos_token')),
    },
  },
  {
    name: 'stream-finish-reason-always-stop',
    description: "Every choice finishes with 'stop', even when max_tokens cut it.",
    modelledOn: 'mini-sglang before #126 (finish_reason hard-coded to "stop").',
    proves: ['stream.finish.expected'],
    hooks: {
      events: eachChunkChoice((choice) => choice.finish_reason === 'length' && (choice.finish_reason = 'stop')),
    },
  },
  {
    name: 'stream-buffered-single-chunk',
    description: "Buffers the reply: each choice's whole content arrives in one delta.",
    modelledOn:
      'Ollama with tools enabled (ollama#9092, #9946: stream=True returns the whole response as a single block).',
    proves: ['stream.content.multiple-chunks'],
    hooks: {
      events: (chunks) => {
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
    hooks: { frames: (frames) => [frames.join('')] },
  },
  {
    name: 'stream-cumulative-deltas',
    description: "Each delta carries the text so far (content, and each tool call's arguments), not only the new text.",
    modelledOn:
      'Bridges that relay cumulative snapshots as deltas (swuecho/chat#687; freellmapi#1007, Gemini\'s cumulative chunks passed through): clients appending deltas show "11 21 2 3".',
    proves: ['stream.delta.incremental', 'stream.tool-calls.arguments-json', 'stream.equivalence.content'],
    hooks: {
      events: (chunks) => {
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
      events: (chunks) => {
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
      events: eachChunkChoice(
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
    proves: ['stream.logprobs.shape', 'stream.chunk.nulls-explicit'],
    hooks: {
      events: eachChunkChoice((choice) => {
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
