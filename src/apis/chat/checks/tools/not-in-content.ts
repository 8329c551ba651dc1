/** Tool calls that come back as text in `content`: the server's tool parser did not run. */
import { defineCheck, finding, skip } from '../../../../core/define.ts'
import { schemaRef } from '../../../shared/spec.ts'
import { contentAt, onChoices } from '../../read/completion-choices.ts'
import { declaredTools } from '../../read/declared-tools.ts'
import { leakedToolCall } from '../../read/leaked-tool-calls.ts'
import { sentRequest } from '../../read/request.ts'

const OP = 'createChatCompletion'

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
                `${choice.label} carries a tool call as text in content (${leak.form}) instead of in tool_calls: the server did not parse the model's call`,
                { at: contentAt(choice), actual: leak.excerpt },
              ),
            ]
          : []
      }),
    )
  },
})
