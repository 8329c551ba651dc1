/**
 * Building blocks the fault catalogue shares. Faults are data; these keep each one a few
 * lines and make the common shapes (scope faults to operations, ignore a parameter, edit
 * usage, act on some errors) read the same everywhere. Chat's own are in
 * ../../chat/faults/helpers.ts.
 */
import type { Fault, FaultHooks, ReferenceRequest } from '../../../reference/fault.ts'

type ErrorValue = { status: number; body: any }

/** The faults, acting only on requests to these operations (OpenAPI operationIds, as routes declare them). */
export function limitedTo(operations: readonly string[], faults: readonly Fault[]): Fault[] {
  return faults.map((fault) => ({ ...fault, operations }))
}

/**
 * A `respond` hook that makes the endpoint ignore request parameters: it deletes them from
 * the body the reference builds from (see the conventions in ../../../reference/pipeline.ts).
 * The fault's `operations` say whose parameters they are.
 */
export function ignoresParameters(...names: string[]): NonNullable<FaultHooks['respond']> {
  return (req) => {
    if (typeof req.body === 'object' && req.body !== null) {
      for (const name of names) delete req.body[name]
    }
    return undefined
  }
}

/** A `body` hook that edits `usage` in place when there is one. */
export function editUsage(edit: (usage: any) => void): NonNullable<FaultHooks['body']> {
  return (body) => {
    if (body?.usage) edit(body.usage)
    return body
  }
}

/** An `error` hook that rewrites only the errors `matches` selects. */
export function onErrors(
  matches: (error: ErrorValue) => boolean,
  rewrite: (error: ErrorValue, req: ReferenceRequest) => ErrorValue,
): NonNullable<FaultHooks['error']> {
  return (error, req) => (matches(error) ? rewrite(error, req) : error)
}

/** The `error.code` of an OpenAI envelope, if the body is one. */
export function errorCode(error: ErrorValue): unknown {
  return error.body?.error?.code
}

/**
 * A status below 400 from an `error` hook waives the error: the endpoint carries on as if
 * the request were fine (see ../../../reference/pipeline.ts).
 */
export const WAIVED_STATUS = 200

/** A JSON response a `respond` hook answers with, as a vendor's own stack would send it. */
export function vendorJson(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}
