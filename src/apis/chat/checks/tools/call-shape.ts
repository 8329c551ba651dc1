/**
 * The shape of each tool call a non-streamed completion returns (id, type, declared name,
 * string arguments), and distinct ids within a message, streamed or not. Streamed calls'
 * shape is tools.stream.assembled's (./stream.ts), by the same rules (../../rules/tool-call.ts).
 */
import { defineCheck, finding, skip } from '../../../../core/define.ts'
import type { CheckContext, CheckResult, Finding } from '../../../../core/types.ts'
import { show } from '../../../shared/body.ts'
import { schemaRef } from '../../../shared/spec.ts'
import { onChoices, withToolCalls, type ToolCallView } from '../../read/completion-choices.ts'
import { declaredTools, type DeclaredTool } from '../../read/declared-tools.ts'
import { isStreamed, sentRequest } from '../../read/request.ts'
import { argumentsStringFindings, callIdFindings, callNameFindings, callTypeFindings } from '../../rules/tool-call.ts'

const OP = 'createChatCompletion'
const TOOL_CALL = 'ChatCompletionMessageToolCall'

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

export const callId = defineCheck({
  id: 'tools.call.id',
  title: 'Each tool call has a non-empty id',
  level: 'required',
  spec: schemaRef(OP, TOOL_CALL, 'properties', 'id'),
  description:
    "Each tool call MUST carry an `id`: a non-empty string, which the client echoes as the tool message's `tool_call_id`.",
  run: (ctx) => onMessageToolCalls(ctx, callIdFindings),
})

export const callType = defineCheck({
  id: 'tools.call.type',
  title: 'Each tool call has type "function"',
  level: 'required',
  spec: schemaRef(OP, TOOL_CALL, 'properties', 'type'),
  description: 'A function tool call MUST carry `type: "function"`.',
  run: (ctx) => onMessageToolCalls(ctx, callTypeFindings),
})

export const callName = defineCheck({
  id: 'tools.call.name',
  title: 'Each tool call names a declared function',
  level: 'required',
  spec: schemaRef(OP, TOOL_CALL, 'properties', 'function', 'properties', 'name'),
  description: '`function.name` MUST be the name of one of the function tools the request declared, exactly.',
  run: (ctx) => onMessageToolCalls(ctx, callNameFindings),
})

export const argumentsString = defineCheck({
  id: 'tools.call.arguments-string',
  title: 'function.arguments is a JSON string, not an object',
  level: 'required',
  spec: schemaRef(OP, TOOL_CALL, 'properties', 'function', 'properties', 'arguments'),
  description: '`function.arguments` MUST be a string holding the JSON-encoded arguments, never the decoded object.',
  run: (ctx) => onMessageToolCalls(ctx, argumentsStringFindings),
})

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
                `${choice.label}: tool call id ${repeated.map((id) => show(id)).join(', ')} is used by more than one call`,
                { at: choice.at, actual: ids },
              ),
            ]
      })
    }),
})
