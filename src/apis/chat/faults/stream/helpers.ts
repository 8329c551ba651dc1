/**
 * Building blocks of the stream faults: streamed requests, chunks and their choices, and
 * tool-call fragments. Chunk hooks are `events` hooks: the chunk objects, in order, before
 * framing.
 */
import type { FaultHooks, ReferenceRequest } from '../../../../reference/fault.ts'
import { ignoresParameters } from '../../../shared/faults/helpers.ts'
import { choicesOf } from '../helpers.ts'

export type Chunk = Record<string, any>
export type Choice = Record<string, any>
export type Fragment = Record<string, any>

/** A request with `stream: true`. */
export const isStreamRequest = (req: ReferenceRequest) => req.body?.stream === true
/** A `respond` hook that drops these parameters from streamed requests only. */
export const streamIgnores =
  (...names: string[]): NonNullable<FaultHooks['respond']> =>
  (req) =>
    isStreamRequest(req) ? ignoresParameters(...names)(req) : undefined
/** The usage chunk: no choices, `usage` set. */
export const isUsageChunk = (chunk: Chunk) =>
  Array.isArray(chunk.choices) && chunk.choices.length === 0 && chunk.usage != null
/** The choice's delta carries text. */
export const hasContent = (choice: Choice) => typeof choice.delta?.content === 'string' && choice.delta.content !== ''

/** An `events` hook that edits every chunk's choices in place. */
export function eachChunkChoice(edit: (choice: Choice) => void): NonNullable<FaultHooks['events']> {
  return (chunks) => {
    for (const choice of chunks.flatMap(choicesOf)) edit(choice)
    return chunks
  }
}

/**
 * Visits every tool-call fragment in order, with whether it starts its call and the call's
 * key (choice index and tool-call index).
 */
export function forEachToolCallFragment(
  chunks: Chunk[],
  visit: (fragment: Fragment, first: boolean, key: string) => void,
): void {
  const started = new Set<string>()
  for (const chunk of chunks) {
    for (const choice of choicesOf(chunk)) {
      for (const fragment of choice.delta?.tool_calls ?? []) {
        const key = `${choice.index}:${fragment.index}`
        visit(fragment, !started.has(key), key)
        started.add(key)
      }
    }
  }
}

/** An `events` hook that edits every tool-call fragment in place. */
export function eachToolCallFragment(
  edit: (fragment: Fragment, first: boolean, key: string) => void,
): NonNullable<FaultHooks['events']> {
  return (chunks) => {
    forEachToolCallFragment(chunks, edit)
    return chunks
  }
}

/** Position of the chunk that finishes choice `index`, or -1. */
export function finishChunkOf(chunks: Chunk[], index: number): number {
  return chunks.findIndex((chunk) =>
    choicesOf(chunk).some((choice) => choice.index === index && choice.finish_reason != null),
  )
}
