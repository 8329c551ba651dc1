/**
 * Secrets in captured traffic: the keys its requests carried (credential headers: a Bearer
 * token, an `api-key`), removed from every exchange before it is judged, and from
 * everything written after (the redacting sink, the report writers' scrub).
 */
import type { Exchange } from '../core/exchange.ts'
import { CREDENTIAL_HEADERS, createRedactor, type Redactor } from '../transport/index.ts'

/** The credential values a request carries: each credential header's value, and what follows its scheme. */
export function requestSecrets(headers: Record<string, string>): string[] {
  const secrets: string[] = []
  for (const [name, value] of Object.entries(headers)) {
    if (!CREDENTIAL_HEADERS.has(name.toLowerCase()) || name.toLowerCase().endsWith('cookie')) continue
    secrets.push(value.trim())
    const token = /^\s*[A-Za-z][\w-]*\s+(\S.*)$/.exec(value)?.[1]
    if (token) secrets.push(token.trim())
  }
  return secrets
}

/** A redactor that learns secrets as traffic shows them (the proxy sees keys one request at a time). */
export interface LearningRedactor extends Redactor {
  /** Adds the secrets; known ones are ignored. */
  learn(secrets: readonly string[]): void
}

export function createLearningRedactor(secrets: readonly string[] = []): LearningRedactor {
  const known = new Set<string>()
  let current = createRedactor([])
  const learn = (more: readonly string[]) => {
    const fresh = more.filter((secret) => !known.has(secret))
    if (fresh.length === 0) return
    for (const secret of fresh) known.add(secret)
    current = createRedactor([...known])
  }
  learn(secrets)
  return {
    learn,
    get secrets() {
      return current.secrets
    },
    text: (s, options) => current.text(s, options),
    headers: (h) => current.headers(h),
    deep: (v) => current.deep(v),
    segments: (parts, options) => current.segments(parts, options),
    bytes: (b, options) => current.bytes(b, options),
  }
}

/** The exchange with every known secret removed: URL, headers, bodies, chunks, error. */
export function redactExchange(exchange: Exchange, redactor: Redactor): Exchange {
  const { request, response } = exchange
  return {
    ...exchange,
    request: {
      ...request,
      url: redactor.text(request.url),
      headers: redactor.headers(request.headers),
      body: redactor.deep(request.body),
    },
    response: response && {
      ...response,
      headers: redactor.headers(response.headers),
      bodyText: response.bodyText === null ? null : redactor.text(response.bodyText),
      bodyBase64:
        response.bodyBase64 === null
          ? null
          : Buffer.from(redactor.bytes(Buffer.from(response.bodyBase64, 'base64'))).toString('base64'),
      ...(response.chunks ? { chunks: redactChunks(response.chunks, redactor) } : {}),
    },
    ...(exchange.error ? { error: { ...exchange.error, message: redactor.text(exchange.error.message) } } : {}),
  }
}

function redactChunks(chunks: NonNullable<Exchange['response']>['chunks'] & {}, redactor: Redactor) {
  const texts = redactor.segments(chunks.map((chunk) => chunk.text))
  return chunks.map((chunk, i) => ({ t: chunk.t, text: texts[i]! }))
}
