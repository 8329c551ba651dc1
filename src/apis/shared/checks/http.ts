/** Raw HTTP checks: that each response arrives whole (every case), and what holds for every JSON operation. */
import { defineCheck, finding, skip } from '../../../core/define.ts'
import {
  isEndpointFault,
  RESPONSE_COMPLETE_CHECK,
  type Exchange,
  type TransportErrorKind,
} from '../../../core/exchange.ts'
import type { Explanation, Finding } from '../../../core/types.ts'
import { isEventStream, isPlainObject, isSuccess, JSON_LIMITS, jsonBody, mediaType } from '../body.ts'
import { responseSchemaFor } from '../../../spec/index.ts'
import { absentNullFindings } from '../schema.ts'
import { DOCS } from '../spec.ts'

/** What each way of breaking a response is, as a finding says it. */
const BROKEN: Partial<Record<TransportErrorKind, string>> = {
  reset: 'the connection closed before the response was complete',
  'short-body': 'the body is shorter than its Content-Length announced',
  'redirect-loop': 'the endpoint redirects in a loop',
  protocol: 'the answer is not HTTP',
  'too-large': 'the body went on past the capture limit without ending',
}

function brokenFinding(name: string, exchange: Exchange): Finding {
  const error = exchange.error!
  const response = exchange.response
  const label = name === 'main' ? '' : `the ${name} request: `
  return finding(`${label}${BROKEN[error.kind] ?? error.kind}: ${error.message}`, {
    ...(name === 'main' ? {} : { at: name }),
    actual: {
      status: response?.status ?? null,
      headers: response?.headers ?? null,
      receivedBytes: response ? (response.receivedBytes ?? null) : 0,
      transportError: `${error.kind}: ${error.message}`,
    },
  })
}

export const responseComplete = defineCheck({
  id: RESPONSE_COMPLETE_CHECK,
  title: 'Each response arrives whole',
  level: 'required',
  spec: { doc: 'https://www.rfc-editor.org/rfc/rfc9112#section-6.3' },
  description:
    'Every response MUST arrive whole: valid HTTP whose body ends where its framing says (no reset mid-body, no body shorter than its Content-Length), without a redirect loop, and within the capture limit.',
  notes:
    'The engine judges it on every case, first. A timeout, an unreachable target, or 429/5xx after the retries leaves it inconclusive: that says nothing certain about the endpoint. A body past the capture limit (32 MiB) counts as one that does not end.',
  reads: 'head',
  run({ exchanges }) {
    return Object.entries(exchanges)
      .filter(([, exchange]) => isEndpointFault(exchange))
      .map(([name, exchange]) => brokenFinding(name, exchange))
  },
})

export const statusSuccess = defineCheck({
  id: 'http.status.success',
  title: 'A valid request succeeds with HTTP 200',
  level: 'required',
  spec: { doc: DOCS.chat },
  description: 'A well-formed request in the canonical form the official SDK sends MUST be answered with HTTP 200.',
  reads: 'head',
  run({ exchange }) {
    const status = exchange.response!.status
    if (status === 200) return []
    const body = jsonBody(exchange)
    return [
      finding(`expected HTTP 200, got ${status}`, {
        actual: body.ok ? body.value : exchange.response!.bodyText?.slice(0, 500),
        expected: 200,
      }),
    ]
  },
})

/** The checks of the status a request that is wrong on purpose gets (the errors.status set, and its streamed twin). */
const ERROR_STATUS_CHECKS = [
  'stream.errors.status',
  'errors.auth.status-401',
  'errors.unknown-model.status',
  'errors.unknown-model.status-404',
  'errors.malformed.status-400',
]

/**
 * An event stream where a JSON error was expected: the error-status check reports it; the
 * checks of a JSON response do not echo it.
 */
const STREAM_INSTEAD_OF_ERROR: Explanation[] = ERROR_STATUS_CHECKS.map((check) => ({
  check,
  when: ({ exchange }) => isEventStream(exchange),
}))

export const contentTypeJson = defineCheck({
  id: 'http.content-type.json',
  title: 'JSON responses are labelled application/json',
  level: 'required',
  spec: { doc: DOCS.errors },
  description:
    'A JSON response (success or error) MUST carry `Content-Type: application/json`; clients pick their parser from it.',
  reads: 'head',
  explainedBy: STREAM_INSTEAD_OF_ERROR,
  run({ exchange }) {
    const type = mediaType(exchange)
    if (type === 'application/json') return []
    return [
      finding(`expected content-type application/json, got ${type ?? 'none'}`, {
        actual: exchange.response!.headers['content-type'] ?? null,
      }),
    ]
  },
})

