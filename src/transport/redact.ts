/**
 * Redaction: secrets never reach an Exchange, a report or a log.
 *
 * A redactor knows the run's secrets (the API key, sensitive extra headers) and replaces
 * every occurrence of each, in the raw form and the forms it takes inside JSON strings and
 * URLs, with `[REDACTED]`. Header values under well-known credential names are replaced
 * whatever they hold.
 */

import type { Range } from './reassembly.ts'

export const REDACTED = '[REDACTED]'

/**
 * Secrets shorter than this are not redacted as substrings: replacing every "openai" or
 * "42" would destroy the evidence (case ids, URLs, messages). The run says so once instead
 * (see `targetSecrets`); credential headers are still redacted whole.
 */
export const MIN_SECRET_LENGTH = 8

/** Header names whose values are always redacted (compared lower-cased). */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'api-key',
  'x-api-key',
  'proxy-authorization',
  'cookie',
  'set-cookie',
])

export interface RedactOptions {
  /**
   * The text was cut before its end (a truncated or interrupted body): a trailing prefix
   * of a secret is redacted too, since the rest of the secret was lost with the cut.
   */
  cut?: boolean
}

export interface Redactor {
  /** The secrets it removes (those of MIN_SECRET_LENGTH or more), as given. */
  readonly secrets: readonly string[]
  text(s: string, options?: RedactOptions): string
  /** Values of credential headers become `[REDACTED]`; other values are redacted as text. */
  headers(h: Record<string, string>): Record<string, string>
  /**
   * The value with strings (and object keys) redacted, plain structure kept: copy on write
   * (parts with nothing to redact are shared, not copied), nesting cut at MAX_KEPT_DEPTH.
   */
  deep<T>(v: T): T
  /**
   * Redacts text that arrived in pieces (body chunks) as one text, so a secret split across
   * pieces is still found. The result has one piece per input piece and
   * `result.join('') === text(parts.join(''))`: the replacement lands in the piece where the
   * secret starts, and the rest of the secret is removed from the following pieces.
   */
  segments(parts: readonly string[], options?: RedactOptions): string[]
  /** Redacts secrets in raw bytes (binary bodies), matching their UTF-8 encodings. */
  bytes(b: Uint8Array, options?: RedactOptions): Uint8Array
}

export function createRedactor(secrets: readonly string[]): Redactor {
  const kept = unique(secrets.filter((s) => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH))
  const needles = secretForms(kept)
  // Binary bodies are searched as latin1 strings (one char per byte), so the needles are
  // the secrets' UTF-8 bytes spelled the same way.
  const byteNeedles = unique(needles.map((n) => Buffer.from(n, 'utf8').toString('latin1')))
  const replacementBytes = REDACTED // ASCII: identical in latin1 and UTF-8

  const segments = (parts: readonly string[], options?: RedactOptions): string[] =>
    applyRanges(parts, findRanges(parts.join(''), needles, options?.cut ?? false), REDACTED)

  const text = (s: string, options?: RedactOptions): string => {
    if (needles.length === 0) return s
    return segments([s], options)[0]!
  }

  const headers = (h: Record<string, string>): Record<string, string> => {
    const out: Record<string, string> = {}
    for (const [name, value] of Object.entries(h)) {
      out[text(name)] = CREDENTIAL_HEADERS.has(name.toLowerCase()) ? REDACTED : text(value)
    }
    return out
  }

  const deep = <T>(v: T): T => deepRedact(v, text, new WeakMap()) as T

  const bytes = (b: Uint8Array, options?: RedactOptions): Uint8Array => {
    if (byteNeedles.length === 0) return b
    const latin1 = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1')
    const ranges = findRanges(latin1, byteNeedles, options?.cut ?? false)
    if (ranges.length === 0) return b
    return new Uint8Array(Buffer.from(applyRanges([latin1], ranges, replacementBytes)[0]!, 'latin1'))
  }

  return { secrets: kept, text, headers, deep, segments, bytes }
}

/** Each secret as written, inside a JSON string, and URL-encoded; deduplicated, longest first. */
function secretForms(secrets: readonly string[]): string[] {
  const forms: string[] = []
  for (const secret of secrets) {
    forms.push(secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret))
  }
  // Longest first, so a longer form wins over a shorter one at the same position.
  return unique(forms).sort((a, b) => b.length - a.length)
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}

