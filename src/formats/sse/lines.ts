/**
 * Text -> lines, the second stage of the reader: the `stream` grammar of the spec.
 *
 *   stream      = [ bom ] *event
 *   end-of-line = ( cr lf / cr / lf )
 *
 * A BOM is skipped only as the very first character. A CR that ends a chunk ends its line
 * at once (its chunk's `t` is the line's time), but the line is held back until the next
 * character is known, since an LF starting the next chunk belongs to the same CRLF.
 */
import type { LineEnding, SseLine } from './types.ts'

const CR = 0x0d
const LF = 0x0a
const BOM = 0xfeff

const ENDING_TEXT: Record<LineEnding, string> = { lf: '\n', crlf: '\r\n', cr: '\r' }

/** The line's text with its terminator, as it appeared in the stream. */
export function rawLine(line: SseLine): string {
  return line.ending === null ? line.text : line.text + ENDING_TEXT[line.ending]
}

/** Index of the next CR or LF at or after `from`, or -1. */
function nextBreak(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === CR || c === LF) return i
  }
  return -1
}

export class LineSplitter {
  /** A BOM opened the stream. */
  bom = false
  /** Line-ending styles seen, in order of first appearance. */
  readonly lineEndings: LineEnding[] = []

  /** Code units pushed so far. */
  #position = 0
  /** Text of the current, not yet terminated line, and where it starts. */
  #partial = ''
  #lineStart = 0
  /** A line ended by a CR that was the last character of its chunk (ending not final). */
  #held: SseLine | null = null
  #lastT: number | null = null

  /** Feeds decoded text; returns the lines it completed, in order. */
  push(text: string, t: number | null): SseLine[] {
    const lines: SseLine[] = []
    if (text.length === 0) return lines
    const base = this.#position
    this.#position += text.length
    this.#lastT = t
    let i = 0

    if (base === 0 && text.charCodeAt(0) === BOM) {
      this.bom = true
      i = 1
      this.#lineStart = 1
    }
    if (this.#held) {
      if (text.charCodeAt(0) === LF) {
        this.#held.ending = 'crlf'
        i = 1
      }
      this.#emit(this.#held, lines)
      this.#held = null
      this.#lineStart = base + i
    }

    for (;;) {
      const at = nextBreak(text, i)
      if (at === -1) {
        this.#partial += text.slice(i)
        return lines
      }
      const line: SseLine = { text: this.#partial + text.slice(i, at), ending: 'lf', offset: this.#lineStart, t }
      this.#partial = ''
      i = at + 1
      if (text.charCodeAt(at) === CR) {
        if (i === text.length) {
          // The next chunk decides between CR and CRLF; 'cr' until then.
          line.ending = 'cr'
          this.#held = line
          this.#lineStart = base + i
          return lines
        }
        if (text.charCodeAt(i) === LF) {
          line.ending = 'crlf'
          i++
        } else {
          line.ending = 'cr'
        }
      }
      this.#emit(line, lines)
      this.#lineStart = base + i
    }
  }

  /**
   * Ends the stream: returns the held line, if any, and then the unterminated remainder
   * as a line with `ending: null`, if any.
   */
  finish(): SseLine[] {
    const lines: SseLine[] = []
    if (this.#held) {
      this.#emit(this.#held, lines)
      this.#held = null
    }
    if (this.#partial !== '') {
      lines.push({ text: this.#partial, ending: null, offset: this.#lineStart, t: this.#lastT })
      this.#partial = ''
    }
    return lines
  }

  #emit(line: SseLine, into: SseLine[]): void {
    if (line.ending !== null && !this.lineEndings.includes(line.ending)) this.lineEndings.push(line.ending)
    into.push(line)
  }
}
