/**
 * Function calling: the tool calls a completion returns, what `tool_choice` and
 * `parallel_tool_calls` promise about them, the round trip with tool results, and the
 * canonical request forms a conversation with tools uses.
 *
 * Protocol and model behaviour are kept apart (issue 4, §3): a malformed call, a forbidden
 * call, a missing forced call, a call left as text in content or arguments that break a
 * strict schema are failures; a model that chose not to call a tool under "auto", or made
 * one call where two were asked for, is a warning that says so.
 */
import { defineCheck, finding, skip } from '../../../core/define.ts'
import type { CheckContext, CheckResult, Finding } from '../../../core/types.ts'
import type { Exchange } from '../../../core/exchange.ts'
import { isPlainObject, isSuccess, jsonBody, show } from '../../shared/body.ts'
import { parseHelperCompletion } from '../sdk-parse.ts'
import { schemaRef } from '../../shared/spec.ts'
import {
  BASELINE_EXCHANGE,
  completionChoices,
  contentAt,
  sentRequest,
  declaredSchemaFindings,
  declaredTools,
  errorMessage,
  isStreamed,
  isToolCallMessage,
  leakedToolCall,
  OPENAI_CALL_ID,
  parallelCallsDisabled,
  parseArguments,
  requestMessages,
  strictGuaranteed,
  toolCallFinishReasons,
  toolChoice,
  withToolCalls,
  type ChoiceView,
  type DeclaredTool,
  type LeakedToolCall,
  type ToolCallView,
} from '../tools.ts'

const OP = 'createChatCompletion'
const REQUEST = 'CreateChatCompletionRequest'
const TOOL_CALL = 'ChatCompletionMessageToolCall'

/** OpenAI's function-calling guide, for rules the schema cannot express. */
export const TOOL_DOCS = {
  guide: 'https://platform.openai.com/docs/guides/function-calling',
  toolChoice: 'https://platform.openai.com/docs/guides/function-calling#tool-choice',
  parallel: 'https://platform.openai.com/docs/guides/function-calling#parallel-function-calling',
  strict: 'https://platform.openai.com/docs/guides/function-calling#strict-mode',
  results: 'https://platform.openai.com/docs/guides/function-calling#handling-function-calls',
  sdk: 'https://github.com/openai/openai-node/blob/master/helpers.md#structured-outputs-parsing-helpers',
} as const

/** OpenAI's words on strict schemas and parallel calls (the structured-outputs and function-calling guides). */
const PARALLEL_STRICT_CAVEAT =
  '"Structured Outputs is not compatible with parallel function calls. When a parallel function call is generated, it may not match supplied schemas."'

// ---------------------------------------------------------------------------------------
// Applicability

/** Runs `rule` on every choice of the completion (streamed or not), or skips when there is none. */
function onChoices(ctx: CheckContext<any>, rule: (choices: ChoiceView[]) => CheckResult): CheckResult {
  const choices = completionChoices(ctx)
  return 'skip' in choices ? choices : rule(choices.value)
}

/** Runs `rule` on every tool call of a non-streamed completion (streams: tools.stream.assembled). */
function onMessageToolCalls(
  ctx: CheckContext<any>,
  rule: (call: ToolCallView, tools: Map<string, DeclaredTool>) => Finding[],
): CheckResult {
  if (isStreamed(sentRequest(ctx)))
    return skip('a streamed completion: its assembled tool calls are judged by tools.stream.assembled')
  return onChoices(ctx, (choices) => {
    const calls = withToolCalls(choices).flatMap((choice) => choice.toolCalls)
    if (calls.length === 0) return skip('the completion carried no tool calls')
    const tools = declaredTools(sentRequest(ctx))
    return calls.flatMap((call) => rule(call, tools))
  })
}

// ---------------------------------------------------------------------------------------
// The shape of one tool call: shared by the non-streamed checks and tools.stream.assembled

function idFindings(call: ToolCallView): Finding[] {
  return typeof call.id === 'string' && call.id.trim() !== ''
    ? []
    : [
        finding(
          `tool call id is ${show(call.id)}, expected a non-empty string (tool results are matched to calls by it)`,
          { at: call.at, actual: call.id },
        ),
      ]
}

