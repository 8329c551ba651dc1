/**
 * The rules on what an assistant message carries beside its text, shared by a non-streamed
 * message and the message a stream's deltas assemble to (the stream side passes the
 * assembled members in the same shape):
 *
 * - members nobody asked for: `tool_calls` or `function_call` in answer to a request that
 *   offered no tools or functions, `audio` without audio output requested;
 * - placeholders: a member present with a zero value (`tool_calls: []`, `refusal: ""`,
 *   `function_call: {name: ""}`, `audio: {id: ""}`) where the API omits it or sends null;
 * - content next to a refusal: OpenAI sends one or the other.
 */
import { finding } from '../../../core/define.ts'
import type { Finding } from '../../../core/types.ts'
import { isPlainObject, show } from '../../shared/body.ts'

/** The request offered tools (any kind) or legacy functions: a call may come back. */
export function offersCalls(request: Record<string, unknown>): { tools: boolean; functions: boolean } {
  return {
    tools: Array.isArray(request.tools) && request.tools.length > 0,
    functions: Array.isArray(request.functions) && request.functions.length > 0,
  }
}

/** The request asked for audio output (`modalities` with "audio", or the `audio` parameter). */
export function requestsAudio(request: Record<string, unknown>): boolean {
  return (Array.isArray(request.modalities) && request.modalities.includes('audio')) || isPlainObject(request.audio)
}

/** A `function_call` or `audio` object whose identifying member is empty or missing: a default-initialised struct. */
function isZeroObject(value: unknown, key: 'name' | 'id'): boolean {
  return isPlainObject(value) && (value[key] === undefined || value[key] === '' || value[key] === null)
}

/** The placeholder members of a message: present with a zero value where the API omits them or sends null. */
export function placeholderFindings(message: Record<string, unknown>, at: string, label: string): Finding[] {
  const out: Finding[] = []
  if (Array.isArray(message.tool_calls) && message.tool_calls.length === 0)
    out.push(
      finding(`${label}: tool_calls is [] (omit it when the message calls no tool)`, {
        at: `${at}/tool_calls`,
        actual: [],
      }),
    )
  if (message.refusal === '')
    out.push(finding(`${label}: refusal is "" (null when not refusing)`, { at: `${at}/refusal`, actual: '' }))
  if (isZeroObject(message.function_call, 'name'))
    out.push(
      finding(`${label}: function_call is ${show(message.function_call)}, a call of no function (omit it)`, {
        at: `${at}/function_call`,
        actual: message.function_call,
      }),
    )
  if (isZeroObject(message.audio, 'id'))
    out.push(
      finding(`${label}: audio is ${show(message.audio)}, audio with no id (omit it, or null)`, {
        at: `${at}/audio`,
        actual: message.audio,
      }),
    )
  return out
}

/**
 * The members of a message the request did not ask for: tool calls with no tools offered, a
 * function call with no functions offered, audio without audio output requested. Placeholder
 * (zero-value) members are placeholderFindings', not these.
 */
export function unrequestedFindings(
  message: Record<string, unknown>,
  request: Record<string, unknown>,
  at: string,
  label: string,
): Finding[] {
  const offers = offersCalls(request)
  const out: Finding[] = []
  if (!offers.tools && Array.isArray(message.tool_calls) && message.tool_calls.length > 0)
    out.push(
      finding(
        `${label} carries ${message.tool_calls.length} tool call(s) although the request offered no tools: ${show(message.tool_calls, 100)}`,
        { at: `${at}/tool_calls`, actual: message.tool_calls },
      ),
    )
  if (!offers.functions && isPlainObject(message.function_call) && !isZeroObject(message.function_call, 'name'))
    out.push(
      finding(
        `${label} carries function_call ${show(message.function_call, 100)} although the request offered no functions`,
        { at: `${at}/function_call`, actual: message.function_call },
      ),
    )
  if (!requestsAudio(request) && isPlainObject(message.audio) && !isZeroObject(message.audio, 'id'))
    out.push(
      finding(`${label} carries audio ${show(message.audio, 100)} although the request did not ask for audio output`, {
        at: `${at}/audio`,
        actual: message.audio,
      }),
    )
  return out
}

/** A message with both text content and a refusal (both non-empty strings). */
export function refusalBesideContentFindings(content: unknown, refusal: unknown, at: string, label: string): Finding[] {
  if (typeof content !== 'string' || content === '' || typeof refusal !== 'string' || refusal === '') return []
  return [
    finding(
      `${label} carries both content ${show(content, 60)} and refusal ${show(refusal, 60)}: a refusing message has content null, so a client that reads one of them misses the other`,
      { at, actual: { content, refusal } },
    ),
  ]
}
