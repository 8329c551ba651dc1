/** finish_reason of a non-streamed completion with tools: "tool_calls" when tools are called, and only then. */
import { defineCheck, finding, note, skip } from '../../../../core/define.ts'
import { show } from '../../../shared/body.ts'
import { schemaRef } from '../../../shared/spec.ts'
import { onChoices } from '../../read/completion-choices.ts'
import { toolCallFinishReasons } from '../../read/declared-tools.ts'
import { isStreamed, sentRequest } from '../../read/request.ts'

const OP = 'createChatCompletion'

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
      const findings = choices.flatMap((choice) => {
        const at = choice.at.replace(/\/message$/, '/finish_reason')
        if (choice.toolCalls.length > 0) {
          return accepted.includes(choice.finishReason as string)
            ? []
            : [
                finding(
                  `${choice.label} called ${choice.toolCalls.length} tool(s) but finished with ${show(choice.finishReason)}, expected ${accepted.map((r) => `"${r}"`).join(' or ')}`,
                  { at, actual: choice.finishReason },
                ),
              ]
        }
        return choice.finishReason === 'tool_calls'
          ? [
              finding(`${choice.label} finished with "tool_calls" but its message carries no tool calls`, {
                at,
                actual: choice.finishReason,
              }),
            ]
          : []
      })
      const forcedStops = choices.filter((choice) => choice.toolCalls.length > 0 && choice.finishReason === 'stop')
      return findings.length === 0 && forcedStops.length > 0
        ? note(
            `${forcedStops.map((choice) => choice.label).join(', ')} called tools and finished with "stop", not "tool_calls": accepted because tool_choice forced the call (OpenAI does the same)`,
          )
        : findings
    })
  },
})
