/** The content parts of a chat request's messages, as the vision checks and their premises read them. */
import { requestMessages } from './request-messages.ts'

/** The content part types the request schema defines (user: text, image_url, input_audio, file; assistant: refusal). */
export const CONTENT_PART_TYPES: readonly string[] = ['text', 'image_url', 'input_audio', 'file', 'refusal']

/** The object parts of every message's array content, in order. */
export function contentParts(request: Record<string, unknown>): Record<string, unknown>[] {
  return requestMessages(request).flatMap((message) =>
    Array.isArray(message.content)
      ? message.content.filter(
          (part): part is Record<string, unknown> => typeof part === 'object' && part !== null && !Array.isArray(part),
        )
      : [],
  )
}

/** The request carries an image part (`image_url`). */
export function hasImagePart(request: Record<string, unknown>): boolean {
  return contentParts(request).some((part) => part.type === 'image_url')
}

/** The first part whose type the request schema does not define, if any. */
export function unknownPart(request: Record<string, unknown>): Record<string, unknown> | undefined {
  return contentParts(request).find((part) => typeof part.type !== 'string' || !CONTENT_PART_TYPES.includes(part.type))
}
