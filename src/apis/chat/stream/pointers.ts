/** Where something sits in a stream, for findings: `sse event 4 /choices/0/delta`. */
import type { ChoiceEntry } from './assemble.ts'
import type { ParsedStream } from './parse.ts'

/** Locates a chunk (and a pointer inside it) for findings: `sse event 4 /choices/0/delta`. */
export function atChunk(stream: ParsedStream, position: number, pointer = ''): string {
  const chunk = stream.chunks[position]
  const where = chunk ? `sse event ${chunk.event.index}` : `chunk ${position}`
  return pointer ? `${where} ${pointer}` : where
}

/** Where a choice sits inside the chunk that carried an entry of it. */
export function choicePointer(entry: ChoiceEntry, stream: ParsedStream, suffix = ''): string {
  const chunk = stream.chunks[entry.position]
  const k = Array.isArray(chunk?.value.choices) ? chunk.value.choices.indexOf(entry.choice) : -1
  return atChunk(stream, entry.position, `/choices/${k}${suffix}`)
}