/** Non-overlapping, sorted ranges of `text` covered by any needle (and, when cut, a trailing partial needle). */
function findRanges(text: string, needles: readonly string[], cut: boolean): Range[] {
  const raw: [number, number][] = []
  for (const needle of needles) {
    for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) {
      raw.push([i, i + needle.length])
    }
  }
  if (cut) {
    const tail = trailingPartial(text, needles)
    if (tail > 0) raw.push([text.length - tail, text.length])
  }
  return mergeRanges(raw)
}

/** Length of the longest proper prefix (≥ MIN_SECRET_LENGTH) of any needle that `text` ends with. */
function trailingPartial(text: string, needles: readonly string[]): number {
  let longest = 0
  for (const needle of needles) {
    for (let k = Math.min(needle.length - 1, text.length); k >= MIN_SECRET_LENGTH && k > longest; k--) {
      if (text.endsWith(needle.slice(0, k))) {
        longest = k
        break
      }
    }
  }
  return longest
}

/** Sorted, merged copies of `ranges` (overlapping or touching ones become one). */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || b[1] - a[1])
  const merged: [number, number][] = []
  for (const [start, end] of sorted) {
    const last = merged.at(-1)
    if (last && start <= last[1]) last[1] = Math.max(last[1], end)
    else merged.push([start, end])
  }
  return merged
}

/** Replaces each range of the joined parts with `replacement`, keeping the part boundaries. */
export function applyRanges(
  parts: readonly string[],
  ranges: readonly Range[],
  replacement: string = REDACTED,
): string[] {
  if (ranges.length === 0) return [...parts]
  const out: string[] = []
  let offset = 0
  let r = 0
  for (const part of parts) {
    const end = offset + part.length
    let piece = ''
    let pos = offset
    while (pos < end) {
      // Skip ranges that ended before this position.
      while (r < ranges.length && ranges[r]![1] <= pos) r++
      const range = ranges[r]
      if (!range || range[0] >= end) {
        piece += part.slice(pos - offset)
        pos = end
      } else if (range[0] > pos) {
        piece += part.slice(pos - offset, range[0] - offset)
        pos = range[0]
      } else {
        // Inside a range: the replacement goes where the range starts; the rest is dropped.
        if (range[0] === pos) piece += replacement
        pos = Math.min(range[1], end)
      }
    }
    out.push(piece)
    offset = end
  }
  return out
}

/** Nesting kept by `deep`: a deeper value (a hostile body the SDK parsed) is replaced below this depth. */
export const MAX_KEPT_DEPTH = 512

/** What stands in for a value nested deeper than MAX_KEPT_DEPTH. */
export const TOO_DEEP = `[nested deeper than ${MAX_KEPT_DEPTH} levels: not kept]`

/**
 * Copy on write: a value with nothing to redact comes back as it is (no copy of a large SDK
 * result), a changed one as a copy; a value nested deeper than MAX_KEPT_DEPTH is cut there,
 * so no recursion over a hostile value can overflow the stack.
 */
function deepRedact(v: unknown, text: (s: string) => string, seen: WeakMap<object, unknown>, depth = 0): unknown {
  if (typeof v === 'string') return text(v)
  if (v === null || typeof v !== 'object') return v
  if (seen.has(v)) return seen.get(v)
  if (v instanceof Date || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return v
  if (depth >= MAX_KEPT_DEPTH) return TOO_DEEP
  // Provisionally itself (a cycle back to it sees the original); replaced when a copy is made.
  seen.set(v, v)
  if (Array.isArray(v)) {
    let out: unknown[] | null = null
    for (let i = 0; i < v.length; i++) {
      const item = deepRedact(v[i], text, seen, depth + 1)
      if (out === null && item !== v[i]) out = v.slice(0, i)
      out?.push(item)
    }
    if (out) seen.set(v, out)
    return out ?? v
  }
  const entries = Object.entries(v)
  let changed = Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null
  const redacted = entries.map(([key, value]): [string, unknown] => {
    const k = text(key)
    const val = deepRedact(value, text, seen, depth + 1)
    if (k !== key || val !== value) changed = true
    return [k, val]
  })
  if (!changed) return v
  const out = Object.fromEntries(redacted)
  seen.set(v, out)
  return out
}
