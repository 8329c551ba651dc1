/**
 * Tool calls in a stream: `delta.tool_calls` fragments (ChatCompletionMessageToolCallChunk).
 * OpenAI sends each call's `index`, `id`, `type` and `function.name` in its first fragment
 * and then only `{index, function: {arguments}}` pieces of the argument text.
 *
 * Shared with the tools issue: these run on any stream, and skip when it has no tool calls.
 */
import { defineCheck, finding, skip } from '../src/engine/define.ts'
import type { CheckContext, CheckResult, Finding } from '../src/engine/types.ts'
import { isPlainObject, show } from './support/body.ts'
import { schemaRef } from './support/spec.ts'
import { toolCallFinishReasons, toolChoice } from './support/tools.ts'
import { atChunk, capFindings, chatRequestParam, onStream, type ChoiceAssembly, type ParsedStream, type ToolCallAssembly } from './support/stream.ts'

const OP = 'createChatCompletion'
const TOOL_CALL_CHUNK = 'ChatCompletionMessageToolCallChunk'

/** The request forces a tool call: `tool_choice` is "required" or names a function. */
/** The request forces a tool call: tool_choice "required" or a named function. */
function forcesToolCall(request: Record<string, unknown>): boolean {
  const kind = toolChoice(request).kind
  return kind === 'required' || kind === 'named'
}

/** Runs `rule` over every streamed tool call, or skips when the stream has none. */
function onToolCalls(ctx: CheckContext<any>, rule: (call: ToolCallAssembly, choice: ChoiceAssembly, stream: ParsedStream) => Finding[]): CheckResult {
  return onStream(ctx, (stream) => {
    const withCalls = stream.choices.filter((choice) => choice.toolCalls.length > 0)
    if (withCalls.length === 0) return skip('the stream carried no tool calls')
    return capFindings(withCalls.flatMap((choice) => choice.toolCalls.flatMap((call) => rule(call, choice, stream))))
  })
}

function label(choice: ChoiceAssembly, call: ToolCallAssembly): string {
  return `choice ${choice.index}, tool call ${show(call.index)}`
}

export const toolCallsForced = defineCheck({
  id: 'stream.tool-calls.forced',
  title: 'A forced tool call is streamed as tool_calls',
  level: 'required',
  spec: chatRequestParam('tool_choice'),
  description: 'When `tool_choice` is "required" or names a function, every streamed choice MUST call a tool in `delta.tool_calls` (not, say, as JSON text in `content`).',
  run: (ctx) =>
    onStream(ctx, (stream) => {
      if (!forcesToolCall(ctx.request)) return skip('the request does not force a tool call')
      return stream.choices
        .filter((choice) => choice.toolCalls.length === 0)
        .map((choice) => finding(`choice ${choice.index} streamed no tool call${choice.content ? `; its content is ${show(choice.content, 100)}` : ''}`, { actual: choice.content }))
    }),
})

export const firstFragment = defineCheck({
  id: 'stream.tool-calls.first-fragment',
  title: 'A tool call\'s first fragment names it',
  level: 'required',
  spec: schemaRef(OP, TOOL_CALL_CHUNK),
  description: 'The first fragment of each streamed tool call MUST carry its `index`, `id`, `type: "function"` and `function.name`; clients key the call on them.',
  run: (ctx) =>
    onToolCalls(ctx, (call, choice, stream) => {
      const { position, fragment } = call.fragments[0]!
      const fn = isPlainObject(fragment.function) ? fragment.function : {}
      const missing: string[] = []
      if (typeof fragment.id !== 'string' || fragment.id === '') missing.push(`id (${show(fragment.id)})`)
      if (fragment.type !== 'function') missing.push(`type "function" (${show(fragment.type)})`)
      if (typeof fn.name !== 'string' || fn.name === '') missing.push(`function.name (${show(fn.name)})`)
      return missing.length === 0
        ? []
        : [finding(`${label(choice, call)}: the first fragment lacks ${missing.join(', ')}`, { at: atChunk(stream, position), actual: fragment })]
    }),
})

