/**
 * One attempt of a request: its clock, its timeout, and the abort signal that stops it.
 *
 * The timeout bounds the attempt from send to the end of the body. Stopping an attempt
 * aborts the underlying fetch with a reason (see ./errors.ts) and remembers why, so the
 * capture records the right `TransportError` and the SDK sees a meaningful error.
 */
import type { TransportError, TransportErrorKind } from '../core/exchange.ts'
import { describeError, timeoutReason } from './errors.ts'

export interface Attempt {
  /** `performance.now()` when the attempt was sent. */
  readonly t0: number
  /** ISO time the attempt was sent. */
  readonly startedAt: string
  /** Aborted when the attempt is stopped; pass it to fetch. */
  readonly signal: AbortSignal
  /** Why the attempt was stopped, or null. */
  readonly stopped: TransportError | null
  /** Milliseconds since send, rounded to 0.1 ms. */
  elapsed(): number
  /** Stops the attempt (first call wins): aborts the request with `reason`. */
  stop(kind: TransportErrorKind, reason: unknown): void
  /**
   * Stops following the SDK's abort signal. Called once the response is handed to the
   * SDK: from then on the SDK may stop reading (or throw) while the capture goes on to
   * the end of the body, bounded by the timeout.
   */
  detachSdkSignal(): void
  /** Clears the timer and listeners; does not abort. */
  dispose(): void
}

export function startAttempt(options: { timeoutMs: number; sdkSignal: AbortSignal | null }): Attempt {
  const controller = new AbortController()
  const t0 = performance.now()
  let stopped: TransportError | null = null

  const stop = (kind: TransportErrorKind, reason: unknown): void => {
    if (stopped || controller.signal.aborted) return
    stopped = { kind, message: describeError(reason) }
    controller.abort(reason)
  }

  const timer = setTimeout(() => stop('timeout', timeoutReason(options.timeoutMs)), options.timeoutMs)
  const sdkSignal = options.sdkSignal
  const onSdkAbort = () => stop('aborted', sdkSignal?.reason)
  if (sdkSignal?.aborted) onSdkAbort()
  else sdkSignal?.addEventListener('abort', onSdkAbort, { once: true })
  const detachSdkSignal = () => sdkSignal?.removeEventListener('abort', onSdkAbort)

  return {
    t0,
    startedAt: new Date().toISOString(),
    signal: controller.signal,
    get stopped() {
      return stopped
    },
    elapsed: () => roundMs(performance.now() - t0),
    stop,
    detachSdkSignal,
    dispose() {
      clearTimeout(timer)
      detachSdkSignal()
    },
  }
}

export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10
}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined)
    return Promise.reject(signal.reason)
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
