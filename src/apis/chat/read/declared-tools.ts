/**
 * What a request declared about function calling: its function tools, `tool_choice` and
 * `parallel_tool_calls`, and what they promise about the calls that come back.
 */
import { isPlainObject } from '../../shared/body.ts'
import type { ChoiceView } from './completion-choices.ts'

/** A function tool the request declared. */
export interface DeclaredTool {
  name: string
  /** `function.parameters`; absent means "no parameters" (an empty object). */
  parameters: Record<string, unknown> | undefined
  /** `function.strict: true`: OpenAI guarantees the arguments match `parameters`. */
  strict: boolean
}

/**
 * A function tool: `type: "function"` with a `function` member, or a `function` member and no
 * `type` at all (some vendors' APIs and SDKs leave the type out; only a function tool has one).
 */
function isFunctionTool(tool: unknown): tool is { function: Record<string, unknown> } {
  if (!isPlainObject(tool) || !isPlainObject(tool.function)) return false
  return tool.type === 'function' || tool.type === undefined
}

/** The function tools of a request, by name (custom tools are not function calls and are left out). */
export function declaredTools(request: Record<string, unknown>): Map<string, DeclaredTool> {
  const tools = new Map<string, DeclaredTool>()
  if (!Array.isArray(request.tools)) return tools
  for (const tool of request.tools) {
    if (!isFunctionTool(tool)) continue
    const fn = tool.function
    if (typeof fn.name !== 'string') continue
    tools.set(fn.name, {
      name: fn.name,
      parameters: isPlainObject(fn.parameters) ? fn.parameters : undefined,
      strict: fn.strict === true,
    })
  }
  return tools
}

/**
 * `tool_choice` as the API defines it: "none" is the default without tools, "auto" with
 * them. `other` is any form these checks do not judge (allowed_tools, custom tools).
 */
export type ToolChoice =
  | { kind: 'none' }
  | { kind: 'auto' }
  | { kind: 'required' }
  | { kind: 'named'; name: string }
  | { kind: 'other' }

export function toolChoice(request: Record<string, unknown>): ToolChoice {
  const choice = request.tool_choice
  if (choice === undefined || choice === null)
    return declaredTools(request).size > 0 ? { kind: 'auto' } : { kind: 'none' }
  if (choice === 'none' || choice === 'auto' || choice === 'required') return { kind: choice }
  if (
    isPlainObject(choice) &&
    choice.type === 'function' &&
    isPlainObject(choice.function) &&
    typeof choice.function.name === 'string'
  ) {
    return { kind: 'named', name: choice.function.name }
  }
  return { kind: 'other' }
}

/** The request sent `parallel_tool_calls: false`. */
export function parallelCallsDisabled(request: Record<string, unknown>): boolean {
  return request.parallel_tool_calls === false
}

/**
 * Whether OpenAI's strict guarantee covers the calls of this choice: "Structured Outputs is
 * not compatible with parallel function calls. When a parallel function call is generated,
 * it may not match supplied schemas." So it holds for a message with one call, or when the
 * request sent `parallel_tool_calls: false`; several calls in one message are best effort.
 */
export function strictGuaranteed(choice: ChoiceView, request: Record<string, unknown>): boolean {
  return choice.toolCalls.length <= 1 || parallelCallsDisabled(request)
}

/**
 * The finish reasons a choice that called tools may carry. "tool_calls" always; "stop" too
 * when the request forced the call (tool_choice "required" or a named function): OpenAI
 * itself finishes forced calls with "stop" (recorded: real-traffic
 * stream-include_usage-tools-toolcall__03 for a named function; Mirascope#256 and aviary#60
 * report it for "required").
 */
export function toolCallFinishReasons(request: Record<string, unknown>): readonly string[] {
  const kind = toolChoice(request).kind
  return kind === 'named' || kind === 'required' ? ['tool_calls', 'stop'] : ['tool_calls']
}
