/**
 * A strict reader of `text/event-stream` bodies, per the WHATWG HTML rules
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
 *
 * The SDK's own parser is lenient (it dispatches an unfinished last event, accepts any
 * line ending pair-up, drops what it does not know), which hides deviations. This one
 * follows the rules exactly, and keeps whatever they let a client ignore as evidence, so
 * checks can tell "legal but unusual" from "broken".
 *
 * A pipeline of three stages: bytes -> text (decode.ts), text -> lines (lines.ts),
 * lines -> events (interpret.ts).
 */
import { ChunkDecoder } from './decode.ts'
import { EventInterpreter } from './interpret.ts'
import { LineSplitter } from './lines.ts'
import type { SseChunk, SseEvent, SseLine, SseParseResult } from './types.ts'

export type * from './types.ts'

/**
 * Incremental form: push chunks as they arrive, then `finish()` at the end of the body.
 *
 * `push` returns the events its chunk completed. One rare delay: when a chunk ends in a
 * CR, the line it ends is handed on with the next chunk (or `finish()`), since an LF may
 * follow; the line's and event's `t` are still the CR chunk's.
 */
export class SseReader {
  #decoder = new ChunkDecoder()
  #lines = new LineSplitter()
  #interpreter = new EventInterpreter()
  #lastT: number | null = null
  #result: SseParseResult | null = null

  /** The events dispatched so far. */
  get events(): readonly SseEvent[] {
    return this.#interpreter.events
  }

  push(chunk: SseChunk): SseEvent[] {
    if (this.#result) throw new Error('SseReader: push() after finish()')
    this.#lastT = chunk.t
    return this.#feed(this.#lines.push(this.#decoder.decode(chunk), chunk.t))
  }

  /** Ends the stream and returns everything read. Idempotent. */
  finish(): SseParseResult {
    if (this.#result) return this.#result
    const lines = [...this.#lines.push(this.#decoder.flush(), this.#lastT), ...this.#lines.finish()]
    const last = lines.at(-1)
    const unterminated = last?.ending === null ? (lines.pop() ?? null) : null
    this.#feed(lines)
    const { trailing, trailingData } = this.#interpreter.end(unterminated)
    const interpreter = this.#interpreter
    this.#result = {
      events: interpreter.events,
      comments: interpreter.comments,
      notes: {
        bom: this.#lines.bom,
        lineEndings: this.#lines.lineEndings,
        unknownFields: interpreter.unknownFields,
        ignoredFields: interpreter.ignoredFields,
      },
      discarded: interpreter.discarded,
      trailing,
      trailingData,
      invalidUtf8: this.#decoder.invalidUtf8,
    }
    return this.#result
  }

  #feed(lines: SseLine[]): SseEvent[] {
    const events: SseEvent[] = []
    for (const line of lines) {
      const event = this.#interpreter.line(line)
      if (event) events.push(event)
    }
    return events
  }
}

/**
 * Parses a whole captured body: chunks as they arrived (text or bytes) with arrival
 * times, or the body as one string (times then null).
 */
export function parseSse(chunks: Iterable<SseChunk> | string): SseParseResult {
  const reader = new SseReader()
  if (typeof chunks === 'string') reader.push({ t: null, text: chunks })
  else for (const chunk of chunks) reader.push(chunk)
  return reader.finish()
}

/** The OpenAI end-of-stream sentinel: `data: [DONE]`. */
export function isDone(event: SseEvent): boolean {
  return event.data === '[DONE]'
}

/** The payload events: every dispatched event except `[DONE]` sentinels, in order. */
export function dataEvents(result: SseParseResult): SseEvent[] {
  return result.events.filter((event) => !isDone(event))
}
