/**
 * Stream faults in `delta.tool_calls` fragments: a call sent as content, first and later
 * fragments that carry the wrong members, unstable ids, arguments sent twice or as an
 * object, indices from 1, and the finish reason. They do nothing to a stream without them.
 */
import type { Fault } from '../../../../reference/fault.ts'
import { choicesOf } from '../helpers.ts'
import {
  isUsageChunk,
  eachChunkChoice,
  forEachToolCallFragment,
  eachToolCallFragment,
  type Fragment,
} from './helpers.ts'

export const toolCallFaults: Fault[] = [
  {
    name: 'stream-tool-call-as-content',
    description: 'Streams a tool call as JSON text in `content` instead of `tool_calls` fragments.',
    modelledOn:
      'TGI (text-generation-inference#2794: the chosen tool streamed as content tokens) and chat templates that leak the tool-call JSON.',
    proves: ['stream.tool-calls.forced'],
    hooks: {
      events: eachChunkChoice((choice) => {
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
      events: eachToolCallFragment((fragment, first) => {
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
      events: (chunks) => {
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
      events: eachToolCallFragment((fragment, first) => {
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
      events: (chunks) => {
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
    hooks: { events: eachToolCallFragment((fragment) => (fragment.index = fragment.index + 1)) },
  },
  {
    name: 'stream-tool-call-arguments-object',
    description: "Sends a tool call's arguments as a JSON object in its first fragment instead of string pieces.",
    modelledOn:
      'Ollama\'s native tool calls carry `arguments` as an object (ollama#12557); translators passing it through unstringified. The SDK then assembles "[object Object]".',
    proves: ['stream.tool-calls.arguments-json', 'stream.chunk.schema', 'sdk.stream.final-matches'],
    hooks: {
      events: (chunks) => {
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
      events: eachChunkChoice((choice) => choice.finish_reason === 'tool_calls' && (choice.finish_reason = 'stop')),
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