function typeFindings(call: ToolCallView): Finding[] {
  return call.type === 'function'
    ? []
    : [finding(`tool call type is ${show(call.type)}, expected "function"`, { at: call.at, actual: call.type })]
}

function nameFindings(call: ToolCallView, tools: Map<string, DeclaredTool>): Finding[] {
  if (typeof call.name === 'string' && tools.has(call.name)) return []
  return [
    finding(
      `the call names function ${show(call.name)}, which the request did not declare (declared: ${[...tools.keys()].join(', ') || 'none'})`,
      { at: call.at, actual: call.name, expected: [...tools.keys()] },
    ),
  ]
}

function argumentsStringFindings(call: ToolCallView): Finding[] {
  if (typeof call.arguments === 'string') return []
  const what = Array.isArray(call.arguments)
    ? 'non-string fragments'
    : call.arguments === undefined
      ? 'missing'
      : call.arguments === null
        ? 'null'
        : `${typeof call.arguments === 'object' ? 'an' : 'a'} ${typeof call.arguments}`
  return [
    finding(`function.arguments is ${what}, expected a JSON-encoded string`, { at: call.at, actual: call.arguments }),
  ]
}

/**
 * The arguments parse as a JSON object that validates against the declared parameters.
 * Calls of undeclared functions and non-string arguments are other checks' findings.
 */
function argumentsValidFindings(call: ToolCallView, tool: DeclaredTool): Finding[] | { skip: string } {
  const parsed = parseArguments(call.arguments)
  if (!parsed.ok) return [finding(`${tool.name}: ${parsed.problem}`, { at: call.at, actual: call.arguments })]
  const parameters = tool.parameters ?? { type: 'object', properties: {} }
  return declaredSchemaFindings(parameters, parsed.value, call.at, `${tool.name} arguments`)
}

/**
 * Findings of several judgements, or the first skip among them: a declared schema that does
 * not compile makes the check not apply, it never becomes the endpoint's fault.
 */
function combine(results: ReadonlyArray<Finding[] | { skip: string }>): Finding[] | { skip: string } {
  const skipped = results.find((result) => !Array.isArray(result))
  return skipped ?? results.flatMap((result) => result as Finding[])
}

/** Which calls an arguments check judges: those of a declared tool for which `judges` holds. */
interface ArgumentsScope {
  judges(tool: DeclaredTool, choice: ChoiceView, request: Record<string, unknown>): boolean
  /** What the judged calls are, for the skip reason: "call of a non-strict tool". */
  what: string
}

/** Runs argumentsValidFindings on the calls in `scope` with string arguments; skips when none were judged. */
function argumentsCheck(ctx: CheckContext<any>, scope: ArgumentsScope): CheckResult {
  const request = sentRequest(ctx)
  return onChoices(ctx, (choices) => {
    const tools = declaredTools(request)
    const judged = withToolCalls(choices).flatMap((choice) =>
      choice.toolCalls.flatMap((call) => {
        const tool = typeof call.name === 'string' ? tools.get(call.name) : undefined
        return tool && typeof call.arguments === 'string' && scope.judges(tool, choice, request)
          ? [argumentsValidFindings(call, tool)]
          : []
      }),
    )
    return judged.length === 0 ? skip(`no ${scope.what} with string arguments to judge`) : combine(judged)
  })
}

/** argumentsCheck on a non-streamed completion only (streams: tools.stream.assembled). */
function messageArgumentsCheck(ctx: CheckContext<any>, scope: ArgumentsScope): CheckResult {
  if (isStreamed(sentRequest(ctx)))
    return skip('a streamed completion: its assembled tool calls are judged by tools.stream.assembled')
  return argumentsCheck(ctx, scope)
}

const NON_STRICT: ArgumentsScope = { judges: (tool) => !tool.strict, what: 'call of a non-strict declared tool' }
const STRICT_GUARANTEED: ArgumentsScope = {
  judges: (tool, choice, request) => tool.strict && strictGuaranteed(choice, request),
  what: "call of a strict tool in a message with one call (or with parallel_tool_calls false); parallel calls are tools.strict.parallel-arguments-valid's",
}
const STRICT_PARALLEL: ArgumentsScope = {
  judges: (tool, choice, request) => tool.strict && !strictGuaranteed(choice, request),
  what: 'call of a strict tool among parallel calls (parallel_tool_calls not false)',
}

