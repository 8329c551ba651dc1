/**
 * Deterministic token log probabilities in the chat shape (`ChatCompletionTokenLogprob`).
 *
 * Each token gets a logprob in (-1, 0] from a hash of its position and text. Its
 * `top_logprobs` list has exactly k entries: the token itself first, then alternative words
 * (same leading whitespace, distinct from the token) with strictly lower logprobs.
 */
import { fnv1a } from '../../../../reference/hash.ts'
import { WORDS } from './reply.ts'
import { tokenBytes } from './tokens.ts'

export interface TopLogprob {
  token: string
  logprob: number
  bytes: number[]
}

export interface TokenLogprob extends TopLogprob {
  top_logprobs: TopLogprob[]
}

/** The largest k the API allows (`top_logprobs` maximum). */
export const MAX_TOP_LOGPROBS = 20

/** Each alternative is at least this much less likely than the one before it. */
const ALTERNATIVE_GAP = 0.5

export function tokenLogprobs(tokens: readonly string[], topK: number): TokenLogprob[] {
  return tokens.map((token, position) => tokenLogprob(token, position, topK))
}

function tokenLogprob(token: string, position: number, topK: number): TokenLogprob {
  const seed = fnv1a(`${position}:${token}`)
  const logprob = round(-(seed % 1000) / 1000)
  const top: TopLogprob[] = []
  if (topK > 0) top.push({ token, logprob, bytes: tokenBytes(token) })
  for (const [j, alternative] of alternatives(token, seed, topK - 1).entries()) {
    const noise = (fnv1a(alternative) % 100) / 1000
    const alternativeLogprob = round(logprob - (j + 1) * ALTERNATIVE_GAP - noise)
    top.push({ token: alternative, logprob: alternativeLogprob, bytes: tokenBytes(alternative) })
  }
  return { token, logprob, bytes: tokenBytes(token), top_logprobs: top }
}

/** `count` words other than the token, with the token's leading whitespace. */
function alternatives(token: string, seed: number, count: number): string[] {
  const lead = /^\s*/.exec(token)?.[0] ?? ''
  const picked: string[] = []
  for (let i = 0; picked.length < count && i < WORDS.length; i++) {
    const candidate = lead + WORDS[(seed + i * 7) % WORDS.length]
    if (candidate !== token && !picked.includes(candidate)) picked.push(candidate)
  }
  return picked
}

function round(value: number): number {
  // Six decimals like real traffic; `+ 0` turns -0 into 0.
  return Math.round(value * 1e6) / 1e6 + 0
}
