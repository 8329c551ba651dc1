/**
 * The active faults as one object with a method per pipeline stage. Stages, in the order a
 * request meets them:
 *
 *   respond -> (build) -> chatCompletion / chatChunks -> sseFrames -> error -> models -> headers
 *
 * Faults apply in the order given. `respond` is first-answer-wins; the rewriting stages fold
 * each fault's hook over the previous result.
 *
 * Two conventions of the reference (the hook contract in ../faults/types.ts allows them and
 * they keep faults small):
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

export class FaultPipeline {
  readonly faults: readonly Fault[]

  constructor(faults: readonly Fault[]) {
    this.faults = faults
  }

  async respond(req: ReferenceRequest): Promise<Response | undefined> {
    for (const hook of this.#hooks('respond')) {
      const response = await hook(req)
      if (response) return response
    }
    return undefined
  }

  chatCompletion(completion: unknown, req: ReferenceRequest): unknown {
    return this.#fold('chatCompletion', completion, req)
  }

  chatChunks(chunks: unknown[], req: ReferenceRequest): unknown[] {
    return this.#fold('chatChunks', chunks, req)
  }

  sseFrames(frames: string[], req: ReferenceRequest): string[] {
    return this.#fold('sseFrames', frames, req)
  }

  error(error: ApiError, req: ReferenceRequest): PipelineError {
    return this.#fold('error', error as PipelineError, req)
  }

  models(body: unknown, req: ReferenceRequest): unknown {
    return this.#fold('models', body, req)
  }

  headers(headers: Headers, req: ReferenceRequest): void {
    for (const hook of this.#hooks('headers')) hook(headers, req)
  }

  #hooks<K extends keyof FaultHooks>(stage: K): Array<NonNullable<FaultHooks[K]>> {
    return this.faults.flatMap((fault) => {
      const hook = fault.hooks[stage]
      return hook ? [hook.bind(fault.hooks) as NonNullable<FaultHooks[K]>] : []
    })
  }

  #fold<T>(
    stage: 'chatCompletion' | 'chatChunks' | 'sseFrames' | 'error' | 'models',
    value: T,
    req: ReferenceRequest,
  ): T {
    let result = value
    for (const hook of this.#hooks(stage)) result = (hook as (value: T, req: ReferenceRequest) => T)(result, req)
    return result
  }
}
