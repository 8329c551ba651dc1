/**
 * Tool calls left in content: a call the model made that the server's tool parser did not
 * turn into `tool_calls` (chat-template markup, or a JSON object naming a declared tool).
 */
import { skip } from '../../../core/define.ts'
import type { CheckContext, CheckResult, Finding } from '../../../core/types.ts'
import { isPlainObject } from '../../shared/body.ts'
import type { ChoiceView } from './completion-choices.ts'
import { declaredTools, type DeclaredTool } from './declared-tools.ts'
import { sentRequest } from './request.ts'

/**
 * Chat-template tool-call markup that a server's tool parser turns into `tool_calls`. In
 * content it means the parser did not run (not configured, or not matching the model's
 * template): unambiguous, because no prose contains these tokens.
 */
const TOOL_CALL_MARKUP: ReadonlyArray<{ pattern: RegExp; format: string }> = [
  { pattern: /<tool_call>/, format: 'Hermes / Qwen <tool_call> markup' },
  { pattern: /<\|python_tag\|>/, format: 'Llama 3.1 <|python_tag|> markup' },
  { pattern: /\[TOOL_CALLS\]/, format: 'Mistral [TOOL_CALLS] markup' },
  { pattern: /<function=[\w.-]+>/, format: 'Llama 3.1 / Functionary <function=…> markup' },
  { pattern: /<｜tool▁calls?▁begin｜>/u, format: 'DeepSeek <｜tool▁calls▁begin｜> markup' },
  { pattern: /<\|tool_calls_section_begin\|>/, format: 'Kimi K2 <|tool_calls_section_begin|> markup' },
  { pattern: /<\|channel\|>commentary to=functions\./, format: 'harmony (gpt-oss) "to=functions." markup' },
]

/** How much content is searched for JSON objects, and how many openings are tried: content is short, this bounds the worst case. */
const JSON_SCAN_CHARS = 50_000
const JSON_SCAN_OPENINGS = 500

/** A tool call found in text content: in which form, and the text that shows it. */
export interface LeakedToolCall {
  form: string
  excerpt: string
}

/**
 * A tool call written into `content` instead of `tool_calls`: chat-template markup, or a
 * JSON object naming a declared tool with its arguments (`{"name": "get_weather",
 * "arguments" | "parameters": …}`, also inside a `function` member or a list). Null for
 * anything else, plain prose about a tool included.
 */
export function leakedToolCall(content: unknown, tools: ReadonlyMap<string, DeclaredTool>): LeakedToolCall | null {
  if (typeof content !== 'string' || content === '') return null
  for (const { pattern, format } of TOOL_CALL_MARKUP) {
    const at = content.search(pattern)
    if (at !== -1) return { form: format, excerpt: content.slice(at, at + 120) }
  }
  for (const { value, text } of jsonObjectsIn(content)) {
    const name = declaredCallIn(value, tools, 0)
    if (name !== null) return { form: `a JSON object calling ${name}`, excerpt: text.slice(0, 120) }
  }
  return null
}

/** Skips a model-behaviour check where a call was left in content (tools.call.not-in-content judges it). */
export function unlessLeaked(
  ctx: CheckContext<any>,
  choices: readonly ChoiceView[],
  rule: () => Finding[],
): CheckResult {
  const leaked = leakIn(choices, declaredTools(sentRequest(ctx)))
  if (leaked)
    return skip(
      `${leaked.choice.label} carries a tool call as text in content (${leaked.leak.form}); see tools.call.not-in-content`,
    )
  return rule()
}

/**
 * The first tool call a choice without tool_calls left in its content, if any: such a choice
 * is tools.call.not-in-content's failure, not the model choosing text.
 */
function leakIn(
  choices: readonly ChoiceView[],
  tools: ReadonlyMap<string, DeclaredTool>,
): { choice: ChoiceView; leak: LeakedToolCall } | null {
  for (const choice of choices) {
    const leak = choice.toolCalls.length === 0 ? leakedToolCall(choice.content, tools) : null
    if (leak) return { choice, leak }
  }
  return null
}

/** The declared tool a JSON value calls (`{name, arguments | parameters}`, looked for a few levels down), or null. */
function declaredCallIn(value: unknown, tools: ReadonlyMap<string, DeclaredTool>, depth: number): string | null {
  if (depth > 4) return null
  if (
    isPlainObject(value) &&
    typeof value.name === 'string' &&
    tools.has(value.name) &&
    ('arguments' in value || 'parameters' in value)
  )
    return value.name
  const members = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : []
  for (const member of members) {
    const found = declaredCallIn(member, tools, depth + 1)
    if (found !== null) return found
  }
  return null
}

/** The JSON objects embedded in text, outermost first (an opening that does not parse is retried further in). */
function* jsonObjectsIn(content: string): Generator<{ value: unknown; text: string }> {
  const text = content.slice(0, JSON_SCAN_CHARS)
  let tries = 0
  for (let start = text.indexOf('{'); start !== -1 && tries < JSON_SCAN_OPENINGS; tries++) {
    const end = closingBrace(text, start)
    if (end !== -1) {
      try {
        yield { value: JSON.parse(text.slice(start, end + 1)), text: text.slice(start, end + 1) }
        start = text.indexOf('{', end + 1)
        continue
      } catch {
        // not JSON from here (prose in braces, a Python literal): try the next opening
      }
    }
    start = text.indexOf('{', start + 1)
  }
}

/** The index of the `}` closing the `{` at `start`, skipping JSON strings; -1 when it is never closed. */
function closingBrace(text: string, start: number): number {
  let depth = 0
  let inString = false
  for (let i = start; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '{') depth++
    else if (c === '}' && --depth === 0) return i
  }
  return -1
}
