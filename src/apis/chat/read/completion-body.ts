/**
 * The choices of a non-streamed completion, read with their types: a `choices` that is not
 * a list, a choice or a message that is not an object, makes the completion unreadable, and
 * the checks that read choices skip pointing to the schema check (one root cause) instead
 * of passing on an empty reading.
 */
import type { CheckContext, CheckResult } from '../../../core/types.ts'
import { successObject, type Applicable } from '../../shared/applicability.ts'
import { show } from '../../shared/body.ts'
import { isArray, isObject, jsonType, readMember, unreadable } from './members.ts'

/** The check that reports a completion's wrong types. */
export const COMPLETION_SCHEMA_CHECK = 'chat.response.schema'

export interface ReadChoice {
  /** The choice's position in `choices`. */
  position: number
  choice: Record<string, unknown>
  /** `choice.message`; an empty object when it is absent. */
  message: Record<string, unknown>
  /** How findings name it: by position, `choice 0`; a bogus `index` shown as such, `choice 1 (index 7)`. */
  label: string
}

/** A choice named by its position, with its `index` member when that is not the position. */
export function choiceLabel(position: number, index: unknown): string {
  return index === position ? `choice ${position}` : `choice ${position} (index ${show(index)})`
}

/** The choices of a completion body (none when `choices` is absent), or why they cannot be read. */
export function readChoices(body: Record<string, unknown>): Applicable<ReadChoice[]> {
  const list = readMember(body, 'choices', isArray)
  if (list.state === 'wrong-type') return unreadable('choices', list.seen, COMPLETION_SCHEMA_CHECK)
  if (list.state === 'absent') return { value: [] }
  const read: ReadChoice[] = []
  for (const [position, choice] of list.value.entries()) {
    if (!isObject(choice)) return unreadable(`choices[${position}]`, jsonType(choice), COMPLETION_SCHEMA_CHECK)
    const message = readMember(choice, 'message', isObject)
    if (message.state === 'wrong-type')
      return unreadable(`choices[${position}].message`, message.seen, COMPLETION_SCHEMA_CHECK)
    read.push({
      position,
      choice,
      message: message.state === 'present' ? message.value : {},
      label: choiceLabel(position, choice.index),
    })
  }
  return { value: read }
}

/** The success body and its readable choices, or why a check reading them does not apply. */
export function onReadChoices(
  ctx: CheckContext<any>,
  rule: (choices: ReadChoice[], body: Record<string, unknown>) => CheckResult,
): CheckResult {
  const body = successObject(ctx.exchange)
  if ('skip' in body) return body
  const choices = readChoices(body.value)
  return 'skip' in choices ? choices : rule(choices.value, body.value)
}
