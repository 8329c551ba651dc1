/**
 * Which of a target's values are secrets, and so redacted wherever they appear: only
 * credentials. The API key, the values of extra headers whose names mark credentials, and
 * the values the user marks secret; nothing else (a `x-provider: openai` header is no
 * secret, and redacting "openai" would wreck every case id and URL).
 */
import { MIN_SECRET_LENGTH } from './redact.ts'

/**
 * Header names whose values are credentials (case-insensitive): `authorization`,
 * `proxy-authorization`, `cookie`, and any name containing `key`, `token`, `secret` (and the
 * like: `auth`, `session`, `password`, `signature`, `credential`).
 */
export const CREDENTIAL_HEADER_NAME = /auth|cookie|key|token|secret|session|password|signature|credential/i

/** What a target's secrets are read from. */
export interface SecretSource {
  apiKey: string
  /** Extra headers sent on every request. */
  headers?: Record<string, string>
  /** Values the user marks secret (`--secret`, `target.secrets`). */
  secrets?: readonly string[]
}

/** A target's secrets, and where the ones too short to redact as text came from. */
export interface TargetSecrets {
  /** Every secret of MIN_SECRET_LENGTH characters or more. */
  secrets: string[]
  /** Where each shorter one came from (`the API key`, `header x-foo`, `a --secret value`): not redacted as text. */
  tooShort: string[]
}

/**
 * The secrets to redact: the API key, the values of credential headers (from the target and
 * from OPENAI_CUSTOM_HEADERS, which the SDK always reads; for `Bearer abc` also `abc`, which
 * may be echoed alone), and the values the user marks secret. A value shorter than
 * MIN_SECRET_LENGTH is not used for substring redaction: `tooShort` says where it came from.
 */
export function targetSecrets(target: SecretSource, env: NodeJS.ProcessEnv = process.env): TargetSecrets {
  const candidates: { value: string; from: string }[] = []
  if (target.apiKey !== '') candidates.push({ value: target.apiKey, from: 'the API key' })
  const headers = { ...parseCustomHeadersEnv(env.OPENAI_CUSTOM_HEADERS), ...target.headers }
  for (const [name, value] of Object.entries(headers)) {
    if (!CREDENTIAL_HEADER_NAME.test(name) || value === '') continue
    candidates.push({ value, from: `header ${name.toLowerCase()}` })
    const token = value.trim().split(/\s+/).at(-1)
    if (token && token !== value) candidates.push({ value: token, from: `header ${name.toLowerCase()}` })
  }
  for (const value of target.secrets ?? []) if (value !== '') candidates.push({ value, from: 'a --secret value' })
  const secrets = candidates.filter((c) => c.value.length >= MIN_SECRET_LENGTH).map((c) => c.value)
  const tooShort = candidates.filter((c) => c.value.length < MIN_SECRET_LENGTH).map((c) => c.from)
  return { secrets: [...new Set(secrets)], tooShort: [...new Set(tooShort)] }
}

/** The SDK's format: one `Name: value` per line. */
function parseCustomHeadersEnv(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of value?.split('\n') ?? []) {
    const colon = line.indexOf(':')
    if (colon >= 0) out[line.slice(0, colon).trim()] = line.slice(colon + 1).trim()
  }
  return out
}
