/**
 * The reference model's tokenizer: words as tokens. A token is a word with the whitespace
 * before it; whitespace at the very end is a token of its own. Joining the tokens gives the
 * text back exactly, which is what lets stop sequences cut mid-token and still recount.
 */

const TOKEN = /\s*\S+|\s+/g

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? []
}

export function countTokens(text: string): number {
  return tokenize(text).length
}

const encoder = new TextEncoder()

/** A token's UTF-8 bytes, as the chat logprobs `bytes` field carries them. */
export function tokenBytes(token: string): number[] {
  return Array.from(encoder.encode(token))
}
