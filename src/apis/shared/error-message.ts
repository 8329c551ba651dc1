/** The human-readable message of an error response, whichever envelope carries it. */
import { isPlainObject } from './body.ts'

/**
 * The message of an error response: OpenAI's envelope (`{error: {message}}`) or the flat
 * shape some vendors send (Mistral, vLLM: `{object: "error", message}`).
 */
export function errorMessage(body: unknown): string | undefined {
  if (!isPlainObject(body)) return undefined
  const message = isPlainObject(body.error)
    ? body.error.message
    : typeof body.error === 'string'
      ? body.error
      : body.message
  return typeof message === 'string' ? message : undefined
}
