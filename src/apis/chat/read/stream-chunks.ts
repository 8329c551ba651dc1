/**
 * The choices of a stream's chunks, read with their types: a chunk whose `choices` is not a
 * list, a choice or delta that is not an object, or a delta's content or tool_calls
 * of a wrong type, makes the stream's choices unreadable; the checks that judge what the
 * choices assemble to skip, pointing to the chunk schema check, rather than pass on nothing.
 */
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
