export { SseReader, parseSse, isDone, dataEvents } from './reader.ts'
export { parseLine } from './interpret.ts'
export type { ParsedLine } from './interpret.ts'
export type * from './types.ts'
