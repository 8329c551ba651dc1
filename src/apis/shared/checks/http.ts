/** Raw HTTP checks that hold for every JSON operation. */
import { defineCheck, finding, skip } from '../../../core/define.ts'
import { isSuccess, jsonBody, mediaType } from '../body.ts'
import { DOCS } from '../spec.ts'

export const statusSuccess = defineCheck({
  id: 'http.status.success',
  title: 'A valid request succeeds with HTTP 200',
  level: 'required',
  spec: { doc: DOCS.chat },
  description: 'A well-formed request in the canonical form the official SDK sends MUST be answered with HTTP 200.',
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

export const contentTypeJson = defineCheck({
  id: 'http.content-type.json',
  title: 'JSON responses are labelled application/json',
  level: 'required',
  spec: { doc: DOCS.errors },
  description:
    'A JSON response (success or error) MUST carry `Content-Type: application/json`; clients pick their parser from it.',
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
  description: 'A JSON response body MUST parse as strict JSON (RFC 8259: no NaN, Infinity, trailing garbage).',
  run({ exchange }) {
    if (!isSuccess(exchange) && exchange.response!.status < 400) return skip('not a JSON-bearing status')
    const body = jsonBody(exchange)
    return body.ok ? [] : [finding(body.reason, { actual: exchange.response!.bodyText?.slice(0, 500) })]
  },
})

export const HTTP_CHECKS = [statusSuccess, contentTypeJson, bodyJson]
