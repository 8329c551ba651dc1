/**
 * What each choice of a completion ended up with: content, refusal, finish reason and tool
 * calls, as the `tools.*` and `structured.*` checks read them.
 *
 * A choice is read from either form of a completion: the message of a non-streamed one, or
 * the message a stream's deltas assemble to (../stream/assemble.ts). One reading, so the
 * same rules judge both: streamed tool calls and streamed JSON must assemble to what a
 * non-streamed message carries.
 */
import { skip } from '../../../core/define.ts'
import type { CheckContext, CheckResult } from '../../../core/types.ts'
import { successObject, type Applicable } from '../../shared/applicability.ts'
import { isPlainObject, show } from '../../shared/body.ts'
import { eventStream } from '../stream/applicability.ts'
import type { ChoiceAssembly, ToolCallAssembly } from '../stream/assemble.ts'
import type { ParsedStream } from '../stream/parse.ts'
import { atChunk } from '../stream/pointers.ts'
import { COMPLETION_SCHEMA_CHECK, readChoices } from './completion-body.ts'
import { either, isArray, isNull, isObject, isString, jsonType, readMember, unreadable } from './members.ts'
import { isStreamed, sentRequest } from './request.ts'
import { unreadableChoices } from './stream-chunks.ts'

/** One tool call, as a non-streamed message carries it or as its stream fragments assemble. */
export interface ToolCallView {
  /** Where it is, for findings: `/choices/0/message/tool_calls/1`, or `sse event 3` (its first fragment). */
  at: string
  id: unknown
  type: unknown
  name: unknown
  /** `function.arguments` as sent; for a stream, the string fragments concatenated. */
  arguments: unknown
}

export interface ChoiceView {
  index: number
  /** How findings name it: `choice 0` by position, `choice 1 (index 7)` with a bogus index; a stream's by its index. */
  label: string
  /** Where the message is, for findings. */
  at: string
  /** The message content; for a stream, the concatenated deltas ('' when there were none). */
  content: unknown
  /** A non-empty refusal string, or null. */
  refusal: string | null
  /** The `refusal` member as sent (non-streamed), for the shape check; undefined for streams. */
  rawRefusal: unknown
  finishReason: unknown
  toolCalls: ToolCallView[]
}

/** Every choice of the exchange's completion (streamed or not), or why there is none to read. */
export function completionChoices(ctx: CheckContext<any>): Applicable<ChoiceView[]> {
  if (isStreamed(sentRequest(ctx))) {
    const stream = eventStream(ctx.exchange)
    if ('skip' in stream) return stream
    const unreadable = unreadableChoices(stream.value)
    if (unreadable) return unreadable
    return { value: stream.value.choices.map((choice) => streamedChoice(choice, stream.value)) }
  }
  const body = successObject(ctx.exchange)
  if ('skip' in body) return body
  const read = readChoices(body.value)
  if ('skip' in read) return read
  const views: ChoiceView[] = []
  for (const { position, choice, message, label } of read.value) {
    const view = messageChoice(choice, message, position, label)
    if ('skip' in view) return view
    views.push(view.value)
  }
  return { value: views }
}

/**
 * Runs `rule` on every choice of the completion (streamed or not), or skips when there is
 * none: a completion without choices has nothing to judge (the choices-count check reports it).
 */
export function onChoices(ctx: CheckContext<any>, rule: (choices: ChoiceView[]) => CheckResult): CheckResult {
  const choices = completionChoices(ctx)
  if ('skip' in choices) return choices
  if (choices.value.length === 0)
    return skip(
      `the completion has no choices to judge; see ${isStreamed(sentRequest(ctx)) ? 'stream.choices.count' : 'chat.choices.indices'}`,
    )
  return rule(choices.value)
}

/** A message's members the checks read, with their types: a wrong type makes the choice unreadable. */
function messageChoice(
  choice: Record<string, unknown>,
  message: Record<string, unknown>,
  position: number,
  label: string,
): Applicable<ChoiceView> {
  const at = `/choices/${position}/message`
  const where = `choices[${position}].message`
  const content = readMember(message, 'content', either(either(isString, isNull), isArray))
  if (content.state === 'wrong-type') return unreadable(`${where}.content`, content.seen, COMPLETION_SCHEMA_CHECK)
  const calls = readMember(message, 'tool_calls', either(isArray, isNull))
  if (calls.state === 'wrong-type') return unreadable(`${where}.tool_calls`, calls.seen, COMPLETION_SCHEMA_CHECK)
  const toolCalls: ToolCallView[] = []
  for (const [j, call] of (calls.state === 'present' ? (calls.value ?? []) : []).entries()) {
    if (!isObject(call)) return unreadable(`${where}.tool_calls[${j}]`, jsonType(call), COMPLETION_SCHEMA_CHECK)
    const fn = readMember(call, 'function', isObject)
    if (fn.state === 'wrong-type')
      return unreadable(`${where}.tool_calls[${j}].function`, fn.seen, COMPLETION_SCHEMA_CHECK)
    const fields = fn.state === 'present' ? fn.value : {}
    toolCalls.push({
      at: `${at}/tool_calls/${j}`,
      id: call.id,
      type: call.type,
      name: fields.name,
      arguments: fields.arguments,
    })
  }
  return {
    value: {
      index: typeof choice.index === 'number' ? choice.index : position,
      label,
      at,
      content: message.content,
      refusal: nonEmptyString(message.refusal),
      rawRefusal: message.refusal,
      finishReason: choice.finish_reason,
      toolCalls,
    },
  }
}

function streamedChoice(choice: ChoiceAssembly, stream: ParsedStream): ChoiceView {
  const first = choice.entries[0]
  return {
    index: choice.index,
    label: `choice ${choice.index}`,
    at: `stream choice ${choice.index}${first ? ` (from ${atChunk(stream, first.position)})` : ''}`,
    content: choice.content,
    refusal: nonEmptyString(choice.refusal),
    rawRefusal: undefined,
    finishReason: choice.finishes[0]?.reason ?? null,
    toolCalls: choice.toolCalls.map((call) => streamedCall(call, stream)),
  }
}

/** A streamed call: arguments that were not all string fragments are reported as sent, not joined. */
function streamedCall(call: ToolCallAssembly, stream: ParsedStream): ToolCallView {
  const position = call.fragments[0]?.position ?? 0
  const nonString = call.nonStringArguments.length > 0
  const fn = (fragment: Record<string, unknown>) => (isPlainObject(fragment.function) ? fragment.function : {})
  return {
    at: `${atChunk(stream, position)} (tool call ${show(call.index)})`,
    id: call.id,
    type: call.type,
    name: call.name,
    arguments: nonString ? call.fragments.map(({ fragment }) => fn(fragment).arguments) : call.arguments,
  }
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

/** Where a choice's content is, for findings about it. */
export function contentAt(choice: ChoiceView): string {
  return choice.at.endsWith('/message') ? `${choice.at}/content` : choice.at
}

/** Choices that returned at least one tool call. */
export function withToolCalls(choices: readonly ChoiceView[]): ChoiceView[] {
  return choices.filter((choice) => choice.toolCalls.length > 0)
}

/** The names a choice's tool calls called, for findings: `"get_weather", "get_time"`. */
export function calledNames(choice: ChoiceView): string {
  return choice.toolCalls.map((call) => show(call.name)).join(', ')
}
