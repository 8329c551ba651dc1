/**
 * Value checks shared by the three places a setting can come from (flags, environment,
 * config file), so each rule and its message exist once. Every check throws a
 * `UsageError` whose one-line message names where the value came from (`subject`).
 */
import { CAPABILITIES, MODEL_ROLES, isCapability, isModelRole } from '../core/capabilities.ts'
import type { Capability, ModelRole } from '../core/capabilities.ts'
import { UsageError } from './errors.ts'
import { FAIL_ON_VALUES, type FailOn, type Shard } from './types.ts'

/** Where a value came from, for messages: `--concurrency`, `OPENAI_BASE_URL`, `"target.baseURL"` in a file. */
export interface Subject {
  /** How the setting is named at its source. */
  name: string
  /** Prefix naming the source when `name` alone does not, e.g. `config file "x.json": `. */
  context: string
}

export function flagSubject(flag: string): Subject {
  return { name: `--${flag}`, context: '' }
}

export function envSubject(variable: string): Subject {
  return { name: variable, context: '' }
}

export function fileSubject(fileLabel: string, keyPath: string): Subject {
  return { name: quote(keyPath), context: `config file ${quote(fileLabel)}: ` }
}

export function usageError(subject: Subject, problem: string): UsageError {
  return new UsageError(subject.context + problem)
}

const QUOTE_LIMIT = 120

/** A value as it appears in a message: JSON-quoted (so it stays on one line), cut when long. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text
}

/** Inclusive bounds of the integer settings. */
export interface IntegerRange {
  min: number
  max: number
}

export const INTEGER_RANGES = {
  concurrency: { min: 1, max: 64 },
  /** An hour: far above any sane per-request time, far below setTimeout's 2^31-1 ms ceiling. */
  timeoutMs: { min: 1, max: 3_600_000 },
  retries: { min: 0, max: 10 },
} as const satisfies Record<string, IntegerRange>

function rangeProblem(subject: Subject, range: IntegerRange, got: unknown): UsageError {
  return usageError(subject, `${subject.name} must be an integer from ${range.min} to ${range.max}, got ${quote(got)}`)
}

/** An integer typed as text (a flag): digits only, so `1e3`, `4.0`, `0x10` and `` are refused. */
export function parseIntegerText(raw: string, range: IntegerRange, subject: Subject): number {
  if (!/^[0-9]+$/.test(raw)) throw rangeProblem(subject, range, raw)
  return requireInteger(Number(raw), range, subject, raw)
}

/** An integer given as a JSON/JS value (a config file). */
export function requireInteger(value: unknown, range: IntegerRange, subject: Subject, shown: unknown = value): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw rangeProblem(subject, range, shown)
  }
  return value
}

/** A non-empty string (after trimming); returns it trimmed. */
export function requireNonEmpty(raw: string, subject: Subject): string {
  const value = raw.trim()
  if (value === '') throw usageError(subject, `${subject.name} must not be empty`)
  return value
}

/**
 * An http(s) base URL, normalised: no credentials (they would end up in reports), no
 * query or fragment (the SDK appends paths to the base URL as text, so a query would
 * swallow them), trailing slashes removed.
 */