// ---------------------------------------------------------------------------------------
// Non-streamed tool calls

export const callId = defineCheck({
  id: 'tools.call.id',
  title: 'Each tool call has a non-empty id',
  level: 'required',
  spec: schemaRef(OP, TOOL_CALL, 'properties', 'id'),
  description:
    "Each tool call MUST carry an `id`: a non-empty string, which the client echoes as the tool message's `tool_call_id`.",
  run: (ctx) => onMessageToolCalls(ctx, idFindings),
})

export const callType = defineCheck({
  id: 'tools.call.type',
  title: 'Each tool call has type "function"',
  level: 'required',
  spec: schemaRef(OP, TOOL_CALL, 'properties', 'type'),
  description: 'A function tool call MUST carry `type: "function"`.',
  run: (ctx) => onMessageToolCalls(ctx, typeFindings),
})

export const callName = defineCheck({
  id: 'tools.call.name',
  title: 'Each tool call names a declared function',
  level: 'required',
  spec: schemaRef(OP, TOOL_CALL, 'properties', 'function', 'properties', 'name'),
  description: '`function.name` MUST be the name of one of the function tools the request declared, exactly.',
  run: (ctx) => onMessageToolCalls(ctx, nameFindings),
})

export const argumentsString = defineCheck({
  id: 'tools.call.arguments-string',
  title: 'function.arguments is a JSON string, not an object',
  level: 'required',
  spec: schemaRef(OP, TOOL_CALL, 'properties', 'function', 'properties', 'arguments'),
  description: '`function.arguments` MUST be a string holding the JSON-encoded arguments, never the decoded object.',
  run: (ctx) => onMessageToolCalls(ctx, argumentsStringFindings),
})

export const argumentsValid = defineCheck({
  id: 'tools.call.arguments-valid',
  title: 'Arguments of a non-strict tool parse and fit its parameters',
  level: 'recommended',
  spec: schemaRef(OP, 'FunctionObject', 'properties', 'parameters'),
  description:
    "The arguments of a call of a non-strict tool SHOULD be a JSON object that validates against the tool's declared parameters.",
  notes:
    'Without `strict: true` the spec warns that "the model does not always generate valid JSON, and may hallucinate parameters", so a deviation is the model\'s and a warning; strict tools are tools.strict.arguments-valid.',
  run: (ctx) => messageArgumentsCheck(ctx, NON_STRICT),
})

export const strictArgumentsValid = defineCheck({
  id: 'tools.strict.arguments-valid',
  title: 'Arguments of a strict tool match its schema exactly',
  level: 'required',
  spec: schemaRef(OP, 'FunctionObject', 'properties', 'strict'),
  description:
    'For a tool declared with `strict: true`, the arguments MUST be a JSON object that validates against its parameters ("the model will follow the exact schema"), in a message with one call or when `parallel_tool_calls` is false.',
  notes: `OpenAI does not guarantee strict schemas for parallel calls: ${PARALLEL_STRICT_CAVEAT} Several calls in one message, with parallel calls allowed, are tools.strict.parallel-arguments-valid (a warning). Streams: tools.stream.assembled.`,
  run: (ctx) => messageArgumentsCheck(ctx, STRICT_GUARANTEED),
})

export const strictParallelArgumentsValid = defineCheck({
  id: 'tools.strict.parallel-arguments-valid',
  title: 'Arguments of strict tools among parallel calls match their schemas',
  level: 'recommended',
  spec: { doc: TOOL_DOCS.parallel },
  description:
    'When a message carries several calls and parallel calls are allowed, the arguments of each strict tool SHOULD still validate against its parameters.',
  notes: `A warning, not a failure: ${PARALLEL_STRICT_CAVEAT} Set parallel_tool_calls: false for the guarantee (tools.strict.arguments-valid). Streamed or not.`,
  run: (ctx) => argumentsCheck(ctx, STRICT_PARALLEL),
})