export const laterFragments = defineCheck({
  id: 'stream.tool-calls.later-fragments',
  title: 'Later fragments carry only argument text',
  level: 'required',
  spec: schemaRef(OP, TOOL_CALL_CHUNK),
  description: 'After the first, a tool call\'s fragments MUST carry only `index` and `function.arguments` text: a repeated id or name makes accumulating clients concatenate it ("callcall", "get_weatherget_weather").',
  run: (ctx) =>
    onToolCalls(ctx, (call, choice, stream) =>
      call.fragments.slice(1).flatMap(({ position, fragment }) => {
        const fn = isPlainObject(fragment.function) ? fragment.function : {}
        const repeated = [
          ...(fragment.id != null ? ['id'] : []),
          ...(fragment.type != null ? ['type'] : []),
          ...(fn.name != null ? ['function.name'] : []),
        ]
        return repeated.length === 0 ? [] : [finding(`${label(choice, call)}: a later fragment repeats ${repeated.join(', ')}`, { at: atChunk(stream, position), actual: fragment })]
      }),
    ),
})

export const indices = defineCheck({
  id: 'stream.tool-calls.indices',
  title: 'Tool call indices start at 0 and are contiguous',
  level: 'required',
  spec: schemaRef(OP, TOOL_CALL_CHUNK, 'properties', 'index'),
  description: 'Each fragment MUST carry the integer `index` of its call; a choice\'s calls are numbered 0, 1, 2 … in the order they start (the SDK stores them by index).',
  run: (ctx) =>
    onStream(ctx, (stream) => {
      const withCalls = stream.choices.filter((choice) => choice.toolCalls.length > 0)
      if (withCalls.length === 0) return skip('the stream carried no tool calls')
      return capFindings(
        withCalls.flatMap((choice) => {
          const seen = choice.toolCalls.map((call) => call.index)
          const expected = seen.map((_, i) => i)
          return seen.every((index, i) => index === expected[i])
            ? []
            : [finding(`choice ${choice.index}: tool call indices are ${show(seen)} in order of appearance, expected ${show(expected)}`, { at: atChunk(stream, choice.toolCalls[0]!.fragments[0]!.position), actual: seen, expected })]
        }),
      )
    }),
})

export const argumentsJson = defineCheck({
  id: 'stream.tool-calls.arguments-json',
  title: 'The concatenated arguments are JSON',
  level: 'recommended',
  spec: schemaRef(OP, TOOL_CALL_CHUNK, 'properties', 'function', 'properties', 'arguments'),
  description: 'Each fragment\'s `function.arguments` MUST be a string, and a call\'s fragments concatenated SHOULD parse as JSON (the arguments object).',
  notes: 'The spec warns that "the model does not always generate valid JSON", so unparseable text is a warning; a fragment that is not a string also fails the chunk schema.',
  run: (ctx) =>
    onToolCalls(ctx, (call, choice, stream) => {
      if (call.nonStringArguments.length > 0) {
        const position = call.nonStringArguments[0]!
        return [finding(`${label(choice, call)}: function.arguments is not a string fragment`, { at: atChunk(stream, position), actual: call.fragments.find((f) => f.position === position)?.fragment })]
      }
      try {
        JSON.parse(call.arguments)
        return []
      } catch (error) {
        return [finding(`${label(choice, call)}: the concatenated arguments are not JSON (${(error as Error).message})`, { actual: call.arguments })]
      }
    }),
})

export const toolCallsFinishReason = defineCheck({
  id: 'stream.tool-calls.finish-reason',
  title: 'A choice that calls tools finishes with "tool_calls"',
  level: 'required',
  spec: schemaRef(OP, 'CreateChatCompletionStreamResponse', 'properties', 'choices', 'items', 'properties', 'finish_reason'),
  description: 'A choice that streamed tool calls MUST finish with finish_reason "tool_calls" ("if the model called a tool").',
  notes:
    'When tool_choice forces a call (named or "required"), OpenAI itself finishes with "stop" (recorded: real-traffic stream-include_usage-tools-toolcall__03; Mirascope#256), so "stop" is accepted there, as in tools.finish-reason.',
  run: (ctx) =>
    onStream(ctx, (stream) => {
      const withCalls = stream.choices.filter((choice) => choice.toolCalls.length > 0)
      if (withCalls.length === 0) return skip('the stream carried no tool calls')
      const accepted = toolCallFinishReasons(ctx.request)
      return withCalls.flatMap((choice) => {
        const finish = choice.finishes[0]
        // A choice that never finished is stream.finish.once's to report.
        if (!finish || accepted.includes(finish.reason as string)) return []
        return [finding(`choice ${choice.index} called a tool but finished with ${show(finish.reason)}, expected ${accepted.map((r) => `"${r}"`).join(' or ')}`, { at: atChunk(stream, finish.position), actual: finish.reason })]
      })
    }),
})

export const STREAM_TOOL_CALL_CHECKS = [toolCallsForced, firstFragment, laterFragments, indices, argumentsJson, toolCallsFinishReason]
