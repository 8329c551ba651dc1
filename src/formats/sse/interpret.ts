/**
 * Lines -> events, the third stage of the reader: the spec's "interpreting an event
 * stream" steps, with everything they silently drop kept aside as evidence.
 */
import { rawLine } from './lines.ts'
import type { IgnoredField, SseBlock, SseComment, SseEvent, SseLine } from './types.ts'

export type ParsedLine =
  | { kind: 'blank' }
  | { kind: 'comment'; text: string }
  | { kind: 'field'; name: string; value: string }

/**
 * One line, per the spec: blank; `:` first -> comment; otherwise the field name is up to
 * the first colon and the value after it, minus ONE leading space; no colon -> the whole
 * line is the name and the value is ''.
 */
export function parseLine(text: string): ParsedLine {
  if (text === '') return { kind: 'blank' }
  if (text.charCodeAt(0) === 0x3a /* : */) return { kind: 'comment', text: text.slice(1) }
  const colon = text.indexOf(':')
  if (colon === -1) return { kind: 'field', name: text, value: '' }
  const value = text.slice(colon + 1)
  return { kind: 'field', name: text.slice(0, colon), value: value.startsWith(' ') ? value.slice(1) : value }
}

const ASCII_DIGITS = /^[0-9]+$/

/** The block of lines since the last blank line. */
interface OpenBlock {
  offset: number
  raw: string
  /** Some line in it was a field (not only comments). */
  hasField: boolean
  retry?: number
}

export class EventInterpreter {
  readonly events: SseEvent[] = []
  readonly comments: SseComment[] = []
  readonly discarded: SseBlock[] = []
  readonly unknownFields: string[] = []
  readonly ignoredFields: IgnoredField[] = []

  // The spec's buffers. `data` holds the data lines; the spec's "data buffer is empty"
  // is `data.length === 0` (a `data` line with an empty value still counts).
  #data: string[] = []
  #eventType = ''
  #lastEventId = ''
  #block: OpenBlock | null = null

  /** Feeds one terminated line; returns the event it dispatched, if any. */
  line(line: SseLine): SseEvent | null {
    const parsed = parseLine(line.text)
    if (parsed.kind === 'blank') return this.#dispatch(line)

    const block = (this.#block ??= { offset: line.offset, raw: '', hasField: false })
    block.raw += rawLine(line)
    if (parsed.kind === 'comment') {
      this.comments.push({ text: parsed.text, t: line.t, offset: line.offset })
      return null
    }
    block.hasField = true
    this.#field(parsed.name, parsed.value, line, block)
    return null
  }

  /**
   * Ends the stream. The pending block (and an unterminated last line) is discarded per
   * the spec; returns it as evidence, with the data it would have carried.
   */
  end(unterminated: SseLine | null): { trailing: string; trailingData: string | null } {
    const data = [...this.#data]
    if (unterminated) {
      const parsed = parseLine(unterminated.text)
      if (parsed.kind === 'field' && parsed.name === 'data') data.push(parsed.value)
    }
    const trailing = (this.#block?.raw ?? '') + (unterminated ? rawLine(unterminated) : '')
    this.#block = null
    this.#data = []
    this.#eventType = ''
    return { trailing, trailingData: data.length > 0 ? data.join('\n') : null }
  }

  #field(name: string, value: string, line: SseLine, block: OpenBlock): void {
    switch (name) {
      case 'event':
        this.#eventType = value
        return
      case 'data':
        this.#data.push(value)
        return
      case 'id':
        if (value.includes('\0'))
          this.ignoredFields.push({ line: line.text, offset: line.offset, reason: 'id-contains-null' })
        else this.#lastEventId = value
        return
      case 'retry':
        // The spec: "consists of only ASCII digits". We read an empty value as not a number
        // (there is nothing to interpret as an integer), so it is ignored too.
        if (ASCII_DIGITS.test(value)) block.retry = Number.parseInt(value, 10)
        else this.ignoredFields.push({ line: line.text, offset: line.offset, reason: 'retry-not-digits' })
        return
      default:
        if (!this.unknownFields.includes(name)) this.unknownFields.push(name)
    }
  }

  /** A blank line: dispatch the event, or reset when the data buffer is empty. */
  #dispatch(blank: SseLine): SseEvent | null {
    const block = this.#block
    this.#block = null
    const data = this.#data
    const eventType = this.#eventType
    this.#data = []
    this.#eventType = ''
    if (!block) return null // A blank line after a blank line (or at the start): nothing pending.

    const raw = block.raw + rawLine(blank)
    if (data.length === 0) {
      if (block.hasField) this.discarded.push({ raw, offset: block.offset, t: blank.t })
      return null
    }
    const event: SseEvent = {
      index: this.events.length,
      event: eventType === '' ? 'message' : eventType,
      data: data.join('\n'),
      id: this.#lastEventId,
      t: blank.t,
      offset: block.offset,
      raw,
    }
    if (block.retry !== undefined) event.retry = block.retry
    this.events.push(event)
    return event
  }
}
