/**
 * Tool calls in a stream: `delta.tool_calls` fragments (ChatCompletionMessageToolCallChunk).
 * OpenAI sends each call's `index`, `id`, `type` and `function.name` in its first fragment
 * and then only `{index, function: {arguments}}` pieces of the argument text.
 *
 * Shared with the tools issue: these run on any stream, and skip when it has no tool calls.
 * The rules about a call's identity and arguments are about function calls: GPT-5's custom
 * tool calls (`type: "custom"`, `custom: {name, input}`) are skipped by them, with a reason.
 */
import { defineCheck, finding, skip } from '../../../../core/define.ts'
import type { CheckContext, CheckResult, Finding } from '../../../../core/types.ts'
import { isPlainObject, show } from '../../../shared/body.ts'
import { capFindings } from '../../../shared/findings.ts'
import { chatRequestParam, schemaRef } from '../../../shared/spec.ts'
import { toolCallFinishReasons, toolChoice } from '../../read/declared-tools.ts'
import { onStreamChoices } from '../../read/stream-chunks.ts'
import type { ChoiceAssembly, ToolCallAssembly } from '../../stream/assemble.ts'
import type { ParsedStream } from '../../stream/parse.ts'
import { atChunk } from '../../stream/pointers.ts'

const OP = 'createChatCompletion'
const TOOL_CALL_CHUNK = 'ChatCompletionMessageToolCallChunk'

/** The request forces a tool call: tool_choice "required" or a named function. */
function forcesToolCall(request: Record<string, unknown>): boolean {
  const kind = toolChoice(request).kind
  return kind === 'required' || kind === 'named'
}

/** A custom tool call (`type: "custom"`, GPT-5's free-form tools): no `function`, so no function-call rules. */
function isCustomCall(call: ToolCallAssembly): boolean {
  return call.type === 'custom'
}

/**
 * Runs `rule` over every streamed function call, or skips when the stream has none (no tool
 * calls, or only custom ones).
 */
function onFunctionCalls(
  ctx: CheckContext<any>,
  rule: (call: ToolCallAssembly, choice: ChoiceAssembly, stream: ParsedStream) => Finding[],
): CheckResult {
  return onStreamChoices(ctx, (stream) => {
    const withCalls = stream.choices.filter((choice) => choice.toolCalls.length > 0)
    if (withCalls.length === 0) return skip('the stream carried no tool calls')
    const calls = withCalls.flatMap((choice) =>
      choice.toolCalls.filter((call) => !isCustomCall(call)).map((call) => ({ call, choice })),
    )
    if (calls.length === 0)
      return skip(
        'the stream\'s tool calls are all custom tool calls (type "custom"), which the function-call rules do not cover',
      )
    return capFindings(calls.flatMap(({ call, choice }) => rule(call, choice, stream)))
  })
}

/** A fragment's `function` object, or `{}`. */
function fn(fragment: Record<string, unknown>): Record<string, unknown> {
  return isPlainObject(fragment.function) ? fragment.function : {}
}

/** What identifies a call, read from one fragment: its id, type and function name. */
const IDENTITY = [
  { label: 'id', read: (fragment: Record<string, unknown>) => fragment.id },
  { label: 'type', read: (fragment: Record<string, unknown>) => fragment.type },
  { label: 'function.name', read: (fragment: Record<string, unknown>) => fn(fragment).name },
] as const

function label(choice: ChoiceAssembly, call: ToolCallAssembly): string {
  return `choice ${choice.index}, tool call ${show(call.index)}`
}

export const toolCallsForced = defineCheck({
  id: 'stream.tool-calls.forced',
  title: 'A forced tool call is streamed as tool_calls',
  level: 'required',
  spec: chatRequestParam('tool_choice'),
  description:
    'When `tool_choice` is "required" or names a function, every streamed choice MUST call a tool in `delta.tool_calls` (not, say, as JSON text in `content`).',
  run: (ctx) =>
    onStreamChoices(ctx, (stream) => {
      if (!forcesToolCall(ctx.request)) return skip('the request does not force a tool call')
      return stream.choices
        .filter((choice) => choice.toolCalls.length === 0)
        .map((choice) =>
          finding(
            `choice ${choice.index} streamed no tool call${choice.content ? `; its content is ${show(choice.content, 100)}` : ''}`,
            { actual: choice.content },
          ),
        )
    }),
})

