/**
 * When a body-level check applies. A check on a success body does not run on an error
 * response: that deviation is reported once, by `http.status.success`, not again by every
 * body check (a wall of identical failures helps nobody). Likewise a body that did not
 * arrive whole is reported once, by `http.response.complete`.
 */
import { skip } from '../../core/define.ts'
import { RESPONSE_COMPLETE_CHECK, type Exchange } from '../../core/exchange.ts'
import { incompleteReason, isPlainObject, isSuccess, jsonBody } from './body.ts'

export type Applicable<T> = { value: T } | { skip: string }

/** The JSON object of a successful response, or why the check does not apply. */
export function successObject(exchange: Exchange): Applicable<Record<string, unknown>> {
  if (!isSuccess(exchange)) {
    return skip(`the request did not succeed (HTTP ${exchange.response?.status}); see http.status.success`)
  }
  const incomplete = incompleteReason(exchange)
  if (incomplete) return skip(`${incomplete}; see ${RESPONSE_COMPLETE_CHECK}`)
  const body = jsonBody(exchange)
  if (!body.ok) return skip(`${body.reason}; see http.body.json`)
  if (!isPlainObject(body.value)) return skip('the body is not a JSON object; see the schema check')
  return { value: body.value }
}

/** The JSON body of an error response (any 4xx), or why the check does not apply. */
export function errorBody(exchange: Exchange): Applicable<unknown> {
  const status = exchange.response?.status ?? 0
  if (status < 400) return skip(`the request did not fail (HTTP ${status}); see the status check`)
  const incomplete = incompleteReason(exchange)
  if (incomplete) return skip(`${incomplete}; see ${RESPONSE_COMPLETE_CHECK}`)
  const body = jsonBody(exchange)
  if (body.ok) return { value: body.value }
  // JSON this tool refused to parse is not "not JSON": http.body.json reports why.
  if (body.cause === 'too-costly') return skip(`${body.reason}; see http.body.json`)
  return { value: undefined }
}