export const notInContent = defineCheck({
  id: 'tools.call.not-in-content',
  title: 'Tool calls come back in tool_calls, not as text in content',
  level: 'required',
  spec: schemaRef(OP, 'ChatCompletionResponseMessage', 'properties', 'tool_calls'),
  description:
    'When the request offers tools, a call the model makes MUST come back in `tool_calls`, never as tool-call markup or a `{"name": <declared tool>, "arguments": …}` object in `content`.',
  notes:
    "Such content is the server's tool parser failing (not enabled, or not matching the model's template), not a model choice: the client gets text it cannot act on. Only unambiguous forms are judged: chat-template markup (<tool_call>, <|python_tag|>, [TOOL_CALLS], <function=…>, DeepSeek, Kimi and harmony call tokens) or a JSON object naming a declared tool with its arguments or parameters. Prose about a tool is tools.choice.auto-called's. Streams: the assembled content.",
  run: (ctx) => {
    const tools = declaredTools(sentRequest(ctx))
    if (tools.size === 0) return skip('the request offered no tools')
    return onChoices(ctx, (choices) =>
      choices.flatMap((choice) => {
        const leak = leakedToolCall(choice.content, tools)
        return leak
          ? [
              finding(
                `choice ${choice.index} carries a tool call as text in content (${leak.form}) instead of in tool_calls: the server did not parse the model's call`,
                { at: contentAt(choice), actual: leak.excerpt },
              ),
            ]
          : []
      }),
    )
  },
})

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

/** Skips a model-behaviour check where a call was left in content (tools.call.not-in-content judges it). */
function unlessLeaked(ctx: CheckContext<any>, choices: readonly ChoiceView[], rule: () => Finding[]): CheckResult {
  const leaked = leakIn(choices, declaredTools(sentRequest(ctx)))
  if (leaked)
    return skip(
      `choice ${leaked.choice.index} carries a tool call as text in content (${leaked.leak.form}); see tools.call.not-in-content`,
    )
  return rule()
}

export const finishReason = defineCheck({
  id: 'tools.finish-reason',
  title: 'finish_reason is "tool_calls" when tools are called, and only then',
  level: 'required',
  spec: schemaRef(OP, 'CreateChatCompletionResponse', 'properties', 'choices', 'items', 'properties', 'finish_reason'),
  description:
    'A choice whose message carries tool calls MUST finish with "tool_calls" ("if the model called a tool"); one without tool calls MUST NOT.',
  notes:
    'When tool_choice forces the call ("required" or a named function) OpenAI itself finishes with "stop" (real-traffic stream-include_usage-tools-toolcall__03; Mirascope#256), so "stop" is accepted there. Streams: stream.tool-calls.finish-reason.',
  run: (ctx) => {
    if (isStreamed(sentRequest(ctx))) return skip('a streamed completion: see stream.tool-calls.finish-reason')
    return onChoices(ctx, (choices) => {
      const accepted = toolCallFinishReasons(sentRequest(ctx))
      return choices.flatMap((choice) => {
        const at = choice.at.replace(/\/message$/, '/finish_reason')
        if (choice.toolCalls.length > 0) {
          return accepted.includes(choice.finishReason as string)
            ? []
            : [
                finding(
                  `choice ${choice.index} called ${choice.toolCalls.length} tool(s) but finished with ${show(choice.finishReason)}, expected ${accepted.map((r) => `"${r}"`).join(' or ')}`,
                  { at, actual: choice.finishReason },
                ),
              ]
        }
        return choice.finishReason === 'tool_calls'
          ? [
              finding(`choice ${choice.index} finished with "tool_calls" but its message carries no tool calls`, {
                at,
                actual: choice.finishReason,
              }),
            ]
          : []
      })
    })
  },
})

// ---------------------------------------------------------------------------------------
// What tool_choice and parallel_tool_calls promise (streamed or not)

