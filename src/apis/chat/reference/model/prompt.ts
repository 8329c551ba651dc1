/**
 * Reading chat messages: the text the model answers, and the prompt token count.
 *
 * Messages arrive as the client sent them (already validated by the handler, but the model
 * stays defensive so a fault that waives validation cannot crash it).
 */
import { countTokens } from './tokens.ts'

/** Tokens charged per message for the role and separators, and once for the reply priming (OpenAI's documented scheme). */
export const TOKENS_PER_MESSAGE = 3
export const TOKENS_REPLY_PRIMING = 3
/** A fixed charge per image part (OpenAI's low-detail image cost). */
export const TOKENS_PER_IMAGE = 85

type Part = { type?: unknown; text?: unknown }

function parts(message: unknown): Part[] | null {
  const content = (message as { content?: unknown } | null)?.content
  return Array.isArray(content) ? (content as Part[]) : null
}

/** A message's text: string content, or its text parts concatenated. */
export function messageText(message: unknown): string {
  const content = (message as { content?: unknown } | null)?.content
  if (typeof content === 'string') return content
  return (parts(message) ?? [])
    .filter((part) => part?.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text as string)
    .join('')
}

/** The text of the last user message, or '' when there is none. */
export function lastUserText(messages: readonly unknown[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as { role?: unknown } | null
    if (message?.role === 'user') return messageText(message)
  }
  return ''
}

/** Prompt tokens: words across all messages, plus fixed per-message and per-image charges. */
export function countPromptTokens(messages: readonly unknown[]): number {
  let total = TOKENS_REPLY_PRIMING
  for (const message of messages) {
    const images = (parts(message) ?? []).filter((part) => part?.type === 'image_url').length
    total += TOKENS_PER_MESSAGE + countTokens(messageText(message)) + images * TOKENS_PER_IMAGE
  }
  return total
}