export const firstFragment = defineCheck({
  id: 'stream.tool-calls.first-fragment',
  title: "A tool call's first fragment names it",
  level: 'required',
  reads: 'prefix',
  spec: schemaRef(OP, TOOL_CALL_CHUNK),
  description:
    'The first fragment of each streamed tool call MUST carry its `index`, `id`, `type: "function"` and `function.name`; clients key the call on them.',
  run: (ctx) =>
    onFunctionCalls(ctx, (call, choice, stream) => {
      const { position, fragment } = call.fragments[0]!
      const name = fn(fragment).name
      const missing: string[] = []
      if (typeof fragment.id !== 'string' || fragment.id === '') missing.push(`id (${show(fragment.id)})`)
      if (fragment.type !== 'function') missing.push(`type "function" (${show(fragment.type)})`)
      if (typeof name !== 'string' || name === '') missing.push(`function.name (${show(name)})`)
      return missing.length === 0
        ? []
        : [
            finding(`${label(choice, call)}: the first fragment lacks ${missing.join(', ')}`, {
              at: atChunk(stream, position),
              actual: fragment,
            }),
          ]
    }),
})

export const identityStable = defineCheck({
  id: 'stream.tool-calls.identity-stable',
  title: "Later fragments do not change a call's id, type or name",
  level: 'required',
  reads: 'prefix',
  spec: schemaRef(OP, TOOL_CALL_CHUNK),
  description:
    "A later fragment of a tool call MAY repeat the call's `id`, `type` and `function.name` (the schema allows them on every fragment) but MUST NOT change them or send them empty: clients key the call on the first values, the SDK overwrites them with the last, so the two disagree on which call the tool result answers.",
  notes:
    "A later fragment that brings a value the first fragment lacked is stream.tool-calls.first-fragment's to report.",
  run: (ctx) =>
    onFunctionCalls(ctx, (call, choice, stream) => {
      const first = call.fragments[0]!.fragment
      return call.fragments.slice(1).flatMap(({ position, fragment }) => {
        // Only against a first value that is there: a missing or empty one is first-fragment's.
        const changed = IDENTITY.filter(({ read }) => {
          const [was, now] = [read(first), read(fragment)]
          return was != null && was !== '' && now != null && now !== was
        })
        return changed.map(({ label: field, read }) => {
          const how =
            read(fragment) === ''
              ? `sends ${field} empty (the first fragment has ${show(read(first))})`
              : `changes ${field} from ${show(read(first))} to ${show(read(fragment))}`
          return finding(`${label(choice, call)}: a later fragment ${how}`, {
            at: atChunk(stream, position),
            actual: fragment,
          })
        })
      })
    }),
})

export const laterFragments = defineCheck({
  id: 'stream.tool-calls.later-fragments',
  title: 'Later fragments carry only argument text',
  level: 'recommended',
  reads: 'prefix',
  spec: schemaRef(OP, TOOL_CALL_CHUNK),
  description:
    'After the first, a tool call\'s fragments SHOULD carry only `index` and `function.arguments` text, as OpenAI\'s do: clients that concatenate every string field of a fragment turn a repeated id or name into "callcall", "get_weatherget_weather".',
  notes:
    'The ChatCompletionMessageToolCallChunk schema allows id, type and name on every fragment, and the SDK overwrites rather than concatenates them, so an identical repeat is a warning. A changed or empty one fails stream.tool-calls.identity-stable.',
  run: (ctx) =>
    onFunctionCalls(ctx, (call, choice, stream) => {
      const first = call.fragments[0]!.fragment
      return call.fragments.slice(1).flatMap(({ position, fragment }) => {
        const repeated = IDENTITY.filter(({ read }) => read(fragment) != null && read(fragment) === read(first)).map(
          ({ label: field }) => field,
        )
        return repeated.length === 0
          ? []
          : [
              finding(`${label(choice, call)}: a later fragment repeats ${repeated.join(', ')}`, {
                at: atChunk(stream, position),
                actual: fragment,
              }),
            ]
      })
    }),
})

