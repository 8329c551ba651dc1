/**
 * One memory budget for the response bodies a run holds, whatever its concurrency.
 *
 * Every body may buffer up to `smallBodyBytes` on its own: real responses are far smaller,
 * and that much times the concurrency is little. A body that grows past it needs a
 * large-body place: a buffer the size of the capture limit (`maxBodyBytes`), allocated on
 * first use and reused by every large body after, so large bodies leave no garbage behind.
 * The budget has `budgetBytes / maxBodyBytes` places (at least one). Waiting for a place
 * reads nothing, so the socket pushes back on the endpoint. A body that holds a place never
 * waits again, so two large bodies never wait on each other; the place is given back once
 * the body is captured, and what the capture keeps is copied out of it first.
 */

export const DEFAULT_MEMORY_BUDGET_BYTES = 32 * 1024 * 1024
export const DEFAULT_SMALL_BODY_BYTES = 64 * 1024

export interface BodyBudgetOptions {
  /** Bytes of large bodies held at once across the run. @default 32 MiB */
  budgetBytes?: number
  /** The capture limit of one body: what a large-body place is worth. */
  maxBodyBytes: number
  /** Bytes any body may hold without a place. @default 64 KiB */
  smallBodyBytes?: number
}

export interface BodyBudget {
  /** Bytes a body may hold without a large-body place. */
  readonly smallBodyBytes: number
  /** Large-body places in all. */
  readonly places: number
  /** Places taken now (for tests and benches). */
  readonly taken: number
  /**
   * Waits for a large-body place, first come first served. Rejects with the signal's reason
   * if it aborts first.
   */
  acquire(signal: AbortSignal): Promise<LargeBodyPlace>
}

export interface LargeBodyPlace {
  /** `maxBodyBytes` long; the body's bytes go here. Lent: nothing may keep a view of it after `release`. */
  buffer: Uint8Array
  /** Gives the place back (calling it again does nothing); `used`: the bytes the body put in it (default: all). */
  release(used?: number): void
}

/**
 * A full garbage collection, where the process allows it (`--expose-gc`, as the run's workers
 * have). Called when a large body gives its place back: reading it allocated up to the capture
 * limit in socket chunks whose memory is outside V8's heap, and V8, seeing a small heap, would
 * keep it for a long while. Against an endless stream at --concurrency 16 that was 617 MB peak
 * for the run, 459 MB with this (npm run bench:memory). Only a body that filled a good part
 * of its place (COLLECT_AFTER_FRACTION) collects: an image or a second of audio is a large
 * body too, and a full collection after each would slow every run.
 */
const COLLECT_AFTER_FRACTION = 1 / 4

function collectGarbage(): void {
  ;(globalThis as { gc?: () => void }).gc?.()
}

export function createBodyBudget(options: BodyBudgetOptions): BodyBudget {
  const budgetBytes = options.budgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES
  const smallBodyBytes = Math.min(options.smallBodyBytes ?? DEFAULT_SMALL_BODY_BYTES, options.maxBodyBytes)
  const places = Math.max(1, Math.floor(budgetBytes / Math.max(1, options.maxBodyBytes)))
  const free: Uint8Array[] = []
  let taken = 0
  const waiting: Array<() => void> = []

  const giveBack = (buffer: Uint8Array, used: number) => {
    taken--
    free.push(buffer)
    if (used >= buffer.byteLength * COLLECT_AFTER_FRACTION) collectGarbage()
    waiting.shift()?.()
  }

  const acquire = (signal: AbortSignal): Promise<LargeBodyPlace> =>
    new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason)
      const grant = () => {
        signal.removeEventListener('abort', onAbort)
        taken++
        const buffer = free.pop() ?? new Uint8Array(options.maxBodyBytes)
        let held = true
        resolve({
          buffer,
          release(used = buffer.byteLength) {
            if (!held) return
            held = false
            giveBack(buffer, used)
          },
        })
      }
      const onAbort = () => {
        const at = waiting.indexOf(grant)
        if (at !== -1) waiting.splice(at, 1)
        reject(signal.reason)
      }
      if (taken < places && waiting.length === 0) return grant()
      waiting.push(grant)
      signal.addEventListener('abort', onAbort, { once: true })
    })

  return {
    smallBodyBytes,
    places,
    get taken() {
      return taken
    },
    acquire,
  }
}
