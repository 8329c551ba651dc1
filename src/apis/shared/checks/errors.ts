/**
 * Errors: status codes and the OpenAI error envelope `{error: {message, type, param, code}}`.
 * Clients branch on the status and read `error.message`; a different shape loses the reason.
 */
import { defineCheck, finding, skip } from '../../../core/define.ts'
import type { CheckContext, Finding } from '../../../core/types.ts'
import type { Exchange } from '../../../core/exchange.ts'
import { errorBody } from '../applicability.ts'
import { isEventStream, jsonBody } from '../body.ts'
import { schemaFindings } from '../schema.ts'
import { DOCS, schemaRef } from '../spec.ts'

/**
 * A 2xx event stream to a streamed request that must fail is the streamed error-status
 * check's finding (it names the error the stream carries); the status checks echo it.
 */
const STREAMED_ERROR = [
  { check: 'stream.errors.status', when: ({ exchange }: CheckContext) => isEventStream(exchange) },
]

function statusFindings(exchange: Exchange, allowed: readonly number[], what: string): Finding[] {
  const status = exchange.response!.status
  if (allowed.includes(status)) return []
  const body = jsonBody(exchange)
  return [
    finding(`${what}: expected HTTP ${allowed.join(' or ')}, got ${status}`, {
      actual: { status, body: body.ok ? body.value : exchange.response!.bodyText?.slice(0, 300) },
      expected: allowed,
    }),
  ]
}

export const authStatus401 = defineCheck({
  id: 'errors.auth.status-401',
  explainedBy: STREAMED_ERROR,
  title: 'A wrong API key gives 401',
  level: 'required',
  reads: 'head',
  spec: { doc: `${DOCS.errors}` },
  description: 'A request with an invalid API key MUST be rejected with HTTP 401 (not 403, not served).',
  run: ({ exchange }) => statusFindings(exchange, [401], 'invalid API key'),
})

export const unknownModelStatus = defineCheck({
  id: 'errors.unknown-model.status',
  explainedBy: STREAMED_ERROR,
  title: 'An unknown model is rejected with 404 (or 400)',
  level: 'required',
  reads: 'head',
  spec: { doc: DOCS.errors },
  description:
    'A request naming a model that does not exist MUST be rejected (404; 400 is tolerated), never silently served by another model.',
  run: ({ exchange }) => statusFindings(exchange, [404, 400], 'unknown model'),
})

export const unknownModelStatus404 = defineCheck({
  id: 'errors.unknown-model.status-404',
  title: 'An unknown model gives 404 as OpenAI does',
  level: 'recommended',
  reads: 'head',
  spec: { doc: DOCS.errors },
  description:
    'OpenAI answers an unknown model with 404 and code "model_not_found"; clients (and the SDK\'s NotFoundError) rely on it.',
  notes: '400 still tells the client the request was wrong, so it is a warning.',
  run: ({ exchange }) => {
    const status = exchange.response!.status
    if (status !== 400 && status !== 404) return skip('not rejected at all; see errors.unknown-model.status')
    return statusFindings(exchange, [404], 'unknown model')
  },
})

export const malformedStatus400 = defineCheck({
  id: 'errors.malformed.status-400',
  explainedBy: STREAMED_ERROR,
  title: 'A malformed request gives 400',
  level: 'required',
  reads: 'head',
  spec: { doc: DOCS.errors },
  description:
    'A request that violates the request schema (e.g. no messages) MUST be rejected with HTTP 400 (not 422, not served).',
  run: ({ exchange }) => statusFindings(exchange, [400], 'malformed request'),
})

export const envelopeSchema = defineCheck({
  id: 'errors.envelope.schema',
  title: 'The error body is the OpenAI error envelope',
  level: 'required',
  spec: schemaRef('createChatCompletion', 'ErrorResponse'),
  description:
    'An error response MUST be {"error": {"message": string, "type": string, "param": string|null, "code": string|null}}.',
  run: ({ exchange }) => {
    const body = errorBody(exchange)
    if ('skip' in body) return body
    if (body.value === undefined)
      return [finding('the error body is not JSON', { actual: exchange.response!.bodyText?.slice(0, 300) })]
    return schemaFindings('ErrorResponse', body.value)
  },
})

export const sdkErrorClass = defineCheck({
  id: 'errors.sdk.error-class',
  title: 'The SDK raises the matching error class',
  level: 'required',
  spec: { doc: DOCS.sdk },
  description:
    'The official SDK MUST raise the error class for the status (AuthenticationError for 401, NotFoundError for 404, BadRequestError for 400), so `catch` clauses work.',
  run: ({ exchange, params }: CheckContext<{ classes: string[] }>) => {
    const sdk = exchange.sdk
    if (!sdk) return skip('no SDK outcome was captured (a recording)')
    if (sdk.ok) return [finding(`the SDK returned a result; expected it to raise ${params.classes.join(' or ')}`)]
    return params.classes.includes(sdk.error.name)
      ? []
      : [
          finding(`the SDK raised ${sdk.error.name}, expected ${params.classes.join(' or ')}`, {
            actual: `${sdk.error.name}: ${sdk.error.message}`,
          }),
        ]
  },
})

export const ERRORS_CHECKS = [
  authStatus401,
  unknownModelStatus,
  unknownModelStatus404,
  malformedStatus400,
  envelopeSchema,
  sdkErrorClass,
]