export const idsUnique = defineCheck({
  id: 'tools.call.ids-unique',
  title: 'Tool call ids within a message are distinct',
  level: 'required',
  spec: schemaRef(OP, TOOL_CALL, 'properties', 'id'),
  description:
    'The tool calls of one message MUST have distinct ids: each tool result names the call it answers by id.',
  run: (ctx) =>
    onChoices(ctx, (choices) => {
      const calling = withToolCalls(choices)
      if (calling.length === 0) return skip('the completion carried no tool calls')
      return calling.flatMap((choice) => {
        const ids = choice.toolCalls.map((call) => call.id).filter((id) => typeof id === 'string' && id !== '')
        const repeated = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))]
        return repeated.length === 0
          ? []
          : [
              finding(
                `choice ${choice.index}: tool call id ${repeated.map((id) => show(id)).join(', ')} is used by more than one call`,
                { at: choice.at, actual: ids },
              ),
            ]
      })
    }),
})

/** The check applies when the request's tool_choice is `kind`. */
function whenToolChoice(
  ctx: CheckContext<any>,
  kind: string,
  rule: (choices: ChoiceView[]) => CheckResult,
): CheckResult {
  const choice = toolChoice(sentRequest(ctx))
  if (choice.kind !== kind) return skip(`tool_choice is ${show(sentRequest(ctx).tool_choice ?? null)}, not ${kind}`)
  return onChoices(ctx, rule)
}

function calledNames(choice: ChoiceView): string {
  return choice.toolCalls.map((call) => show(call.name)).join(', ')
}

export const choiceNone = defineCheck({
  id: 'tools.choice.none',
  title: 'tool_choice "none" gives no tool call',
  level: 'required',
  spec: schemaRef(OP, 'ChatCompletionToolChoiceOption'),
  description: 'With tool_choice "none" the model MUST NOT call any tool and instead generates a message.',
  run: (ctx) =>
    whenToolChoice(ctx, 'none', (choices) =>
      withToolCalls(choices).map((choice) =>
        finding(`choice ${choice.index} called ${calledNames(choice)} although tool_choice is "none"`, {
          at: choice.at,
          actual: choice.toolCalls.map((c) => c.name),
        }),
      ),
    ),
})

export const choiceRequired = defineCheck({
  id: 'tools.choice.required',
  title: 'tool_choice "required" gives at least one tool call',
  level: 'required',
  spec: schemaRef(OP, 'ChatCompletionToolChoiceOption'),
  description: 'With tool_choice "required" the model MUST call one or more tools, in every choice.',
  run: (ctx) =>
    whenToolChoice(ctx, 'required', (choices) =>
      choices
        .filter((choice) => choice.toolCalls.length === 0)
        .map((choice) =>
          finding(
            `choice ${choice.index} called no tool although tool_choice is "required"${typeof choice.content === 'string' && choice.content ? `; it answered ${show(choice.content, 80)}` : ''}`,
            { at: choice.at, actual: choice.content },
          ),
        ),
    ),
})

export const choiceNamed = defineCheck({
  id: 'tools.choice.named',
  title: 'A named tool_choice calls exactly that function',
  level: 'required',
  spec: schemaRef(OP, 'ChatCompletionNamedToolChoice'),
  description:
    'With tool_choice `{type: "function", function: {name}}` every choice MUST call that function, and only that function.',
  run: (ctx) => {
    const choice = toolChoice(sentRequest(ctx))
    if (choice.kind !== 'named') return skip('tool_choice does not name a function')
    return onChoices(ctx, (choices) =>
      choices.flatMap((view) => {
        if (view.toolCalls.length === 0)
          return [
            finding(`choice ${view.index} called no tool although tool_choice names ${show(choice.name)}`, {
              at: view.at,
              actual: view.content,
            }),
          ]
        const others = view.toolCalls.filter((call) => call.name !== choice.name)
        return others.length === 0
          ? []
          : [
              finding(
                `choice ${view.index} called ${calledNames(view)}; tool_choice allows only ${show(choice.name)}`,
                { at: others[0]!.at, actual: others.map((c) => c.name), expected: choice.name },
              ),
            ]
      }),
    )
  },
})

