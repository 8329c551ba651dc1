/**
 * Usage in a stream. With `stream_options: {include_usage: true}` one extra chunk, with
 * `choices: []`, carries the usage of the whole request just before `[DONE]`, and every
 * other chunk carries `usage: null`. Without the option there is no usage at all.
 */
import { defineCheck, finding, skip } from '../../../../core/define.ts'
import type { CheckContext, CheckResult, Finding } from '../../../../core/types.ts'
import { isPlainObject, show } from '../../../shared/body.ts'
import { capFindings } from '../../../shared/findings.ts'
import { schemaRef } from '../../../shared/spec.ts'
import { includeUsage } from '../../read/request.ts'
import { usageIntegerFindings, usageTotalFindings } from '../../rules/usage.ts'
import { onReadableStream, unreadableUsage, withoutChunks } from '../../read/stream-chunks.ts'
import type { ParsedStream, StreamChunk } from '../../stream/parse.ts'
import { atChunk } from '../../stream/pointers.ts'

const OP = 'createChatCompletion'
const OPTIONS = schemaRef(OP, 'ChatCompletionStreamOptions')

/** Runs `rule` on a stream whose usage and choices can be read, or skips (no stream, or why they cannot). */
function onUsageStream(ctx: CheckContext<any>, rule: (stream: ParsedStream) => CheckResult): CheckResult {
  return onReadableStream(ctx, (stream) => unreadableUsage(stream) ?? rule(stream))
}

/** Runs `rule` when the request set include_usage, or skips. */
function withIncludeUsage(ctx: CheckContext<any>, rule: (stream: ParsedStream) => CheckResult): CheckResult {
  if (!includeUsage(ctx.request)) return skip('the request did not set stream_options.include_usage')
  return onUsageStream(ctx, rule)
}

/** Chunks that carry a usage object (not null). */
function usageChunks(stream: ParsedStream): StreamChunk[] {
  return stream.chunks.filter((chunk) => isPlainObject(chunk.value.usage))
}

/** Chunks of their own for usage: a usage object and `choices: []`. */
function ownUsageChunks(stream: ParsedStream): StreamChunk[] {
  return usageChunks(stream).filter((chunk) => Array.isArray(chunk.value.choices) && chunk.value.choices.length === 0)
}

/** Runs `rule` on the usage chunk (the last one carrying usage), or skips when there is none. */
function onUsageChunk(
  ctx: CheckContext<any>,
  rule: (chunk: StreamChunk, stream: ParsedStream) => Finding[],
): CheckResult {
  return withIncludeUsage(ctx, (stream) => {
    const chunk = usageChunks(stream).at(-1)
    return chunk ? rule(chunk, stream) : skip('no chunk carries usage; see stream.usage.single-chunk')
  })
}

/** The usage chunk's `usage` object judged by `rule`; no findings when it is not an object. */
function onUsageObject(
  ctx: CheckContext<any>,
  rule: (usage: Record<string, unknown>, at: string) => Finding[],
): CheckResult {
  return onUsageChunk(ctx, (chunk, stream) =>
    isPlainObject(chunk.value.usage) ? rule(chunk.value.usage, atChunk(stream, chunk.position, '/usage')) : [],
  )
}

export const singleUsageChunk = defineCheck({
  id: 'stream.usage.single-chunk',
  title: 'include_usage gives exactly one usage chunk',
  level: 'required',
  spec: OPTIONS,
  description:
    'With `stream_options.include_usage`, exactly one chunk with `choices: []` MUST carry a usage object: the usage of the entire request.',
  notes:
    "Usage on other chunks as well (vLLM's continuous usage: a running count on every chunk, or on the finish chunk, and still the `choices: []` usage chunk) breaks no client, which keeps the last usage it reads: that is stream.usage.null-elsewhere's warning, not a failure here. Usage only on chunks with choices is stream.usage.empty-choices' to report.",
  run: (ctx) =>
    withIncludeUsage(ctx, (stream) => {
      const own = ownUsageChunks(stream)
      if (own.length === 1) return []
      if (own.length > 1)
        return [
          finding(`${own.length} chunks with choices: [] carry usage, expected one`, {
            at: atChunk(stream, own[1]!.position),
            actual: own.map((c) => c.value.usage).slice(0, 3),
          }),
        ]
      if (usageChunks(stream).length > 0)
        return skip('usage comes only on chunks with choices; see stream.usage.empty-choices')
      return [finding('include_usage was set, but no chunk carries usage', { actual: stream.chunks.at(-1)?.value })]
    }),
})

