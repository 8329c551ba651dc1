/**
 * Function calling and structured outputs as the `tools.*` and `structured.*` checks read
 * them: what the request declared (tools, tool_choice, response_format) and what each
 * choice ended up with (content, refusal, finish reason, tool calls).
 *
 * A choice is read from either form of a completion: the message of a non-streamed one, or
 * the message a stream's deltas assemble to (./stream.ts). One reading, so the same rules
 * judge both: streamed tool calls and streamed JSON must assemble to what a non-streamed
 * message carries.
 */
import { skip } from '../../core/define.ts'
import type { CheckContext, Finding } from '../../core/types.ts'
import { validateAgainst } from '../../spec/index.ts'
import { successObject, type Applicable } from '../shared/applicability.ts'
import { isPlainObject, show } from '../shared/body.ts'
import { atChunk, eventStream, type ChoiceAssembly, type ParsedStream, type ToolCallAssembly } from './stream.ts'

// ---------------------------------------------------------------------------------------
// What the request declared

/**
 * The request as the endpoint received it: the JSON body on the wire. It differs from the
 * case's declared body where the SDK builds part of it (the zod helpers turn named schemas
 * into tools and response formats); the case's body is the fallback when none was captured.
 */
export function sentRequest(ctx: CheckContext<any>): Record<string, unknown> {
  const body = ctx.exchange.request.body
  return isPlainObject(body) ? body : ctx.request
}

/** A function tool the request declared. */
export interface DeclaredTool {
  name: string
  /** `function.parameters`; absent means "no parameters" (an empty object). */
  parameters: Record<string, unknown> | undefined
  /** `function.strict: true`: OpenAI guarantees the arguments match `parameters`. */
  strict: boolean
}

/** The function tools of a request, by name (custom tools are not function calls and are left out). */
export function declaredTools(request: Record<string, unknown>): Map<string, DeclaredTool> {
  const tools = new Map<string, DeclaredTool>()
  if (!Array.isArray(request.tools)) return tools
  for (const tool of request.tools) {
    if (!isPlainObject(tool) || tool.type !== 'function' || !isPlainObject(tool.function)) continue
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

/** `response_format` as these checks judge it. */
export type ResponseFormat =
  /** OpenAI's structured outputs: `{type: "json_schema", json_schema: {name, schema, strict}}`. */
  | { kind: 'json_schema'; name: unknown; schema: Record<string, unknown> | undefined; strict: boolean }
  /** JSON mode: `{type: "json_object"}`. */
  | { kind: 'json_object' }
  /** A vendor dialect: `{type: "json_schema", schema}` with the schema at the top level (not OpenAI's shape). */
  | { kind: 'vendor_schema'; schema: Record<string, unknown> }

export function responseFormat(request: Record<string, unknown>): ResponseFormat | null {
  const format = request.response_format
  if (!isPlainObject(format)) return null
  if (format.type === 'json_object') return { kind: 'json_object' }
  if (format.type !== 'json_schema') return null
  if (isPlainObject(format.json_schema)) {
    const config = format.json_schema
    return {
      kind: 'json_schema',
      name: config.name,
      schema: isPlainObject(config.schema) ? config.schema : undefined,
      strict: config.strict === true,
    }
  }
  return isPlainObject(format.schema) ? { kind: 'vendor_schema', schema: format.schema } : null
}

/** The request is streamed: its choices are read from the assembled deltas. */
export function isStreamed(request: Record<string, unknown>): boolean {
  return request.stream === true
}

// ---------------------------------------------------------------------------------------
// What each choice ended up with

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
    return 'skip' in stream
      ? stream
      : { value: stream.value.choices.map((choice) => streamedChoice(choice, stream.value)) }
  }
  const body = successObject(ctx.exchange)
  if ('skip' in body) return body
  const list = Array.isArray(body.value.choices) ? body.value.choices : []
  return { value: list.flatMap((choice, i) => (isPlainObject(choice) ? [messageChoice(choice, i)] : [])) }
}

function messageChoice(choice: Record<string, unknown>, position: number): ChoiceView {
  const at = `/choices/${position}/message`
  const message = isPlainObject(choice.message) ? choice.message : {}
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : []
  return {
    index: typeof choice.index === 'number' ? choice.index : position,
    at,
    content: message.content,
    refusal: nonEmptyString(message.refusal),
    rawRefusal: message.refusal,
    finishReason: choice.finish_reason,
    toolCalls: calls.map((call, j) => {
      const fn = isPlainObject(call) && isPlainObject(call.function) ? call.function : {}
      return {
        at: `${at}/tool_calls/${j}`,
        id: isPlainObject(call) ? call.id : undefined,
        type: isPlainObject(call) ? call.type : undefined,
        name: fn.name,
        arguments: fn.arguments,
      }
    }),
  }
}

