/**
 * What each real-traffic recording should validate against, found the way a check
 * would: the operation by method and path (`schemas/operations.json`), then the schema by
 * status and content type. Error statuses use `ErrorResponse`: the spec lists only 429
 * for most operations, but OpenAI answers every error with that envelope.
 */
import type { Recording } from '../../../src/formats/recordings.ts'
import { getOperation, schemaPointer } from '../../../src/spec/index.ts'
import { RECORDED_OPERATIONS } from '../../../src/spec/record/roots.ts'
import type { OperationEntry } from '../../../src/spec/types.ts'
import { ssePayloads } from './shared.ts'

export interface Payload {
  /** e.g. `response body`, `sse event 3`. */
  label: string
  pointer: string
  value: unknown
}

/** The recorded operation a request went to (path without the `/v1` base). */
export function operationFor(recording: Recording): OperationEntry {
  const path = recording.request.path.replace(/^\/v1(?=\/)/, '').split('?')[0] ?? ''
  for (const id of RECORDED_OPERATIONS) {
    const op = getOperation(id)
    if (op === undefined || op.method !== recording.request.method.toUpperCase()) continue
    const template = new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`)
    if (template.test(path)) return op
  }
  throw new Error(`${recording.request.method} ${recording.request.path}: not a recorded operation`)
}

/** The response body (or each SSE payload) with the schema it must satisfy. */
export function responsePayloads(recording: Recording): Payload[] {
  const { status, headers, body_json, body_text } = recording.response
  if (status >= 400) return [{ label: 'error body', pointer: schemaPointer('ErrorResponse'), value: body_json }]
  const op = operationFor(recording)
  const contentType = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  const pointer = op.responses[String(status)]?.[contentType]
  if (pointer === undefined) throw new Error(`${op.operationId}: no ${status} ${contentType} schema`)
  if (contentType === 'text/event-stream') {
    return ssePayloads(body_text ?? '').map((value, i) => ({ label: `sse event ${i}`, pointer, value }))
  }
  return [{ label: 'response body', pointer, value: body_json }]
}
