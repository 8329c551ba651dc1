/** The round trip: given tool messages with results, the model answers with them. */
import { defineCheck, finding } from '../../../../core/define.ts'
import { show } from '../../../shared/body.ts'
import { calledNames, onChoices } from '../../read/completion-choices.ts'
import { TOOL_DOCS } from './docs.ts'
import type { CheckContext } from '../../../../core/types.ts'

export const usesResult = defineCheck({
  id: 'tools.round-trip.uses-result',
  title: 'After tool results, the model answers with them',
  level: 'recommended',
  spec: { doc: TOOL_DOCS.results },
  description:
    'Given tool messages with results, the model SHOULD answer in text that uses them (the case names a value only the tool result contains).',
  notes:
    'A weak model and an endpoint that drops tool messages look the same from outside, so a warning; that the request is accepted at all is http.status.success and the tools.request.* checks.',
  run: (ctx: CheckContext<{ expect: string }>) =>
    onChoices(ctx, (choices) =>
      choices.flatMap((choice) => {
        if (typeof choice.content !== 'string' || choice.content === '') {
          const what =
            choice.toolCalls.length > 0
              ? `called ${calledNames(choice)} again`
              : `gave no text (${show(choice.content)})`
          return [
            finding(`${choice.label} ${what} instead of answering with the tool result`, {
              at: choice.at,
              actual: choice.content,
            }),
          ]
        }
        return choice.content.includes(ctx.params.expect)
          ? []
          : [
              finding(
                `${choice.label} does not use the tool result: ${show(ctx.params.expect)} is not in its answer ${show(choice.content, 100)}`,
                { at: choice.at, actual: choice.content, expected: ctx.params.expect },
              ),
            ]
      }),
    ),
})
