/** Streamed tool calls: the calls a stream's fragments assemble to, judged as a non-streamed message's. */
import { defineCheck, skip } from '../../../../core/define.ts'
import { combineFindings } from '../../../shared/findings.ts'
import { schemaRef } from '../../../shared/spec.ts'
import { onChoices, withToolCalls } from '../../read/completion-choices.ts'
import { declaredTools, strictGuaranteed } from '../../read/declared-tools.ts'
import { isStreamed, sentRequest } from '../../read/request.ts'
import {
  argumentsStringFindings,
  argumentsValidFindings,
  callIdFindings,
  callNameFindings,
  callTypeFindings,
} from '../../rules/tool-call.ts'

const OP = 'createChatCompletion'
const TOOL_CALL = 'ChatCompletionMessageToolCall'

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
      return combineFindings(
        calling.flatMap((choice) =>
          choice.toolCalls.map((call) => {
            const shape = [
              ...callIdFindings(call),
              ...callTypeFindings(call),
              ...callNameFindings(call, tools),
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
