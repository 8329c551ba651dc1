/** Logprobs in the chat shape, shared by plain completions and chunks. */
import { finding } from '../../../core/define.ts'
import type { Finding } from '../../../core/types.ts'
import { isPlainObject, show } from '../../shared/body.ts'

/**
 * `bytes` is "the UTF-8 bytes representation of the token": judged when the token is whole
 * text (a token that splits a character shows U+FFFD, and its bytes are the raw piece).
 */
function bytesOfTokenFindings(token: unknown, bytes: number[] | null, at: string): Finding[] {
  if (bytes === null || typeof token !== 'string' || token.includes('\uFFFD')) return []
  const expected = [...new TextEncoder().encode(token)]
  return bytes.length === expected.length && bytes.every((b, i) => b === expected[i])
    ? []
    : [
        finding(`bytes ${show(bytes, 60)} are not the UTF-8 bytes of the token ${show(token, 40)}`, {
          at,
          actual: bytes,
          expected,
        }),
      ]
}

/** The chat shape of one token's logprob entry. */
function logprobEntryFindings(entry: unknown, at: string, topLogprobs: number | null): Finding[] {
  if (!isPlainObject(entry)) return [finding(`expected a logprob object, got ${show(entry)}`, { at, actual: entry })]
  const out: Finding[] = []
  if (typeof entry.token !== 'string')
    out.push(finding('token is not a string', { at: `${at}/token`, actual: entry.token }))
  if (typeof entry.logprob !== 'number' || entry.logprob > 0) {
    out.push(
      finding(`logprob is ${show(entry.logprob)}, expected a number <= 0`, {
        at: `${at}/logprob`,
        actual: entry.logprob,
      }),
    )
  }
  const bytesOk =
    entry.bytes === null ||
    (Array.isArray(entry.bytes) && entry.bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255))
  if (!bytesOk)
    out.push(finding('bytes is neither null nor a list of byte values', { at: `${at}/bytes`, actual: entry.bytes }))
  else out.push(...bytesOfTokenFindings(entry.token, entry.bytes as number[] | null, `${at}/bytes`))
  if (topLogprobs !== null) {
    if (!Array.isArray(entry.top_logprobs)) {
      out.push(finding('top_logprobs is not a list', { at: `${at}/top_logprobs`, actual: entry.top_logprobs }))
    } else if (entry.top_logprobs.length > topLogprobs) {
      // Fewer than requested is allowed: "The number of entries may be fewer than the requested top_logprobs."
      out.push(
        finding(`top_logprobs has ${entry.top_logprobs.length} entries, more than the ${topLogprobs} requested`, {
          at: `${at}/top_logprobs`,
          actual: entry.top_logprobs.length,
          expected: `<= ${topLogprobs}`,
        }),
      )
    } else {
      entry.top_logprobs.forEach((top, j) => out.push(...logprobEntryFindings(top, `${at}/top_logprobs/${j}`, null)))
    }
  }
  return out
}

/** A choice's `logprobs` object in the chat (not legacy completions) shape. */
export function choiceLogprobsFindings(logprobs: unknown, at: string, topLogprobs: number): Finding[] {
  if (!isPlainObject(logprobs))
    return [finding(`logprobs is ${show(logprobs)}, expected an object with a content list`, { at, actual: logprobs })]
  // A refusal's tokens come in `refusal`, with `content: null`.
  const lists = (['content', 'refusal'] as const).filter((key) => Array.isArray(logprobs[key]))
  if (lists.length === 0)
    return [
      finding('logprobs has neither a content nor a refusal list (legacy completions shape?)', {
        at: `${at}/content`,
        actual: logprobs,
      }),
    ]
  return lists.flatMap((key) =>
    (logprobs[key] as unknown[]).flatMap((entry, i) => logprobEntryFindings(entry, `${at}/${key}/${i}`, topLogprobs)),
  )
}
