/**
 * What `tool_choice` promises, streamed or not: "none" gives no call, "required" at least
 * one, a named function exactly that one; under "auto" a prompt that asks for a tool should
 * get a call (model behaviour, so a warning).
 */
import { defineCheck, finding, skip } from '../../../../core/define.ts'
import type { CheckContext, CheckResult } from '../../../../core/types.ts'
import { show } from '../../../shared/body.ts'
import { schemaRef } from '../../../shared/spec.ts'
import { calledNames, onChoices, withToolCalls, type ChoiceView } from '../../read/completion-choices.ts'
import { toolChoice } from '../../read/declared-tools.ts'
import { unlessLeaked } from '../../read/leaked-tool-calls.ts'
import { sentRequest } from '../../read/request.ts'
import { TOOL_DOCS } from './docs.ts'

const OP = 'createChatCompletion'

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

export const choiceNone = defineCheck({
  id: 'tools.choice.none',
  title: 'tool_choice "none" gives no tool call',
  level: 'required',
  spec: schemaRef(OP, 'ChatCompletionToolChoiceOption'),
  description: 'With tool_choice "none" the model MUST NOT call any tool and instead generates a message.',
  run: (ctx) =>
    whenToolChoice(ctx, 'none', (choices) =>
      withToolCalls(choices).map((choice) =>
        finding(`${choice.label} called ${calledNames(choice)} although tool_choice is "none"`, {
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
            `${choice.label} called no tool although tool_choice is "required"${typeof choice.content === 'string' && choice.content ? `; it answered ${show(choice.content, 80)}` : ''}`,
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
            finding(`${view.label} called no tool although tool_choice names ${show(choice.name)}`, {
              at: view.at,
              actual: view.content,
            }),
          ]
        const others = view.toolCalls.filter((call) => call.name !== choice.name)
        return others.length === 0
          ? []
          : [
              finding(`${view.label} called ${calledNames(view)}; tool_choice allows only ${show(choice.name)}`, {
                at: others[0]!.at,
                actual: others.map((c) => c.name),
                expected: choice.name,
              }),
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