export function parseBaseURL(raw: string, subject: Subject): string {
  const invalid = (shown: string, why: string) => usageError(subject, `invalid ${subject.name} ${quote(shown)}: ${why}`)
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw invalid(raw, 'must be an http(s) URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(raw, 'must be an http(s) URL')
  if (url.username !== '' || url.password !== '') {
    const shown = new URL(url.href)
    shown.username = shown.username ? '***' : ''
    shown.password = shown.password ? '***' : ''
    throw invalid(shown.href, 'must not contain credentials (use --api-key or --header)')
  }
  if (url.search !== '' || url.hash !== '') throw invalid(raw, 'must not have a query or fragment')
  return url.href.replace(/\/+$/, '')
}

/**
 * An http(s) URL of an image the target fetches (`--image-url`, `target.imageUrl`): no
 * credentials (they would end up in reports); a query is kept (signed storage links have one).
 */
export function parseImageURL(raw: string, subject: Subject): string {
  const invalid = (why: string) => usageError(subject, `invalid ${subject.name} ${quote(raw)}: ${why}`)
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw invalid('must be an http(s) URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('must be an http(s) URL')
  if (url.username !== '' || url.password !== '') throw invalid('must not contain credentials')
  return url.href
}

/** The target's label for reports when none is given: the base URL's host (with port). */
export function hostOf(baseURL: string): string {
  return new URL(baseURL).host
}

/** `inconclusive,warn`: the `--fail-on` values, comma-separated. */
export function parseFailOn(items: readonly string[], subject: Subject): FailOn[] {
  const values = items.flatMap((item) => item.split(',')).map((item) => item.trim())
  for (const value of values)
    if (!(FAIL_ON_VALUES as readonly string[]).includes(value))
      throw usageError(subject, `${subject.name}: unknown result ${quote(value)} (known: ${FAIL_ON_VALUES.join(', ')})`)
  return [...new Set(values as FailOn[])]
}

export function parseCapability(raw: string, subject: Subject): Capability {
  if (!isCapability(raw)) {
    throw usageError(subject, `unknown capability ${quote(raw)} in ${subject.name} (known: ${CAPABILITIES.join(', ')})`)
  }
  return raw
}

/** Capabilities in the order first given, duplicates dropped; at least one. */
export function parseCapabilities(items: readonly string[], subject: Subject): Capability[] {
  if (items.length === 0) throw usageError(subject, `${subject.name} must name at least one capability`)
  return [...new Set(items.map((item) => parseCapability(item, subject)))]
}

/** `--only chat,tools` style: comma-separated, blanks around items ignored, empty items refused. */
export function splitCapabilityList(raw: string, subject: Subject): Capability[] {
  const items = raw.split(',').map((item) => item.trim())
  if (items.some((item) => item === '')) {
    throw usageError(subject, `${subject.name} expects CAP[,CAP...], got ${quote(raw)}`)
  }
  return parseCapabilities(items, subject)
}

export function parseModelRole(raw: string, subject: Subject): ModelRole {
  if (!isModelRole(raw)) {
    throw usageError(subject, `unknown model role ${quote(raw)} in ${subject.name} (known: ${MODEL_ROLES.join(', ')})`)
  }
  return raw
}

/** `ROLE=ID`; the id is everything after the first `=` (ids may contain `=`). */
export function parseModelAssignment(raw: string, subject: Subject): [ModelRole, string] {
  const eq = raw.indexOf('=')
  const role = raw.slice(0, eq).trim()
  const id = raw.slice(eq + 1).trim()
  if (eq < 0 || role === '' || id === '')
    throw usageError(subject, `${subject.name} expects ROLE=ID, got ${quote(raw)}`)
  return [parseModelRole(role, subject), id]
}

/** RFC 9110 `token`: the characters a header field name may contain. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** Header names are case-insensitive; lower-casing them makes the layers merge per header. */
export function requireHeaderName(name: string, subject: Subject): string {
  if (!HEADER_NAME.test(name)) throw usageError(subject, `${subject.name}: invalid header name ${quote(name)}`)
  return name.toLowerCase()
}

/**
 * A header value (or an API key, which travels in one): fetch refuses control characters
 * and anything beyond Latin-1. The value is not shown in the message: it may be a secret.
 */
export function requireHeaderValue(value: string, subject: Subject, what = 'value'): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000a-\u001f\u007f]|[^\u0000-\u00ff]/.test(value)) {
    throw usageError(
      subject,
      `${subject.name}: ${what} must not contain control characters or characters beyond Latin-1`,
    )
  }
  return value.trim()
}

/** `Name: value`, split at the first colon. The argument is not echoed: it may carry a secret. */
export function parseHeaderLine(raw: string, subject: Subject): [string, string] {
  const colon = raw.indexOf(':')
  if (colon < 0) throw usageError(subject, `${subject.name} expects "Name: value" (no ":" in the argument)`)
  const name = requireHeaderName(raw.slice(0, colon).trim(), subject)
  return [name, requireHeaderValue(raw.slice(colon + 1), { ...subject, name: `${subject.name} ${quote(name)}` })]
}

/** The most parts `--shard` splits a run into (one generic test file each: `src/run/buckets/`). */
export const MAX_SHARDS = 8

/** `I/N` with 1 <= I <= N <= MAX_SHARDS. */
export function parseShard(raw: string, subject: Subject): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(raw.trim())
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || index < 1 || count < 1 || index > count || count > MAX_SHARDS) {
    throw usageError(subject, `${subject.name} expects I/N with 1 <= I <= N <= ${MAX_SHARDS}, got ${quote(raw)}`)
  }
  return { index, count }
}
