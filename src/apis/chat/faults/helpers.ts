/**
 * Building blocks of the chat completion faults, streamed or not (the ones every API's
 * faults share are in ../../shared/faults/helpers.ts; the stream's own in ./stream/helpers.ts).
 */
import { limitedTo } from '../../shared/faults/helpers.ts'
import type { Fault, FaultHooks, ReferenceRequest } from '../../../reference/fault.ts'

type Json = Record<string, any>

/** The faults, acting only on chat completion requests (`POST /chat/completions`, streamed or not). */
export function forChatCompletions(faults: readonly Fault[]): Fault[] {
  return limitedTo(['createChatCompletion'], faults)
}

/** The `choices` of a completion or a chunk; none when it has no array of them. */
export const choicesOf = (value: Json): Json[] => (Array.isArray(value?.choices) ? value.choices : [])

/** The request's `messages`; none when it has no array of them. */
export const messagesOf = (req: ReferenceRequest): Json[] =>
  Array.isArray(req.body?.messages) ? req.body.messages : []

/** A `body` hook that edits every choice of a completion in place. */
export function eachChoice(edit: (choice: any) => void): NonNullable<FaultHooks['body']> {
  return (completion) => {
    for (const choice of choicesOf(completion)) edit(choice)
    return completion
  }
}
