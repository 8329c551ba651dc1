/**
 * The shared slice's check sets: the JSON answer of a success (parts the other slices' sets
 * compose), and what every error response is judged on.
 */
import { defineCheckSet } from '../../core/define.ts'
import type { SharedCheckId } from './checks/index.ts'

/** The checks this slice's sets may name. */
type SetCheckId = SharedCheckId

/** A successful JSON answer on the wire: status, content type, strict JSON. */
export const JSON_RESPONSE = defineCheckSet<SetCheckId>({
  name: 'http.json-response',
  title: 'A successful JSON answer: status, content type, strict JSON',
  premise: { status: 'success' },
  checks: [
    'http.status.success',
    'http.content-type.json',
    'http.body.json',
    'http.body.not-error',
    'http.body.nulls-explicit',
    'http.credentials.not-echoed',
  ],
  part: true,
})

/** Every successful JSON response: the wire answer, and the SDK accepts it. */
export const JSON_SUCCESS = defineCheckSet<SetCheckId>({
  name: 'http.json-success',
  title: 'A successful JSON response the SDK accepts',
  premise: { status: 'success' },
  checks: [...JSON_RESPONSE.checks, 'sdk.call.succeeds'],
  part: true,
})

/** Every error response: JSON, the OpenAI envelope. */
export const JSON_ERROR = defineCheckSet<SetCheckId>({
  name: 'errors.json',
  title: 'An error response: JSON in the OpenAI error envelope',
  premise: { status: 'error' },
  checks: [
    'http.content-type.json',
    'http.body.json',
    'errors.envelope.schema',
    'http.body.nulls-explicit',
    'http.credentials.not-echoed',
  ],
})

/** The status a request that is wrong on purpose must get. */
export const ERROR_STATUS = defineCheckSet<SetCheckId>({
  name: 'errors.status',
  title: 'The status of a request that is wrong on purpose (a wrong key, an unknown model, a missing member)',
  premise: { status: 'error' },
  checks: [
    'errors.auth.status-401',
    'errors.unknown-model.status',
    'errors.unknown-model.status-404',
    'errors.malformed.status-400',
  ],
  needsCase:
    "what the request got wrong on purpose is the case's: a recorded error does not say what it was meant to be",
})

/** The SDK's error class for an error response. */
export const SDK_ERROR_CLASS = defineCheckSet<SetCheckId>({
  name: 'errors.sdk-class',
  title: 'The SDK raises the error class the status means',
  premise: { status: 'error' },
  checks: ['errors.sdk.error-class'],
  needsCase:
    "its params name the error classes the case expects, and it reads the SDK's outcome, which a recording lacks",
})

export const SHARED_CHECK_SETS = [JSON_RESPONSE, JSON_SUCCESS, JSON_ERROR, ERROR_STATUS, SDK_ERROR_CLASS]