export const bodyJson = defineCheck({
  id: 'http.body.json',
  title: 'The body is valid JSON',
  level: 'required',
  spec: { doc: 'https://www.rfc-editor.org/rfc/rfc8259' },
  description:
    'A JSON response body MUST parse as strict JSON in UTF-8 (RFC 8259: no NaN, Infinity, trailing garbage, invalid UTF-8).',
  explainedBy: STREAM_INSTEAD_OF_ERROR,
  notes: `Parsing is bounded (RFC 8259 §9 lets a parser limit nesting and string length): a body nested deeper than ${JSON_LIMITS.depth} levels, or with a string over ${JSON_LIMITS.stringChars} characters, is reported here and not parsed.`,
  run({ exchange }) {
    if (!isSuccess(exchange) && exchange.response!.status < 400) return skip('not a JSON-bearing status')
    const body = jsonBody(exchange)
    return body.ok ? [] : [finding(body.reason, { actual: exchange.response!.bodyText?.slice(0, 500) })]
  },
})

/** Whether a JSON value is an OpenAI error envelope, `{"error": {"message": "…", …}}`, and not a success body. */
function isErrorEnvelope(value: unknown): value is { error: { message: string } } {
  if (!isPlainObject(value) || !isPlainObject(value.error)) return false
  // A success body names what it is (`object`, `id`) or carries its data; an envelope does not.
  return typeof value.error.message === 'string' && !['object', 'id', 'data', 'choices'].some((key) => key in value)
}

export const bodyNotError = defineCheck({
  id: 'http.body.not-error',
  title: 'A 2xx body is not an error envelope',
  level: 'required',
  spec: { doc: DOCS.errors },
  description:
    'An error MUST be answered with an error status (4xx or 5xx), not with a 2xx whose body is the OpenAI error envelope `{"error": {...}}`: clients read a 2xx as the result and never raise the error.',
  notes:
    'The checks of the body that fail only because it is an error envelope skip, pointing here: one root cause, one finding. An envelope is an object whose `error` is an object with a string `message`, and with no `object`, `id`, `data` or `choices` member.',
  explains: { readers: 'body', except: ['http.credentials.not-echoed'] },
  run({ exchange }) {
    if (!isSuccess(exchange)) return skip(`not a 2xx (HTTP ${exchange.response!.status})`)
    const body = jsonBody(exchange)
    if (!body.ok) return skip(`${body.reason}; see http.body.json`)
    if (!isErrorEnvelope(body.value)) return []
    return [
      finding(`HTTP ${exchange.response!.status} with an error envelope: ${body.value.error.message}`, {
        actual: body.value,
      }),
    ]
  },
})

export const bodyNullsExplicit = defineCheck({
  id: 'http.body.nulls-explicit',
  title: 'Required members that may be null are sent, as null',
  level: 'recommended',
  spec: { doc: DOCS.required },
  description:
    "A member the response schema requires SHOULD be present even when its value is null (`message.refusal: null`, an error's `param: null`), as OpenAI sends it; reported once per member, wherever it is absent.",
  notes:
    "The recorded schema makes such members required, but clients read an absent member as null (the SDKs' types default it), so leaving one out is a warning, and the schema checks do not count it; a wrong type, or an absent member that may not be null, is the schema checks' failure. The schema is the recorded operation's for the request's method and path and the response's status and media type (an error status the operation does not list: ErrorResponse).",
  run({ exchange }) {
    const body = jsonBody(exchange)
    if (!body.ok) return skip(`${body.reason}; see http.body.json`)
    const schema = responseSchemaName(exchange)
    return schema ? absentNullFindings(schema, body.value) : skip('no recorded schema describes this response')
  },
})

/** The name of the recorded component schema of the exchange's response, or undefined. */
export function responseSchemaName(exchange: Exchange): string | undefined {
  const pointer = responseSchemaFor({
    method: exchange.request.method,
    url: exchange.request.url,
    status: exchange.response!.status,
    mediaType: mediaType(exchange),
  })
  return pointer?.match(/^#\/components\/schemas\/([^/]+)$/)?.[1]
}

export const HTTP_CHECKS = [responseComplete, statusSuccess, contentTypeJson, bodyJson, bodyNotError, bodyNullsExplicit]
