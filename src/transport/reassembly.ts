/**
 * Secrets an endpoint hands back in pieces. A stream that echoes the key over two deltas
 * keeps neither half whole in any one place, yet a reader of the raw events rebuilds it by
 * concatenating the values at one JSON path (`choices[0].delta.content`,
 * `…tool_calls[0].function.arguments`, `error.message`) across the events. This module finds
 * such occurrences the way that reader would: it groups pieces, concatenates each group,
 * finds the secrets in the concatenation, and names every piece's part (even one character)
 * that composes an occurrence, as ranges of the raw text to redact.
 */
import { parseSse } from '../formats/sse/index.ts'

/** `[start, end)` in UTF-16 code units. */
export type Range = readonly [start: number, end: number]

/** What reassembly found: ranges of the text to redact, and the pieces' parts long enough to redact as text elsewhere. */
export interface Reassembled {
  ranges: Range[]
  /** The parts of pieces that compose an occurrence (each as it was in its piece, decoded). */
  fragments: string[]
}

/**
 * For pieces read in order, the ranges of each piece that compose an occurrence of a secret
 * in their concatenation (one list per piece, in the piece's own offsets).
 */
export function piecesRanges(pieces: readonly string[], secrets: readonly string[]): Range[][] {
  const out: Range[][] = pieces.map(() => [])
  if (pieces.length < 2 || secrets.length === 0) return out
  const whole = pieces.join('')
  const starts: number[] = []
  let offset = 0
  for (const piece of pieces) {
    starts.push(offset)
    offset += piece.length
  }
  for (const secret of secrets) {
    for (let at = whole.indexOf(secret); at !== -1; at = whole.indexOf(secret, at + 1)) {
      const end = at + secret.length
      for (let i = lastStartAtOrBefore(starts, at); i < pieces.length && starts[i]! < end; i++) {
        const from = Math.max(at, starts[i]!) - starts[i]!
        const to = Math.min(end, starts[i]! + pieces[i]!.length) - starts[i]!
        if (to > from) out[i]!.push([from, to])
      }
    }
  }
  return out
}

function lastStartAtOrBefore(starts: readonly number[], at: number): number {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid]! <= at) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** One JSON string value (or a whole non-JSON data field) of an event, where it is in the body. */
interface Piece {
  path: string
  /** The decoded value. */
  value: string
  /** Body offset of each decoded code unit, and of the end (length value.length + 1). */
  offsets: number[]
}

/**
 * Secrets spread over the events of an event-stream body: the JSON string values of every
 * event grouped by path (an event whose data is not JSON counts as one value, path `(data)`),
 * each group concatenated in event order and searched.
 */
export function reassembledInStream(bodyText: string, secrets: readonly string[]): Reassembled {
  const found: Reassembled = { ranges: [], fragments: [] }
  if (secrets.length === 0) return found
  const groups = new Map<string, Piece[]>()
  for (const event of parseSse(bodyText).events) {
    const data = dataOffsets(event.raw, event.offset)
    if (!data || data.text !== event.data) continue
    for (const piece of eventPieces(data.text, data.offsets)) {
      const group = groups.get(piece.path)
      if (group) group.push(piece)
      else groups.set(piece.path, [piece])
    }
  }
  for (const pieces of groups.values()) {
    const ranges = piecesRanges(
      pieces.map((p) => p.value),
      secrets,
    )
    ranges.forEach((local, i) => {
      const piece = pieces[i]!
      for (const [from, to] of local) {
        found.ranges.push([piece.offsets[from]!, piece.offsets[to]!])
        found.fragments.push(piece.value.slice(from, to))
      }
    })
  }
  return found
}

/** An event's data (its data lines joined with '\n') and the body offset of each of its code units. */
function dataOffsets(raw: string, eventOffset: number): { text: string; offsets: number[] } | null {
  let text = ''
  const offsets: number[] = []
  const line = /([^\r\n]*)(\r\n|\r|\n|$)/g
  for (let match = line.exec(raw); match && match[0] !== ''; match = line.exec(raw)) {
    const content = match[1]!
    const colon = content.indexOf(':')
    const name = colon === -1 ? content : content.slice(0, colon)
    if (name === 'data') {
      let start = colon === -1 ? content.length : colon + 1
      if (content[start] === ' ') start++
      if (offsets.length > 0) {
        offsets.push(eventOffset + match.index - 1)
        text += '\n'
      }
      for (let i = start; i < content.length; i++) offsets.push(eventOffset + match.index + i)
      text += content.slice(start)
    }
  }
  if (offsets.length === 0) return null
  offsets.push((offsets.at(-1) ?? eventOffset) + 1)
  return { text, offsets }
}

/** Nesting the scanner follows; a deeper value is not searched (a hostile body, nothing a secret needs). */
const MAX_SCAN_DEPTH = 64

/** The string values of one event's data, by path; data that is not JSON is one piece. */
function eventPieces(data: string, offsets: readonly number[]): Piece[] {
  const first = data.trimStart()[0]
  if (first !== '{' && first !== '[' && first !== '"') return [{ path: '(data)', value: data, offsets: [...offsets] }]
  const pieces: Piece[] = []
  for (const token of jsonStrings(data)) {
    let value: unknown
    try {
      value = JSON.parse(data.slice(token.start, token.end))
    } catch {
      continue
    }
    if (typeof value !== 'string') continue
    const local = decodedOffsets(data, token.start, token.end)
    if (local.length !== value.length + 1) continue
    pieces.push({ path: token.path, value, offsets: local.map((i) => offsets[i]!) })
  }
  return pieces
}

interface StringToken {
  path: string
  /** Offsets of the opening and past the closing quote. */
  start: number
  end: number
}

/**
 * The string values (not member names) of a JSON text with their paths, read by a scanner
 * that tracks containers without validating: what it makes of text that is not JSON is
 * harmless (a secret is only ever found where it really is, in some concatenation).
 */
function jsonStrings(text: string): StringToken[] {
  const tokens: StringToken[] = []
  // Per open container: its path segments so far, and for arrays the item index, for objects the member name.
  const stack: { array: boolean; index: number; name: string | null; expectName: boolean }[] = []
  const path = () =>
    stack.map((frame) => (frame.array ? `[${frame.index}]` : `.${frame.name ?? ''}`)).join('') || '(value)'
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    const top = stack.at(-1)
    if (c === '"') {
      const end = stringEnd(text, i)
      if (top && !top.array && top.expectName) {
        try {
          top.name = String(JSON.parse(text.slice(i, end)))
        } catch {
          top.name = text.slice(i + 1, end - 1)
        }
        top.expectName = false
      } else if (stack.length <= MAX_SCAN_DEPTH) tokens.push({ path: path(), start: i, end })
      i = end - 1
    } else if (c === '{' || c === '[') {
      stack.push({ array: c === '[', index: 0, name: null, expectName: c === '{' })
    } else if (c === '}' || c === ']') {
      stack.pop()
    } else if (c === ',' && top) {
      if (top.array) top.index++
      else top.expectName = true
    }
  }
  return tokens
}

/** Past the closing quote of the string opening at `start` (or the end of the text). */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === '"') return i + 1
  }
  return text.length
}

/** For the JSON string token `text[start, end)`: the offset in `text` of each decoded code unit, and of its end. */
function decodedOffsets(text: string, start: number, end: number): number[] {
  const out: number[] = []
  for (let i = start + 1; i < end - 1; ) {
    out.push(i)
    i += text[i] === '\\' ? (text[i + 1] === 'u' ? 6 : 2) : 1
  }
  out.push(end - 1)
  return out
}
