/**
 * The choices of a stream's chunks, read with their types: a chunk whose `choices` is not a
 * list, a choice or delta that is not an object, or a delta's content or tool_calls
 * of a wrong type, makes the stream's choices unreadable; the checks that judge what the
 * choices assemble to skip, pointing to the chunk schema check, rather than pass on nothing.
 * Likewise a chunk's `usage` that is neither an object nor null, for the usage checks.
 */
import { skip } from '../../../core/define.ts'
import type { CheckContext, CheckResult } from '../../../core/types.ts'
import { onStream } from '../stream/applicability.ts'
import type { ParsedStream } from '../stream/parse.ts'
import { atChunk } from '../stream/pointers.ts'
import { either, isArray, isNull, isObject, isString, jsonType, readMember, unreadable } from './members.ts'

/** The check that reports a chunk's wrong types. */
export const CHUNK_SCHEMA_CHECK = 'stream.chunk.schema'

/** Why the stream's choices cannot be read, or null when every chunk's choices can. */
export function unreadableChoices(stream: ParsedStream): { skip: string } | null {
  for (const chunk of stream.chunks) {
    const where = (path: string) => `${atChunk(stream, chunk.position)} ${path}`
    const choices = readMember(chunk.value, 'choices', isArray)
    if (choices.state === 'wrong-type') return unreadable(where('choices'), choices.seen, CHUNK_SCHEMA_CHECK)
    for (const [k, choice] of (choices.state === 'present' ? choices.value : []).entries()) {
      if (!isObject(choice)) return unreadable(where(`choices[${k}]`), jsonType(choice), CHUNK_SCHEMA_CHECK)
      const delta = readMember(choice, 'delta', isObject)
      if (delta.state === 'wrong-type') return unreadable(where(`choices[${k}].delta`), delta.seen, CHUNK_SCHEMA_CHECK)
      if (delta.state === 'absent') continue
      const text = either(isString, isNull)
      const members: Array<[string, (v: unknown) => boolean]> = [
        ['content', text],
        ['tool_calls', either(isArray, isNull)],
      ]
      for (const [key, accepts] of members) {
        const member = readMember(delta.value, key, accepts as (v: unknown) => v is unknown)
        if (member.state === 'wrong-type')
          return unreadable(where(`choices[${k}].delta.${key}`), member.seen, CHUNK_SCHEMA_CHECK)
      }
      const calls = delta.value.tool_calls
      for (const [j, call] of (Array.isArray(calls) ? calls : []).entries()) {
        if (!isObject(call))
          return unreadable(where(`choices[${k}].delta.tool_calls[${j}]`), jsonType(call), CHUNK_SCHEMA_CHECK)
      }
    }
  }
  return null
}

/** Why the stream's usage cannot be read (a chunk's `usage` neither an object nor null), or null. */
export function unreadableUsage(stream: ParsedStream): { skip: string } | null {
  for (const chunk of stream.chunks) {
    const usage = readMember(chunk.value, 'usage', either(isObject, isNull))
    if (usage.state === 'wrong-type')
      return unreadable(`${atChunk(stream, chunk.position)} usage`, usage.seen, CHUNK_SCHEMA_CHECK)
  }
  return null
}

/** The check that reports a stream without the choices it was asked for. */
export const CHOICES_COUNT_CHECK = 'stream.choices.count'

/** A skip when the stream carries no chunk (nothing to judge: the choice count check reports it), else null. */
export function withoutChunks(stream: ParsedStream): { skip: string } | null {
  return stream.chunks.length === 0 ? skip(`the stream carries no chunk; see ${CHOICES_COUNT_CHECK}`) : null
}

/** Runs `rule` on a stream that carries chunks, or skips (no stream, or no chunk). */
export function onChunks(ctx: CheckContext<any>, rule: (stream: ParsedStream) => CheckResult): CheckResult {
  return onStream(ctx, (stream) => withoutChunks(stream) ?? rule(stream))
}

/** Runs `rule` on a stream whose choices can all be read, or skips (no stream, or why they cannot). */
export function onReadableStream(ctx: CheckContext<any>, rule: (stream: ParsedStream) => CheckResult): CheckResult {
  return onStream(ctx, (stream) => unreadableChoices(stream) ?? rule(stream))
}

/**
 * Runs `rule` on the choices of a stream, or skips: no stream, choices that cannot be read,
 * or no choice at all (nothing to judge; the choice count check reports it).
 */
export function onStreamChoices(ctx: CheckContext<any>, rule: (stream: ParsedStream) => CheckResult): CheckResult {
  return onReadableStream(ctx, (stream) =>
    stream.choices.length === 0 ? skip(`the stream carries no choice; see ${CHOICES_COUNT_CHECK}`) : rule(stream),
  )
}