function streamedChoice(choice: ChoiceAssembly, stream: ParsedStream): ChoiceView {
  const first = choice.entries[0]
  return {
    index: choice.index,
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

// ---------------------------------------------------------------------------------------
// Arguments and JSON content

export type ParsedJson = { ok: true; value: unknown } | { ok: false; problem: string }

/** A tool call's `arguments` read as the JSON object it must be. */
export function parseArguments(raw: unknown): ParsedJson {
  if (typeof raw !== 'string') return { ok: false, problem: `arguments is ${show(raw)}, not a JSON string` }
  const parsed = readJsonText(raw)
  if (!parsed.ok) return { ok: false, problem: `arguments ${parsed.problem}` }
  return isPlainObject(parsed.value)
    ? parsed
    : { ok: false, problem: `arguments is JSON but not an object: ${show(parsed.value)}` }
}

const FENCE = /^\s*```/

/**
 * Text that must be exactly one JSON value (whitespace around it allowed, as JSON's grammar
 * does). When it is not, says why in the words of the common deviations: a markdown code
 * fence, prose before the JSON, text after it.
 */
export function readJsonText(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    if (FENCE.test(text)) return { ok: false, problem: `is wrapped in a markdown code fence: ${show(text, 80)}` }
    const start = text.search(/[{[]/)
    if (start > 0 && text.slice(0, start).trim() !== '') {
      return { ok: false, problem: `has prose before the JSON: ${show(text.slice(0, Math.min(start, 60)))}` }
    }
    return { ok: false, problem: `is not a single JSON value (${(error as Error).message}): ${show(text, 80)}` }
  }
}

/**
 * Validates a value against a schema the request declared (tool parameters, a json_schema
 * response format). `$schema` is dropped first: the SDK's zod helpers stamp draft-07 on
 * their schemas, and our validator is 2020-12; for the subset OpenAI's strict mode allows
 * the two drafts agree. A schema that does not compile is reported as such, never as the
 * endpoint's fault.
 */
export function declaredSchemaFindings(
  schema: Record<string, unknown>,
  value: unknown,
  at: string,
  label: string,
): Finding[] | { skip: string } {
  const { $schema: _draft, ...rest } = schema
  let errors: ReturnType<typeof validateAgainst>
  try {
    errors = validateAgainst(rest, value)
  } catch (error) {
    return skip(`the ${label} schema the request declared does not compile (${(error as Error).message})`)
  }
  return errors.map((error) => ({
    message: `${label}: ${error.message}`,
    at: `${at}${error.path ? ` ${error.path}` : ''}`,
    actual: value,
  }))
}

// ---------------------------------------------------------------------------------------
// Canonical request forms

/** The request's messages (empty when it has none). */
export function requestMessages(request: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(request.messages) ? request.messages.filter(isPlainObject) : []
}

/** An assistant message that carried tool calls. */
export function isToolCallMessage(message: Record<string, unknown>): boolean {
  return message.role === 'assistant' && Array.isArray(message.tool_calls) && message.tool_calls.length > 0
}

/** OpenAI's own tool call id format: `call_` and 24 letters or digits. */
export const OPENAI_CALL_ID = /^call_[A-Za-z0-9]{24}$/

/**
 * The name of the related exchange a canonical-form case sends beside its main one: the same
 * conversation in the most compatible form, so a rejection of the main request can be
 * blamed on the one form it varies (and not on the rest of the conversation).
 */
export const BASELINE_EXCHANGE = 'baseline'

/**
 * The message of an error response: OpenAI's envelope (`{error: {message}}`) or the flat
 * shape some vendors send (Mistral, vLLM: `{object: "error", message}`).
 */
export function errorMessage(body: unknown): string | undefined {
  if (!isPlainObject(body)) return undefined
  const message = isPlainObject(body.error)
    ? body.error.message
    : typeof body.error === 'string'
      ? body.error
      : body.message
  return typeof message === 'string' ? message : undefined
}

// ---------------------------------------------------------------------------------------
// Tool calls left in content

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