export const indices = defineCheck({
  id: 'stream.tool-calls.indices',
  title: 'Tool call indices start at 0 and are contiguous',
  level: 'required',
  reads: 'prefix',
  spec: schemaRef(OP, TOOL_CALL_CHUNK, 'properties', 'index'),
  description:
    "Each fragment MUST carry the integer `index` of its call; a choice's calls are numbered 0, 1, 2 … in the order they start (the SDK stores them by index).",
  run: (ctx) =>
    onStreamChoices(ctx, (stream) => {
      const withCalls = stream.choices.filter((choice) => choice.toolCalls.length > 0)
      if (withCalls.length === 0) return skip('the stream carried no tool calls')
      return capFindings(
        withCalls.flatMap((choice) => {
          const seen = choice.toolCalls.map((call) => call.index)
          const expected = seen.map((_, i) => i)
          return seen.every((index, i) => index === expected[i])
            ? []
            : [
                finding(
                  `choice ${choice.index}: tool call indices are ${show(seen)} in order of appearance, expected ${show(expected)}`,
                  { at: atChunk(stream, choice.toolCalls[0]!.fragments[0]!.position), actual: seen, expected },
                ),
              ]
        }),
      )
    }),
})

export const argumentsJson = defineCheck({
  id: 'stream.tool-calls.arguments-json',
  title: 'The concatenated arguments are JSON',
  level: 'recommended',
  spec: schemaRef(OP, TOOL_CALL_CHUNK, 'properties', 'function', 'properties', 'arguments'),
  description:
    "Each fragment's `function.arguments` MUST be a string, and a call's fragments concatenated SHOULD parse as JSON (the arguments object).",
  notes:
    'The spec warns that "the model does not always generate valid JSON", so unparseable text is a warning; a fragment that is not a string also fails the chunk schema.',
  run: (ctx) =>
    onFunctionCalls(ctx, (call, choice, stream) => {
      if (call.nonStringArguments.length > 0) {
        const position = call.nonStringArguments[0]!
        return [
          finding(`${label(choice, call)}: function.arguments is not a string fragment`, {
            at: atChunk(stream, position),
            actual: call.fragments.find((f) => f.position === position)?.fragment,
          }),
        ]
      }
      try {
        JSON.parse(call.arguments)
        return []
      } catch (error) {
        return [
          finding(`${label(choice, call)}: the concatenated arguments are not JSON (${(error as Error).message})`, {
            actual: call.arguments,
          }),
        ]
      }
    }),
})

export const toolCallsFinishReason = defineCheck({
  id: 'stream.tool-calls.finish-reason',
  title: 'A choice that calls tools finishes with "tool_calls"',
  level: 'required',
  reads: 'prefix',
  spec: schemaRef(
    OP,
    'CreateChatCompletionStreamResponse',
    'properties',
    'choices',
    'items',
    'properties',
    'finish_reason',
  ),
  description:
    'A choice that streamed tool calls MUST finish with finish_reason "tool_calls" ("if the model called a tool").',
  notes:
    'When tool_choice forces a call (named or "required"), OpenAI itself finishes with "stop" (recorded: real-traffic stream-include_usage-tools-toolcall__03; Mirascope#256), so "stop" is accepted there, as in tools.finish-reason.',
  run: (ctx) =>
    onStreamChoices(ctx, (stream) => {
      const withCalls = stream.choices.filter((choice) => choice.toolCalls.length > 0)
      if (withCalls.length === 0) return skip('the stream carried no tool calls')
      const accepted = toolCallFinishReasons(ctx.request)
      return withCalls.flatMap((choice) => {
        const finish = choice.finishes[0]
        // A choice that never finished is stream.finish.once's to report.
        if (!finish || accepted.includes(finish.reason as string)) return []
        return [
          finding(
            `choice ${choice.index} called a tool but finished with ${show(finish.reason)}, expected ${accepted.map((r) => `"${r}"`).join(' or ')}`,
            { at: atChunk(stream, finish.position), actual: finish.reason },
          ),
        ]
      })
    }),
})

export const STREAM_TOOL_CALL_CHECKS = [
  toolCallsForced,
  firstFragment,
  identityStable,
  laterFragments,
  indices,
  argumentsJson,
  toolCallsFinishReason,
]