export const autoCalled = defineCheck({
  id: 'tools.choice.auto-called',
  title: 'Under "auto", a prompt that asks for a tool gets a tool call',
  level: 'recommended',
  spec: { doc: TOOL_DOCS.toolChoice },
  description: 'When the prompt plainly asks for a declared tool and tool_choice is "auto", the model SHOULD call it.',
  notes:
    'Under "auto" the model chooses; not calling is model behaviour, not a protocol violation, so a warning. Cases use prompts that name the one obvious tool. A call left as text in content is not a choice but tools.call.not-in-content\'s failure, and skips here.',
  run: (ctx) =>
    whenToolChoice(ctx, 'auto', (choices) =>
      unlessLeaked(ctx, choices, () =>
        choices
          .filter((choice) => choice.toolCalls.length === 0)
          .map((choice) =>
            finding(
              `the model chose not to call a tool under "auto" (model behaviour, not protocol)${typeof choice.content === 'string' && choice.content ? `; it answered ${show(choice.content, 100)}` : ''}`,
              { at: choice.at, actual: choice.content },
            ),
          ),
      ),
    ),
})

export const parallelCalled = defineCheck<{ calls: number }>({
  id: 'tools.parallel.called',
  title: 'A prompt that needs several calls gets them in one message',
  level: 'recommended',
  spec: { doc: TOOL_DOCS.parallel },
  description:
    'With parallel tool calls allowed and a prompt that needs N independent calls, the model SHOULD return N calls in one message.',
  notes:
    "How many calls to make is the model's choice, so too few is a warning; distinct ids are tools.call.ids-unique.",
  run: (ctx) => {
    if (parallelCallsDisabled(sentRequest(ctx))) return skip('the request disabled parallel tool calls')
    return onChoices(ctx, (choices) =>
      unlessLeaked(ctx, choices, () =>
        choices
          .filter((choice) => choice.toolCalls.length < ctx.params.calls)
          .map((choice) =>
            finding(
              `choice ${choice.index} made ${choice.toolCalls.length} tool call(s); the prompt asked for ${ctx.params.calls} in parallel (model behaviour)`,
              { at: choice.at, actual: choice.toolCalls.length, expected: ctx.params.calls },
            ),
          ),
      ),
    )
  },
})

export const parallelDisabled = defineCheck({
  id: 'tools.parallel.disabled',
  title: 'parallel_tool_calls: false gives at most one call',
  level: 'required',
  spec: schemaRef(OP, 'ParallelToolCalls'),
  description: 'With `parallel_tool_calls: false` a message MUST NOT carry more than one tool call.',
  run: (ctx) => {
    if (!parallelCallsDisabled(sentRequest(ctx))) return skip('the request did not disable parallel tool calls')
    return onChoices(ctx, (choices) =>
      choices
        .filter((choice) => choice.toolCalls.length > 1)
        .map((choice) =>
          finding(
            `choice ${choice.index} made ${choice.toolCalls.length} tool calls although parallel_tool_calls is false`,
            { at: choice.at, actual: choice.toolCalls.map((c) => c.name) },
          ),
        ),
    )
  },
})

export const usesResult = defineCheck<{ expect: string }>({
  id: 'tools.round-trip.uses-result',
  title: 'After tool results, the model answers with them',
  level: 'recommended',
  spec: { doc: TOOL_DOCS.results },
  description:
    'Given tool messages with results, the model SHOULD answer in text that uses them (the case names a value only the tool result contains).',
  notes:
    'A weak model and an endpoint that drops tool messages look the same from outside, so a warning; that the request is accepted at all is http.status.success and the tools.request.* checks.',
  run: (ctx) =>
    onChoices(ctx, (choices) =>
      choices.flatMap((choice) => {
        if (typeof choice.content !== 'string' || choice.content === '') {
          const what =
            choice.toolCalls.length > 0
              ? `called ${calledNames(choice)} again`
              : `gave no text (${show(choice.content)})`
          return [
            finding(`choice ${choice.index} ${what} instead of answering with the tool result`, {
              at: choice.at,
              actual: choice.content,
            }),
          ]
        }
        return choice.content.includes(ctx.params.expect)
          ? []
          : [
              finding(
                `choice ${choice.index} does not use the tool result: ${show(ctx.params.expect)} is not in its answer ${show(choice.content, 100)}`,
                { at: choice.at, actual: choice.content, expected: ctx.params.expect },
              ),
            ]
      }),
    ),
})

// ---------------------------------------------------------------------------------------
// Canonical request forms the SDK sends and some endpoints reject

interface RequestForm {
  id: string
  title: string
  description: string
  spec: ReturnType<typeof schemaRef>
  /** What the request contains, for messages: "an assistant message with content null". */
  form: string
  /** The request contains the form. */
  present(request: Record<string, unknown>): boolean
  notes?: string
}

