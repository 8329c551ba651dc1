/**
 * Credentials echoed back: an endpoint that puts the presented API key in full into a
 * response (an error message, a header) leaks it into every client log that records errors
 * or headers. OpenAI masks it (`Incorrect API key provided: sk-proj-********ab`).
 *
 * The check judges the exchanges as sent (`asSent`): every other check sees the key
 * redacted, so only this one can tell that the endpoint wrote it back. Its findings name
 * where the key was, never the key.
 */
import { defineCheck } from '../../../core/define.ts'
import type { Exchange } from '../../../core/exchange.ts'
import type { Finding } from '../../../core/types.ts'
import { MIN_SECRET_LENGTH } from '../../../transport/index.ts'
import { DOCS } from '../spec.ts'

/** The API key a request presented: the bearer token of `Authorization`, else `api-key` / `x-api-key`. */
export function presentedKey(exchange: Exchange): string | null {
  const headers = exchange.request.headers
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1]?.trim()
  return bearer || headers['api-key']?.trim() || headers['x-api-key']?.trim() || null
}

/** Where the response carries `key` in full: its header values and its body text (as written or JSON-escaped). */
function echoesOf(name: string, exchange: Exchange, key: string): Finding[] {
  const response = exchange.response
  if (!response) return []
  const label = name === 'main' ? '' : `the ${name} request's `
  const forms = [key, JSON.stringify(key).slice(1, -1)]
  const found: Finding[] = []
  for (const [header, value] of Object.entries(response.headers)) {
    if (forms.some((form) => value.includes(form)))
      found.push({
        message: `${label}response header ${header} carries the presented API key in full`,
        at: `header ${header}`,
      })
  }
  const body = response.bodyText ?? ''
  if (forms.some((form) => body.includes(form)))
    found.push({
      message: `${label}response body carries the presented API key in full (at character ${Math.max(...forms.map((f) => body.indexOf(f)))})`,
      at: name === 'main' ? 'body' : `${name} body`,
    })
  return found
}

export const credentialsNotEchoed = defineCheck({
  id: 'http.credentials.not-echoed',
  title: 'The presented API key is never echoed back',
  level: 'required',
  spec: { doc: DOCS.errors },
  description:
    'A response MUST NOT carry the presented API key in full, in an error message, a header or anywhere in its body: clients log errors and headers, so an echoed key leaks into every log. Mask it, as OpenAI does (`sk-****ab`).',
  notes:
    'Judged on the exchanges as sent (secrets included); the report still shows them redacted. A key shorter than 8 characters is not judged: its occurrence in a response may be chance.',
  reads: 'prefix',
  asSent: true,
  run({ exchanges }) {
    return Object.entries(exchanges).flatMap(([name, exchange]) => {
      const key = presentedKey(exchange)
      return key && key.length >= MIN_SECRET_LENGTH ? echoesOf(name, exchange, key) : []
    })
  },
})

export const CREDENTIALS_CHECKS = [credentialsNotEchoed] as const