export const usageEmptyChoices = defineCheck({
  id: 'stream.usage.empty-choices',
  title: 'The usage chunk has choices: []',
  level: 'required',
  spec: OPTIONS,
  description:
    'The usage chunk\'s `choices` MUST be an empty array ("the choices field will always be an empty array").',
  run: (ctx) =>
    onUsageChunk(ctx, (chunk, stream) =>
      Array.isArray(chunk.value.choices) && chunk.value.choices.length === 0
        ? []
        : [
            finding(`the usage chunk's choices is ${show(chunk.value.choices, 160)}, expected []`, {
              at: atChunk(stream, chunk.position, '/choices'),
              actual: chunk.value.choices,
            }),
          ],
    ),
})

export const usagePosition = defineCheck({
  id: 'stream.usage.position',
  title: 'The usage chunk comes last, after every choice finished',
  level: 'required',
  spec: OPTIONS,
  description:
    'The usage chunk MUST be the last chunk before `[DONE]`, after the finish chunk of every choice ("an additional chunk will be streamed before the data: [DONE] message").',
  run: (ctx) =>
    onUsageChunk(ctx, (chunk, stream) => {
      const out: Finding[] = []
      const last = stream.chunks.at(-1)!
      if (last !== chunk)
        out.push(
          finding(`the usage chunk is followed by ${stream.chunks.length - 1 - chunk.position} more chunk(s)`, {
            at: atChunk(stream, chunk.position),
          }),
        )
      for (const choice of stream.choices) {
        const finish = choice.finishes[0]
        // A choice that never finished is stream.finish.once's to report; one that finishes in
        // the usage chunk (usage merged into the finish chunk) is stream.usage.empty-choices'.
        if (finish && finish.position > chunk.position)
          out.push(
            finding(`choice ${choice.index} finishes after the usage chunk`, { at: atChunk(stream, finish.position) }),
          )
      }
      return out
    }),
})

export const usageNullElsewhere = defineCheck({
  id: 'stream.usage.null-elsewhere',
  title: 'Other chunks carry usage: null',
  level: 'recommended',
  reads: 'prefix',
  spec: OPTIONS,
  description:
    'With include_usage, every chunk but the usage chunk SHOULD carry `usage: null` ("All other chunks will also include a usage field, but with a null value").',
  notes:
    'The schema makes usage optional on a chunk, and a missing key reads as null to most clients, so this is a warning.',
  run: (ctx) =>
    withIncludeUsage(ctx, (stream) => {
      const usageChunk = usageChunks(stream).at(-1)
      return capFindings(
        stream.chunks
          .filter((chunk) => chunk !== usageChunk && chunk.value.usage !== null)
          .map((chunk) =>
            finding(
              `usage is ${'usage' in chunk.value ? show(chunk.value.usage, 120) : 'missing'}, expected null on a chunk before the usage chunk`,
              {
                at: atChunk(stream, chunk.position, '/usage'),
                actual: chunk.value.usage,
              },
            ),
          ),
      )
    }),
})

export const streamUsageIntegers = defineCheck({
  id: 'stream.usage.integers',
  title: 'Streamed usage counts are non-negative integers',
  level: 'required',
  spec: schemaRef(OP, 'CompletionUsage'),
  description: "The usage chunk's prompt_tokens, completion_tokens and total_tokens MUST be non-negative integers.",
  run: (ctx) => onUsageObject(ctx, usageIntegerFindings),
})

export const streamUsageTotal = defineCheck({
  id: 'stream.usage.total',
  title: 'Streamed total_tokens = prompt_tokens + completion_tokens',
  level: 'required',
  spec: schemaRef(OP, 'CompletionUsage', 'properties', 'total_tokens'),
  description: "The usage chunk's total_tokens MUST be prompt_tokens + completion_tokens.",
  run: (ctx) => onUsageObject(ctx, usageTotalFindings),
})

export const usageAbsentWithoutOption = defineCheck({
  id: 'stream.usage.absent-without-option',
  title: 'No usage without include_usage',
  level: 'recommended',
  reads: 'prefix',
  spec: schemaRef(OP, 'CreateChatCompletionStreamResponse', 'properties', 'usage'),
  description:
    'Without `stream_options.include_usage`, no chunk SHOULD carry usage ("an optional field that will only be present when you set stream_options"); an extra usage-only chunk surprises clients that read choices[0] of every chunk.',
  notes: 'Extra information rather than missing information, so a warning.',
  run: (ctx) => {
    if (includeUsage(ctx.request)) return skip('the request set stream_options.include_usage')
    return onUsageStream(
      ctx,
      (stream) =>
        withoutChunks(stream) ??
        capFindings(
          usageChunks(stream).map((chunk) =>
            finding('a chunk carries usage although the request did not ask for it', {
              at: atChunk(stream, chunk.position, '/usage'),
              actual: chunk.value.usage,
            }),
          ),
        ),
    )
  },
})

export const STREAM_USAGE_CHECKS = [
  singleUsageChunk,
  usageEmptyChoices,
  usagePosition,
  usageNullElsewhere,
  streamUsageIntegers,
  streamUsageTotal,
  usageAbsentWithoutOption,
]
