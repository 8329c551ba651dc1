/**
 * Whether a call's arguments fit the declared parameters: a warning for non-strict tools, a
 * failure for strict ones where OpenAI guarantees the schema (one call in the message, or
 * `parallel_tool_calls: false`), a warning for strict ones among parallel calls.
 */
import { defineCheck, skip } from '../../../../core/define.ts'
import type { CheckContext, CheckResult } from '../../../../core/types.ts'
import { combineFindings } from '../../../shared/findings.ts'
import { schemaRef } from '../../../shared/spec.ts'
import { onChoices, withToolCalls, type ChoiceView } from '../../read/completion-choices.ts'
import { declaredTools, strictGuaranteed, type DeclaredTool } from '../../read/declared-tools.ts'
import { isStreamed, sentRequest } from '../../read/request.ts'
import { argumentsValidFindings } from '../../rules/tool-call.ts'
import { TOOL_DOCS } from './docs.ts'

const OP = 'createChatCompletion'

/** OpenAI's words on strict schemas and parallel calls (the structured-outputs and function-calling guides). */
const PARALLEL_STRICT_CAVEAT =
  '"Structured Outputs is not compatible with parallel function calls. When a parallel function call is generated, it may not match supplied schemas."'

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
    return judged.length === 0 ? skip(`no ${scope.what} with string arguments to judge`) : combineFindings(judged)
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
