/**
 * A fault is a named deviation the reference endpoint can be told to commit, modelled on
 * a real vendor's behaviour. Each fault names the checks it must trip: the self-tests
 * prove every check against at least one fault.
 *
 * Faults are data plus hooks into the reference pipeline; a fault sets only the hooks it
 * needs, and every hook is optional.
 */

/** The parsed request a hook sees. */
export interface ReferenceRequest {
  method: string
  /** Path below the base URL, e.g. `/chat/completions`. */
  path: string
  headers: Headers
  /** Parsed JSON body, or null. */
  body: any
}

export interface FaultHooks {
  /** Take over the whole response; return undefined to let the reference answer. */
  respond?(req: ReferenceRequest): Response | undefined | Promise<Response | undefined>
  /** Rewrite a non-streamed chat completion before it is sent. */
  chatCompletion?(completion: any, req: ReferenceRequest): any
  /** Rewrite the streamed chat chunks (JSON objects, in order) before framing. */
  chatChunks?(chunks: any[], req: ReferenceRequest): any[]
  /** Rewrite the SSE wire frames (each a complete event with its blank line, `data: [DONE]\n\n` last). */
  sseFrames?(frames: string[], req: ReferenceRequest): string[]
  /** Rewrite an error before it is sent. */
  error?(error: { status: number; body: any }, req: ReferenceRequest): { status: number; body: any }
  /** Rewrite the `GET /models` list or a `GET /models/{id}` object. */
  models?(body: any, req: ReferenceRequest): any
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
  hooks: FaultHooks
}
