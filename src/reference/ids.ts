/**
 * Identifiers shaped like OpenAI's: random where OpenAI's are random, fixed where a
 * deployment's would be.
 */
import { fnv1a } from './hash.ts'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function randomString(alphabet: string, length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length))
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('')
}

/** `chatcmpl-` and 29 base62 characters, like `chatcmpl-DPTCK253i6lgLWAYNGcPCKvwuZthn`. */
export function chatCompletionId(): string {
  return `chatcmpl-${randomString(BASE62, 29)}`
}

/** `call_` and 24 base62 characters, like OpenAI's tool call ids (`call_lajfUEGHY26jOJyJdSHd5zbs`). */
export function toolCallId(): string {
  return `call_${randomString(BASE62, 24)}`
}

/** `req_` and 32 hex digits, the `x-request-id` header. */
export function requestId(): string {
  return `req_${randomString('0123456789abcdef', 32)}`
}

/** A stable `fp_` and 10 hex digits per model: one "deployment" per model. */
export function systemFingerprint(model: string): string {
  const hex = (value: number) => value.toString(16).padStart(8, '0')
  return `fp_${(hex(fnv1a(model)) + hex(fnv1a(`${model}#`))).slice(0, 10)}`
}

/** Unix seconds, the unit of every `created` field. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000)
}
