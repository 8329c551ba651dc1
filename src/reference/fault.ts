/**
 * A fault is a named deviation the reference endpoint can be told to commit, modelled on
 * a real vendor's behaviour. Each fault names the checks it must trip: the self-tests
 * prove every check against at least one fault.
 *
 * Faults are data plus hooks into the reference pipeline; a fault sets only the hooks it
 * needs, and every hook is optional.
 *
 * The hooks are the forms a response takes, not the APIs: the JSON body, a stream's events,
 * its wire frames, a binary body, an error, the headers. Which requests a fault acts on is
 * said apart from them, by the OpenAPI operations it names (`operations`), the ids each
 * reference route declares it serves (`schemas/operations.json`). So embeddings, images,
 * speech or responses faults need no new hook types, and a fault written for chat
 * completion bodies is never handed a models list. Operation ids rather than paths: they
 * are the spec's stable names, one per route, and need no matching of methods, path
 * parameters or trailing slashes. The scope is the fault's, not each hook's: every fault
 * acts on one operation or one family, and a hook that must tell operations apart reads
 * `req.operationId`.
 */

/** The parsed request a hook sees. */
export interface ReferenceRequest {
  method: string
  /** Path below the base URL, e.g. `/chat/completions`. */
  path: string
  /** The OpenAPI operation the route serves, e.g. `createChatCompletion`; null for a path no route claims. */
  operationId: string | null
  headers: Headers
  /** Parsed JSON body, or null. */
  body: any
}

export interface FaultHooks {
  /** Take over the whole response; return undefined to let the reference answer. */
  respond?(req: ReferenceRequest): Response | undefined | Promise<Response | undefined>
  /** Rewrite the JSON body of a successful, non-streamed response before it is sent. */
  body?(body: any, req: ReferenceRequest): any
  /** Rewrite a stream's events (the JSON payloads, in order) before they are framed. */
  events?(events: any[], req: ReferenceRequest): any[]
  /** Rewrite the SSE wire frames (each a complete event with its blank line; chat ends with `data: [DONE]\n\n`). */
  frames?(frames: string[], req: ReferenceRequest): string[]
  /** Rewrite a binary body (speech audio, image bytes) before it is sent. */
  bytes?(bytes: Uint8Array, req: ReferenceRequest): Uint8Array
  /** Rewrite an error before it is sent. */
  error?(error: { status: number; body: any }, req: ReferenceRequest): { status: number; body: any }
  /** Rewrite response headers of any response the reference builds. */
  headers?(headers: Headers, req: ReferenceRequest): void
}

export interface Fault {
  /** kebab-case, stable: `chat-usage-total-mismatch`. */
  name: string
  /** One line: what the endpoint does wrong. */
  description: string
  /** The real-world behaviour it is modelled on (vendor, server, issue), as far as known. */
  modelledOn: string
  /** Check ids this fault must make fail (required) or warn (recommended/optional). */
  proves: string[]
  /** The operations (OpenAPI operationIds) whose requests the hooks act on. @default every request, unknown paths too */
  operations?: readonly string[]
  hooks: FaultHooks
}