/** How the endpoint refused an exchange, as a clause: "rejected … with HTTP 400: \"message\"". */
function refusal(exchange: Exchange, what: string): string {
  const status = exchange.response?.status ?? 0
  const body = jsonBody(exchange)
  const message = body.ok ? errorMessage(body.value) : undefined
  return `${status >= 500 ? 'crashed on' : 'rejected'} ${what} with HTTP ${status}${message === undefined ? '' : `: ${show(message, 200)}`}`
}

/**
 * A check that the endpoint accepts a canonical request form: it passes on any 2xx. A case
 * varies one form at a time against the most compatible conversation, sent beside it as the
 * `baseline` exchange; when the baseline is refused too, the refusal is not this form's, and
 * the check does not apply (the baseline case reports it). Without a baseline (a recording)
 * the main exchange is judged alone.
 */
function acceptsForm(form: RequestForm) {
  return defineCheck({
    id: form.id,
    title: form.title,
    level: 'required',
    spec: form.spec,
    description: form.description,
    ...(form.notes ? { notes: form.notes } : {}),
    run: (ctx) => {
      if (!form.present(sentRequest(ctx))) return skip(`the request has no ${form.form}`)
      const exchange = ctx.exchange
      if (isSuccess(exchange)) return []
      const baseline = ctx.exchanges[BASELINE_EXCHANGE]
      if (baseline && !isSuccess(baseline)) {
        return skip(
          `the endpoint also ${refusal(baseline, `the baseline conversation without ${form.form}`)}, so the refusal is not this form's; see http.status.success`,
        )
      }
      const body = jsonBody(exchange)
      const contrast = baseline ? ', while it accepted the same conversation without it' : ''
      return [
        finding(`the endpoint ${refusal(exchange, form.form)}${contrast}`, {
          actual: body.ok ? body.value : exchange.response?.bodyText?.slice(0, 300),
        }),
      ]
    },
  })
}

export const assistantContentNull = acceptsForm({
  id: 'tools.request.assistant-content-null',
  title: 'An assistant message with tool_calls and content null is accepted',
  spec: schemaRef(OP, 'ChatCompletionRequestAssistantMessage', 'properties', 'content'),
  description:
    'An assistant message carrying `tool_calls` with `content: null` (what the SDK replays) MUST be accepted: content is "required unless tool_calls … is specified".',
  form: 'an assistant message with tool_calls and content null',
  present: (request) => requestMessages(request).some((m) => isToolCallMessage(m) && m.content === null),
})

export const toolContentParts = acceptsForm({
  id: 'tools.request.tool-content-parts',
  title: 'A tool message with an array of text parts is accepted',
  spec: schemaRef(OP, 'ChatCompletionRequestToolMessage', 'properties', 'content'),
  description: 'A tool message whose content is an array of text parts MUST be accepted like a string.',
  form: 'a tool message with content as an array of text parts',
  present: (request) => requestMessages(request).some((m) => m.role === 'tool' && Array.isArray(m.content)),
})

export const openaiCallIds = acceptsForm({
  id: 'tools.request.openai-call-ids',
  title: "Tool call ids in OpenAI's format are accepted",
  spec: schemaRef(OP, 'ChatCompletionRequestToolMessage', 'properties', 'tool_call_id'),
  description:
    "A conversation replaying tool call ids in OpenAI's own format (`call_` + 24 letters and digits) MUST be accepted: ids are opaque strings.",
  form: "tool call ids in OpenAI's format (call_ + 24 characters)",
  present: (request) =>
    requestMessages(request).some(
      (m) =>
        isToolCallMessage(m) &&
        (m.tool_calls as unknown[]).some(
          (call) => isPlainObject(call) && typeof call.id === 'string' && OPENAI_CALL_ID.test(call.id),
        ),
    ),
})

