/**
 * What `parallel_tool_calls` promises, streamed or not: a prompt that needs several calls
 * gets them in one message (model behaviour, so a warning), and `false` gives at most one.
 */
import { defineCheck, finding, skip } from '../../../../core/define.ts'
import { schemaRef } from '../../../shared/spec.ts'
import { onChoices } from '../../read/completion-choices.ts'
import { parallelCallsDisabled } from '../../read/declared-tools.ts'
import { unlessLeaked } from '../../read/leaked-tool-calls.ts'
import { sentRequest } from '../../read/request.ts'
import { TOOL_DOCS } from './docs.ts'
import type { CheckContext } from '../../../../core/types.ts'

const OP = 'createChatCompletion'

export const parallelCalled = defineCheck({
  id: 'tools.parallel.called',
  title: 'A prompt that needs several calls gets them in one message',
  level: 'recommended',
  spec: { doc: TOOL_DOCS.parallel },
  description:
    'With parallel tool calls allowed and a prompt that needs N independent calls, the model SHOULD return N calls in one message.',
  notes:
    "How many calls to make is the model's choice, so too few is a warning; distinct ids are tools.call.ids-unique.",
  run: (ctx: CheckContext<{ calls: number }>) => {
    if (parallelCallsDisabled(sentRequest(ctx))) return skip('the request disabled parallel tool calls')
    return onChoices(ctx, (choices) =>
      unlessLeaked(ctx, choices, () =>
        choices
          .filter((choice) => choice.toolCalls.length < ctx.params.calls)
          .map((choice) =>
            finding(
              `${choice.label} made ${choice.toolCalls.length} tool call(s); the prompt asked for ${ctx.params.calls} in parallel (model behaviour)`,
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
          finding(`${choice.label} made ${choice.toolCalls.length} tool calls although parallel_tool_calls is false`, {
            at: choice.at,
            actual: choice.toolCalls.map((c) => c.name),
          }),
        ),
    )
  },
})
