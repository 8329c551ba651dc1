/**
 * Bearer auth as OpenAI does it: no key -> 401 without a code, a wrong key -> 401
 * `invalid_api_key` with the key masked.
 */
import { invalidApiKey, missingApiKey, type ApiError } from './errors.ts'

/** The problem with the request's credentials, or null when they are fine (or auth is off). */
export function authProblem(headers: Headers, apiKey: string | undefined): ApiError | null {
  if (apiKey === undefined) return null
  const presented = bearerToken(headers)
  if (!presented) return missingApiKey()
  return presented === apiKey ? null : invalidApiKey(presented)
}

export function bearerToken(headers: Headers): string | null {
  const match = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '')
  return match?.[1]?.trim() || null
}