export const historyWithoutTools = acceptsForm({
  id: 'tools.request.history-without-tools',
  title: 'Tool history without a tools list is accepted',
  spec: schemaRef(OP, REQUEST, 'allOf', '1', 'properties', 'tools'),
  description:
    'A conversation that contains earlier tool calls and results MUST be accepted with `tools` omitted (no tools offered for this turn).',
  notes:
    'The canonical "no tools" form is to omit the list: OpenAI itself rejects `tools: []` ("[] is too short - \'tools\'"), so an empty list is not certified either way.',
  form: 'tool calls and results in its history and no tools list',
  present: (request) =>
    request.tools === undefined && requestMessages(request).some((m) => isToolCallMessage(m) || m.role === 'tool'),
})

// ---------------------------------------------------------------------------------------
// Streams and the SDK's helpers

export const streamAssembled = defineCheck({
  id: 'tools.stream.assembled',
  title: 'Streamed tool calls assemble to well-formed calls',
  level: 'required',
  spec: schemaRef(OP, TOOL_CALL),
  description:
    'The tool calls a stream\'s fragments assemble to MUST be what a non-streamed message carries: a non-empty id, type "function", a declared name, string arguments (matching the schema of a strict tool, where a single call or parallel_tool_calls false makes that guaranteed).',
  notes:
    'The per-fragment rules (first fragment, later fragments, indices, JSON) are the stream.tool-calls.* checks. Strict calls among parallel calls are tools.strict.parallel-arguments-valid (a warning), as for non-streamed ones.',
  run: (ctx) => {
    const request = sentRequest(ctx)
    if (!isStreamed(request)) return skip('not a streamed completion')
    return onChoices(ctx, (choices) => {
      const calling = withToolCalls(choices)
      if (calling.length === 0) return skip('the stream carried no tool calls')
      const tools = declaredTools(request)
      return combine(
        calling.flatMap((choice) =>
          choice.toolCalls.map((call) => {
            const shape = [
              ...idFindings(call),
              ...typeFindings(call),
              ...nameFindings(call, tools),
              ...argumentsStringFindings(call),
            ]
            const tool = typeof call.name === 'string' ? tools.get(call.name) : undefined
            return shape.length > 0 || !tool?.strict || !strictGuaranteed(choice, request)
              ? shape
              : argumentsValidFindings(call, tool)
          }),
        ),
      )
    })
  },
})

export const sdkParsedArguments = defineCheck({
  id: 'tools.sdk.parsed-arguments',
  title: "The SDK's parse() parses the calls of strict tools",
  level: 'required',
  spec: { doc: TOOL_DOCS.sdk },
  description:
    '`client.chat.completions.parse()` with zodFunction (strict) tools MUST return the completion, each call of such a tool with its `parsed_arguments`, without raising.',
  notes:
    "The one SDK-level check of a parse() case (sdk.call.succeeds is left out there, so one raise is one finding): the helper JSON-parses each call's arguments and validates them with the zod schema, so arguments the wire checks pass can still break it. After parse() returns, every call of a zodFunction tool carries the zod-parsed object (the SDK raises otherwise), so the verdict is whether it raised; a refused request is http.status.success's.",
  run: (ctx) => {
    const helper = parseHelperCompletion(ctx)
    if (!('completion' in helper)) return helper
    const strict = new Set(
      [...declaredTools(sentRequest(ctx)).values()].filter((tool) => tool.strict).map((tool) => tool.name),
    )
    const parsed = helper.completion.choices.flatMap((choice) => {
      const message = isPlainObject(choice.message) ? choice.message : {}
      return Array.isArray(message.tool_calls)
        ? message.tool_calls.filter(
            (call) => isPlainObject(call) && isPlainObject(call.function) && strict.has(call.function.name as string),
          )
        : []
    })
    return parsed.length === 0 ? skip('parse() returned no call of a strict tool: the helper had nothing to parse') : []
  },
})

export const TOOLS_CHECKS = [
  callId,
  callType,
  callName,
  argumentsString,
  argumentsValid,
  strictArgumentsValid,
  strictParallelArgumentsValid,
  notInContent,
  finishReason,
  idsUnique,
  choiceNone,
  choiceRequired,
  choiceNamed,
  autoCalled,
  parallelCalled,
  parallelDisabled,
  usesResult,
  assistantContentNull,
  toolContentParts,
  openaiCallIds,
  historyWithoutTools,
  streamAssembled,
  sdkParsedArguments,
]
