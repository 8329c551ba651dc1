/** Stop sequences, shared by plain and streamed completions: the ones a request set, and text that must not contain them. */
import { finding, inconclusive } from '../../../core/define.ts'
import type { Exchange } from '../../../core/exchange.ts'
import type { CheckResult, Finding } from '../../../core/types.ts'
import { successObject } from '../../shared/applicability.ts'
import { isPlainObject, show } from '../../shared/body.ts'
import { isStreamed } from '../read/request.ts'
import { eventStream } from '../stream/applicability.ts'
import type { ParsedStream } from '../stream/parse.ts'

/** The stop sequences a request set (a string or up to four strings). */
export function stopSequences(request: Record<string, unknown>): string[] {
  const stop = request.stop
  return (Array.isArray(stop) ? stop : typeof stop === 'string' ? [stop] : []).filter(
    (s): s is string => typeof s === 'string' && s !== '',
  )
}

/** The returned text must not contain a stop sequence. */
export function stopFindings(content: string, sequences: readonly string[], at: string): Finding[] {
  const hit = sequences.find((s) => content.includes(s))
  return hit === undefined ? [] : [finding(`content contains the stop sequence ${show(hit)}`, { at, actual: content })]
}

/** A stop sequence taken from a reply, and the text of that reply before it. */
export interface DerivedStop {
  stop: string
  before: string
}

/** Shortest word taken as a stop sequence: short ones ("a", "the") hide inside other words. */
const MIN_STOP_WORD = 4

/**
 * A stop sequence the model will meet: the first word from the middle of its own reply on
 * that occurs nowhere before (so the reply, regenerated alike, reaches it exactly there), or
 * why the reply gives none.
 */
export function stopFromReply(content: string): DerivedStop | { cannot: string } {
  const middle = Math.floor(content.length / 2)
  for (const word of content.matchAll(/\p{L}+/gu)) {
    if (word.index < middle || word[0].length < MIN_STOP_WORD) continue
    if (content.indexOf(word[0]) === word.index) return { stop: word[0], before: content.slice(0, word.index) }
  }
  return {
    cannot: `the reply (${content.length} characters) has no word of ${MIN_STOP_WORD}+ letters in its second half that does not occur before`,
  }
}

/** The text of a chat completion's first choice, or why there is none. */
export function firstReplyText(body: Record<string, unknown>): string | { cannot: string } {
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined
  const message = typeof choice === 'object' && choice !== null ? (choice as { message?: unknown }).message : undefined
  const content =
    typeof message === 'object' && message !== null ? (message as { content?: unknown }).content : undefined
  return typeof content === 'string' && content !== '' ? content : { cannot: 'the first choice has no text content' }
}

/** The text of a stream's first choice (its deltas' content assembled), or why there is none. */
export function firstStreamedText(stream: ParsedStream): string | { cannot: string } {
  const content = stream.choices[0]?.content ?? ''
  return content !== '' ? content : { cannot: 'the first choice streamed no text content' }
}

/**
 * The stop sequence a request derives from an earlier completion, streamed or not (see
 * stopFromReply), or why it cannot.
 */
export function derivedStop(earlier: Exchange): DerivedStop | { cannot: string } {
  const sent = earlier.request.body
  if (isPlainObject(sent) && isStreamed(sent)) {
    const stream = eventStream(earlier)
    if ('skip' in stream) return { cannot: stream.skip }
    const text = firstStreamedText(stream.value)
    return typeof text === 'string' ? stopFromReply(text) : text
  }
  const body = successObject(earlier)
  if ('skip' in body) return { cannot: body.skip }
  const text = firstReplyText(body.value)
  return typeof text === 'string' ? stopFromReply(text) : text
}

/** How the stop checks judge a stop word derived from an earlier reply (their `derivedFrom` param). */
export const DERIVED_STOP_NOTES =
  'With `derivedFrom`, the stop word was taken from the reply to the same request without `stop` (that exchange; temperature 0, a seed), so a model that does not follow an instruction still meets it; the reply must then be that reply up to the word. When the two replies differ before it, the check is inconclusive, never a pass.'

/**
 * Whether a reply (its text, or why there is none) asked with a stop word taken from an
 * earlier reply (the exchange `derivedFrom`) is that reply up to the word: a pass, or
 * inconclusive when they differ before it. A stop word in the reply is stopFindings' to report.
 */
export function reachedStop(
  text: string | { cannot: string },
  earlier: Exchange | undefined,
  derivedFrom: string,
): CheckResult {
  const derived = earlier ? derivedStop(earlier) : { cannot: `no exchange ${derivedFrom}` }
  if ('cannot' in derived) return inconclusive(`the reply the stop word came from: ${derived.cannot}`)
  if (typeof text !== 'string') return inconclusive(`nothing to compare with the reply without stop: ${text.cannot}`)
  if (text.trimEnd() === derived.before.trimEnd()) return []
  const from = [...text].findIndex((c, i) => c !== derived.before[i])
  return inconclusive(
    `the reply differs from the reply without stop before ${show(derived.stop)} (from character ${from === -1 ? text.length : from}: ${show(text)} vs ${show(derived.before)}); the model did not answer alike at temperature 0 with a seed, so nothing is said about stop`,
  )
}
