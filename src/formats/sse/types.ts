/**
 * The vocabulary of the strict event-stream reader: what it takes in and what it makes of
 * it, per the WHATWG HTML "server-sent events" interpretation rules
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
 *
 * Positions (`offset`) are UTF-16 code-unit indexes into the decoded stream text: the
 * concatenation of every chunk's text as decoded, a leading BOM included. So for any
 * block `b`, `decoded.slice(b.offset, b.offset + b.raw.length) === b.raw`.
 */

/** One piece of the body as it arrived: text (already decoded) or raw bytes, not both. */
export interface SseChunk {
  /** Arrival time, ms since the request was sent; null when unknown (recordings). */
  t: number | null
  text?: string
  bytes?: Uint8Array
}

/** The three end-of-line forms the event-stream grammar allows. */
export type LineEnding = 'lf' | 'crlf' | 'cr'

/** One line of the stream, without its terminator. */
export interface SseLine {
  text: string
  /** Null only for a last line the stream never terminated. */
  ending: LineEnding | null
  offset: number
  /** The `t` of the chunk that delivered the line's terminator (its first character). */
  t: number | null
}

/** One dispatched event, per the WHATWG rules. */
export interface SseEvent {
  /** 0-based order of dispatch. */
  index: number
  /** The `event:` field's value, or 'message' when none was given (or it was empty). */
  event: string
  /** Data lines joined with '\n' (the trailing newline removed, per the spec). */
  data: string
  /** The last event ID buffer at dispatch (may be ''). It persists across events. */
  id: string
  /** `retry:` value if this block set a valid one (the last valid one, if several). */
  retry?: number
  /** Arrival time (ms since the request, from the chunk that completed the event), or null. */
  t: number | null
  /** Offset of the event's first line in the decoded text (for evidence). */
  offset: number
  /** The raw text of the event block as received (lines + terminator), for evidence. */
  raw: string
}

/** A comment line (`:` first), which never affects dispatch. */
export interface SseComment {
  /** The line after its leading ':', verbatim (a leading space is kept). */
  text: string
  t: number | null
  offset: number
}

/**
 * A block closed by a blank line that dispatched nothing because it had no `data` line
 * (e.g. `event: ping\n\n` or `retry: 3000\n\n`). Legal, and the spec says drop it; kept
 * for evidence. Blocks of comments only are not listed (their comments are).
 */
export interface SseBlock {
  raw: string
  offset: number
  t: number | null
}

/** A known field whose value the spec says to ignore. */
export interface IgnoredField {
  /** The whole line, for evidence. */
  line: string
  offset: number
  reason: 'id-contains-null' | 'retry-not-digits'
}

/** Things that are legal but worth knowing (evidence, not failures). */
export interface SseNotes {
  /** A UTF-8 BOM opened the stream (and was skipped). */
  bom: boolean
  /** Line-ending styles seen, in order of first appearance. */
  lineEndings: LineEnding[]
  /** Field names the spec does not define (ignored), in order of first appearance. Case-sensitive: `Data` is one. */
  unknownFields: string[]
  /** `id` fields containing NULL and `retry` fields that are not all ASCII digits. */
  ignoredFields: IgnoredField[]
}

export interface SseParseResult {
  events: SseEvent[]
  comments: SseComment[]
  notes: SseNotes
  /** Blocks that a blank line closed without dispatching (no data); see SseBlock. */
  discarded: SseBlock[]
  /**
   * Text after the last blank line that never got its own blank line (the stream ended
   * mid-event, or ended on comments or an unterminated line). Per the spec such an
   * incomplete event is discarded, not dispatched; kept for evidence. '' when the stream
   * ended on a blank line.
   */
  trailing: string
  /**
   * The data the incomplete trailing event would have carried had it been finished (an
   * unterminated last `data` line counted too), or null when the trailing text has no
   * data line. Non-null means an event was lost: lenient clients (the SDK) deliver it,
   * spec-following ones do not.
   */
  trailingData: string | null
  /**
   * Invalid UTF-8 was seen (the decoder produced replacement characters). Only detectable
   * for chunks given as bytes: text chunks were decoded upstream.
   */
  invalidUtf8: boolean
}
