/**
 * Building blocks the fault catalogue shares. Faults are data; these keep each one a few
 * lines and make the common shapes (ignore a parameter, rewrite each choice, act on some
 * errors) read the same everywhere.
 */
import type { FaultHooks, ReferenceRequest } from '../../../reference/fault.ts'

type ErrorValue = { status: number; body: any }

const CHAT_PATH = '/chat/completions'

export function isChatRequest(req: ReferenceRequest): boolean {
  return req.method === 'POST' && req.path === CHAT_PATH
}

/**
 * A `respond` hook that makes the endpoint ignore request parameters: it deletes them from
 * the body the reference builds from (see the conventions in ../handlers/pipeline.ts).
 */
export function ignoresParameters(...names: string[]): NonNullable<FaultHooks['respond']> {
  return (req) => {
    if (isChatRequest(req) && typeof req.body === 'object' && req.body !== null) {
      for (const name of names) delete req.body[name]
    }
    return undefined
  }
}

/** A `chatCompletion` hook that edits every choice in place. */
export function eachChoice(edit: (choice: any) => void): NonNullable<FaultHooks['chatCompletion']> {
  return (completion) => {
    for (const choice of completion?.choices ?? []) edit(choice)
    return completion
  }
}

/** A `chatCompletion` hook that edits `usage` in place when there is one. */
export function editUsage(edit: (usage: any) => void): NonNullable<FaultHooks['chatCompletion']> {
  return (completion) => {
    if (completion?.usage) edit(completion.usage)
    return completion
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
 * the request were fine (see ../handlers/pipeline.ts).
 */
export const WAIVED_STATUS = 200

/** A JSON response a `respond` hook answers with, as a vendor's own stack would send it. */
export function vendorJson(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}
