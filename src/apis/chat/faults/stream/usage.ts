/**
 * Stream faults in usage: `stream_options.include_usage` ignored or not asked for, usage on
 * every chunk or the finish chunk, `usage` keys omitted, totals and counts that do not add up.
 */
import type { Fault } from '../../../../reference/fault.ts'
import { choicesOf } from '../helpers.ts'
import { isStreamRequest, streamIgnores, isUsageChunk, hasContent } from './helpers.ts'

export const usageFaults: Fault[] = [
  {
    name: 'stream-usage-ignored',
    description: 'Ignores `stream_options.include_usage`: no usage chunk.',
    modelledOn: 'vllm#6371 and TheTom/vllm-swift#19 (include_usage set, the stream ends with [DONE] and no usage).',
    proves: ['stream.usage.single-chunk'],
    hooks: { respond: streamIgnores('stream_options') },
  },
  {
    name: 'stream-usage-every-chunk',
    description:
      'With include_usage, every chunk carries the running usage instead of null (the `choices: []` usage chunk still comes last).',
    modelledOn:
      "vllm#7262 (stream_options.include_usage returned usage on every chunk), as vLLM's `continuous_usage_stats` does on purpose.",
    proves: ['stream.usage.null-elsewhere'],
    hooks: {
      events: (chunks) => {
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
    name: 'stream-usage-on-finish-chunk-too',
    description:
      'With include_usage, the finish chunk carries the usage too, and the `choices: []` usage chunk still comes last.',
    modelledOn:
      'Servers that report usage with the finish reason and again in the dedicated chunk (vLLM-style continuous usage, LiteLLM relaying both).',
    proves: ['stream.usage.null-elsewhere'],
    hooks: {
      events: (chunks) => {
        const usage = chunks.find(isUsageChunk)?.usage
        const finish = chunks.findLastIndex((chunk) => choicesOf(chunk).some((choice) => choice.finish_reason))
        return usage && finish >= 0 ? chunks.map((chunk, i) => (i === finish ? { ...chunk, usage } : chunk)) : chunks
      },
    },
  },
  {
    name: 'stream-usage-in-finish-chunk',
    description: 'Puts usage on the last finish chunk (choices not empty) instead of a separate usage chunk.',
    modelledOn:
      'epam/ai-dial-adapter-openai#140 (usage attached to the last chunk with a finish_reason, before it moved to a dedicated `choices: []` chunk).',
    proves: ['stream.usage.empty-choices'],
    hooks: {
      events: (chunks) => {
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
    name: 'stream-usage-before-finish',
    description: 'Sends the `choices: []` usage chunk before the finish chunk instead of last.',
    modelledOn:
      'Hypothetical, no public report found: a relaying gateway that flushes the usage as soon as the upstream reports it, ahead of the finish chunk it still holds.',
    proves: ['stream.usage.position'],
    hooks: {
      events: (chunks) => {
        const at = chunks.findIndex(isUsageChunk)
        if (at < 1) return chunks
        const rest = chunks.filter((_, i) => i !== at)
        return [...rest.slice(0, -1), chunks[at], rest.at(-1)]
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
      events: (chunks) =>
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
      events: (chunks) =>
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
      events: (chunks) => {
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
