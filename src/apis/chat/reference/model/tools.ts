/**
 * Function calling: whether the model calls tools, which ones, how many times, and with
 * what arguments; and its answer once the tool results are in.
 *
 * The rules are the prompt conventions the tools suite uses (and a competent small model
 * follows): the prompt names the tool to use ("Use the get_weather tool"), and says
 * "twice" / "once for each" when it needs two calls.
 *
 * - tool_choice "none" (or no tools): no call.
 * - A named tool_choice: that function. "required": the tools the prompt names, else the
 *   first declared one. "auto": the tools the prompt names, else no call.
 * - After tool results (the last message is a tool message), "auto" answers in text,
 *   quoting the results.
 * - Two calls of a tool when the prompt asks for two and parallel calls are allowed; one
 *   call at most with `parallel_tool_calls: false`.
 * - Arguments are generated from the tool's declared parameters, so they validate.
 */
import { jsonFromSchema } from './json-from-schema.ts'
import { lastUserText, messageText } from './prompt.ts'
import { tokenizeJson } from './structured.ts'

export interface ToolDeclaration {
  name: string
  /** The JSON Schema of the arguments; undefined means no parameters. */
  parameters: unknown
}

export type ToolChoiceParam = 'none' | 'auto' | 'required' | { name: string }

export interface ToolParams {
  tools: readonly ToolDeclaration[]
  toolChoice: ToolChoiceParam
  parallelToolCalls: boolean
}

export interface PlannedToolCall {
  name: string
  /** JSON-encoded arguments. */
  arguments: string
  /** The arguments as the tokens a stream sends; they join to `arguments`. */
  argumentTokens: string[]
}

const ASKS_FOR_TWO = /\b(?:twice|once for each|two (?:separate |parallel )?(?:tool |function )?calls)\b/i

/** The calls the model makes, or null when it answers in text. */
export function planToolCalls(messages: readonly unknown[], params: ToolParams): PlannedToolCall[] | null {
  const { tools, toolChoice } = params
  if (tools.length === 0 || toolChoice === 'none') return null
  const forced = toolChoice !== 'auto'
  if (!forced && lastRole(messages) === 'tool') return null
  const prompt = lastUserText(messages)
  let names = typeof toolChoice === 'object' ? [toolChoice.name] : namedIn(prompt, tools)
  if (names.length === 0) {
    if (toolChoice === 'auto') return null
    names = [tools[0]!.name]
  }
  if (names.length === 1 && ASKS_FOR_TWO.test(prompt)) names = [names[0]!, names[0]!]
  if (!params.parallelToolCalls) names = names.slice(0, 1)
  return names.map((name, i) => {
    const parameters = tools.find((tool) => tool.name === name)?.parameters ?? { type: 'object', properties: {} }
    const text = JSON.stringify(jsonFromSchema(parameters, { seed: `${prompt}#${i}` }))
    return { name, arguments: text, argumentTokens: tokenizeJson(text) }
  })
}

/** The answer after tool results: the trailing tool messages' content, quoted. */
export function toolResultsReply(messages: readonly unknown[]): string | null {
  const results: string[] = []
  for (let i = messages.length - 1; i >= 0 && roleOf(messages[i]) === 'tool'; i--)
    results.unshift(messageText(messages[i]))
  return results.length === 0 ? null : `The tool returned: ${results.join('; ')}`
}

/** Declared tools the prompt mentions by name, in the order it mentions them. */
function namedIn(prompt: string, tools: readonly ToolDeclaration[]): string[] {
  return tools
    .map((tool) => ({
      name: tool.name,
      at: prompt.search(new RegExp(`(?<![\\w-])${escapeRegExp(tool.name)}(?![\\w-])`)),
    }))
    .filter((found) => found.at !== -1)
    .sort((a, b) => a.at - b.at)
    .map((found) => found.name)
}

function lastRole(messages: readonly unknown[]): unknown {
  return roleOf(messages.at(-1))
}

function roleOf(message: unknown): unknown {
  return (message as { role?: unknown } | null | undefined)?.role
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
