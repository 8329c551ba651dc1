/**
 * The active faults as one object with a method per pipeline stage. Stages, in the order a
 * request meets them:
 *
 *   respond -> error (a rejected request) | body (JSON) | events -> frames (a stream) | bytes (binary) -> headers
 *
 * A fault's hooks run only for the operations it names (every request when it names none).
 * Faults apply in the order given. `respond` is first-answer-wins; the rewriting stages fold
 * each fault's hook over the previous result.
 *
 * Two conventions of the reference (the hook contract in ./fault.ts allows them and they
 * keep faults small):
 * - A `respond` hook that returns undefined may edit `req.body`: that is how a fault makes
 *   the endpoint ignore a parameter (the build reads the body after `respond`).
 * - An `error` hook that returns a status below 400 waives the error: the reference carries
 *   on as if the request were fine. That is how a fault makes the endpoint accept what it
 *   should reject (any API key, an unknown model, a malformed request).
 */
import type { Fault, FaultHooks, ReferenceRequest } from './fault.ts'
import type { ApiError } from './errors.ts'

/** The error stage's value: an `ApiError`, or whatever body a fault swapped in. */
export interface PipelineError {
  status: number
  body: unknown
}

type FoldStage = 'body' | 'events' | 'frames' | 'bytes' | 'error'

export class FaultPipeline {
  readonly faults: readonly Fault[]

  constructor(faults: readonly Fault[]) {
    this.faults = faults
  }

  async respond(req: ReferenceRequest): Promise<Response | undefined> {
    for (const hook of this.#hooks('respond', req)) {
      const response = await hook(req)
      if (response) return response
    }
    return undefined
  }

  body(body: unknown, req: ReferenceRequest): unknown {
    return this.#fold('body', body, req)
  }

  events(events: unknown[], req: ReferenceRequest): unknown[] {
    return this.#fold('events', events, req)
  }

  frames(frames: string[], req: ReferenceRequest): string[] {
    return this.#fold('frames', frames, req)
  }

  bytes(bytes: Uint8Array, req: ReferenceRequest): Uint8Array {
    return this.#fold('bytes', bytes, req)
  }

  error(error: ApiError, req: ReferenceRequest): PipelineError {
    return this.#fold('error', error as PipelineError, req)
  }

  headers(headers: Headers, req: ReferenceRequest): void {
    for (const hook of this.#hooks('headers', req)) hook(headers, req)
  }

  /** The stage's hooks of the faults that act on the request's operation, in order. */
  #hooks<K extends keyof FaultHooks>(stage: K, req: ReferenceRequest): Array<NonNullable<FaultHooks[K]>> {
    return this.faults.flatMap((fault) => {
      const hook = fault.hooks[stage]
      return hook && actsOn(fault, req) ? [hook.bind(fault.hooks) as NonNullable<FaultHooks[K]>] : []
    })
  }

  #fold<T>(stage: FoldStage, value: T, req: ReferenceRequest): T {
    let result = value
    for (const hook of this.#hooks(stage, req)) result = (hook as (value: T, req: ReferenceRequest) => T)(result, req)
    return result
  }
}

function actsOn(fault: Fault, req: ReferenceRequest): boolean {
  return fault.operations === undefined || (req.operationId !== null && fault.operations.includes(req.operationId))
}
