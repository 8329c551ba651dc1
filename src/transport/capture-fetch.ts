/**
 * The capturing fetch: a `fetch` for the SDK that records, redacted, exactly what went over
 * the wire, and bounds every exchange in time, size and concurrency.
 *
 * The SDK tags each request with `x-oai-conformance-exchange: <id>`; the header is removed
 * before sending and the exchange is filed under the id for `take(id)`. The response body
 * is teed: one branch is drained by the capture (so the exchange is complete even when the
 * SDK stops reading early or throws), the other goes to the SDK.
 *
 * Retries (429 / 5xx) happen here, not in the SDK (which runs with `maxRetries: 0`), so
 * every retried attempt is kept as evidence; the final response goes to the SDK whatever
 * its status.
 *
 * Concurrency: a slot is held from the first send until the final body is captured,
 * retry waits included (a rate-limited target gets no extra load while we wait).
 *
 * Abort semantics: the SDK's abort signal cancels the request while it is queued, sending,
 * or waiting to retry. Once the response has been handed to the SDK, the capture no longer
 * follows it (the SDK aborts when it stops reading a stream); the timeout still applies.
 */
import pLimit from 'p-limit'
import type { CapturedRequest, CapturedResponse, Exchange, RetriedAttempt, TransportError } from '../core/exchange.ts'
import { raceAbort, sleep, startAttempt, type Attempt } from './attempt.ts'
import { drainBody, type DrainedBody } from './drain-body.ts'
import { describeError, tooLargeReason } from './errors.ts'
import type { Redactor } from './redact.ts'
import { isRetryableStatus, retryDelayMs } from './retry-policy.ts'

/** The per-request header that correlates an SDK call with its captured exchange. */
export const EXCHANGE_HEADER = 'x-oai-conformance-exchange'

export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024
export const DEFAULT_RETRY_BASE_DELAY_MS = 500
export const DEFAULT_MAX_RETRY_AFTER_MS = 30_000
/** Characters of a retried attempt's body kept as evidence. */
export const RETRY_EXCERPT_CHARS = 500
/** Bytes read from a retried attempt's body to make the excerpt. */
const RETRY_EXCERPT_READ_BYTES = 16 * 1024

export interface CaptureOptions {
  redactor: Redactor
  /** Bounds each attempt from send to the end of the body. */
  timeoutMs: number
  /** Extra tries for 429 / 5xx. */
  retries: number
  /** Requests in flight at once (a slot is held until the body is fully captured). */
  concurrency: number
  /** Default 32 MiB. */
  maxBodyBytes?: number
  /** Exponential backoff base when the server gives no Retry-After. Default 500. */
  retryBaseDelayMs?: number
  /** Cap on any wait before a retry. Default 30 000. */
  maxRetryAfterMs?: number
  /** The real fetch by default. */
  fetch?: typeof fetch
}

export interface CapturingFetch {
  fetch: typeof fetch
  /** Waits until the exchange filed under `id` is fully captured, returns it and forgets it. */
  take(id: string): Promise<Exchange | undefined>
}

interface Settings {
  redactor: Redactor
  timeoutMs: number
  retries: number
  maxBodyBytes: number
  retryBaseDelayMs: number
  maxRetryAfterMs: number
  fetch: typeof fetch
}

/** A request as the SDK handed it over, with the correlation header taken out. */
interface OutgoingRequest {
  exchangeId: string | null
  url: string
  method: string
  headers: Headers
  init: RequestInit
  /** The original Request when fetch was called with one (cloned per attempt). */
  original: Request | null
  sdkSignal: AbortSignal | null
  /** What the exchange records: redacted. */
  captured: CapturedRequest
}

interface Handoff {
  resolve(response: Response): void
  reject(error: unknown): void
}

export function createCapturingFetch(options: CaptureOptions): CapturingFetch {
  const settings: Settings = {
    redactor: options.redactor,
    timeoutMs: options.timeoutMs,
    retries: Math.max(0, options.retries),
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    retryBaseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS,
    maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS,
    fetch: options.fetch ?? globalThis.fetch,
  }
  const limit = pLimit(Math.max(1, options.concurrency))
  const filed = new Map<string, Promise<Exchange>>()

  const capturingFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    let request: OutgoingRequest
    try {
      request = describeRequest(input, init, settings.redactor)
    } catch (error) {
      return Promise.reject(error)
    }
    const { promise, resolve, reject } = deferred<Response>()
    const handoff: Handoff = { resolve, reject }
    // Aborted while waiting for a slot: fail the SDK's call now, not when the slot frees.
    const onAbort = () => reject(request.sdkSignal?.reason)
    request.sdkSignal?.addEventListener('abort', onAbort, { once: true })
    const exchange = limit(async () => {
      try {
        return await exchangeWithRetries(request, handoff, settings)
      } finally {
        request.sdkSignal?.removeEventListener('abort', onAbort)
      }
    })
    if (request.exchangeId !== null) filed.set(request.exchangeId, exchange)
    return promise
  }

  return {
    fetch: capturingFetch as typeof fetch,
    async take(id) {
      const exchange = filed.get(id)
      if (!exchange) return undefined
      filed.delete(id)
      return exchange
    },
  }
}

/**
 * Sends the request, retrying 429 / 5xx, hands the final response to the SDK and captures
 * it to the end. Never rejects: every failure becomes the exchange's `error`.
 */
async function exchangeWithRetries(request: OutgoingRequest, handoff: Handoff, settings: Settings): Promise<Exchange> {
  const retries: RetriedAttempt[] = []
  const finish = (response: CapturedResponse | null, error: TransportError | null): Exchange => ({
    request: request.captured,
    response,
    ...(error ? { error } : {}),
    ...(retries.length > 0 ? { retries } : {}),
  })

  try {
    for (let retryIndex = 0; ; retryIndex++) {
      const attempt = startAttempt({ timeoutMs: settings.timeoutMs, sdkSignal: request.sdkSignal })
      let response: Response
      try {
        response = await raceAbort(
          settings.fetch(attemptTarget(request), attemptInit(request, attempt)),
          attempt.signal,
        )
      } catch (error) {
        attempt.dispose()
        // A stopped attempt hands the SDK the stop's reason; a network failure its own error.
        handoff.reject(attempt.stopped ? attempt.signal.reason : error)
        return finish(
          null,
          attempt.stopped ?? { kind: 'network', message: settings.redactor.text(describeError(error)) },
        )
      }
      const headersMs = attempt.elapsed()

      if (isRetryableStatus(response.status) && retryIndex < settings.retries) {
        const retried = await recordRetriedAttempt(response, attempt, retryIndex, settings)
        if (attempt.stopped?.kind === 'aborted') {
          handoff.reject(attempt.signal.reason)
          return finish(null, attempt.stopped)
        }
        retries.push(retried)
        try {
          await sleep(retried.waitedMs, request.sdkSignal)
        } catch (reason) {
          handoff.reject(reason)
          return finish(null, { kind: 'aborted', message: describeError(reason) })
        }
        continue
      }

      return finish(...(await captureFinalResponse(response, attempt, headersMs, handoff, settings)))
    }
  } catch (error) {
    // Not expected: a bug here must still not hang the SDK or crash the run.
    handoff.reject(error)
    return finish(null, { kind: 'network', message: settings.redactor.text(describeError(error)) })
  }
}

async function recordRetriedAttempt(
  response: Response,
  attempt: Attempt,
  retryIndex: number,
  settings: Settings,
): Promise<RetriedAttempt> {
  const drained = await drainBody(response.body, {
    t0: attempt.t0,
    maxBytes: RETRY_EXCERPT_READ_BYTES,
    binary: false,
    signal: attempt.signal,
  })
  attempt.dispose()
  const text = settings.redactor.text(drainedText(drained), { cut: drained.incomplete })
  const retryAfter = response.headers.get('retry-after')
  return {
    status: response.status,
    retryAfter: retryAfter === null ? null : settings.redactor.text(retryAfter),
    waitedMs: retryDelayMs({
      retryIndex,
      retryAfter,
      retryAfterMs: response.headers.get('retry-after-ms'),
      baseDelayMs: settings.retryBaseDelayMs,
      maxDelayMs: settings.maxRetryAfterMs,
    }),
    bodyExcerpt: text.slice(0, RETRY_EXCERPT_CHARS),
  }
}

async function captureFinalResponse(
  response: Response,
  attempt: Attempt,
  headersMs: number,
  handoff: Handoff,
  settings: Settings,
): Promise<[CapturedResponse, TransportError | null]> {
  attempt.detachSdkSignal()
  const [forSdk, forCapture] = response.body ? response.body.tee() : [null, null]
  try {
    handoff.resolve(responseForSdk(response, forSdk))
  } catch (error) {
    handoff.reject(error)
  }

  const binary = isBinaryContentType(response.headers.get('content-type'))
  const drained = await drainBody(forCapture, {
    t0: attempt.t0,
    maxBytes: settings.maxBodyBytes,
    binary,
    signal: attempt.signal,
  })
  // Stop the source too (cancelling the capture branch alone would not) and fail the SDK's branch.
  if (drained.limited) attempt.stop('too-large', tooLargeReason(settings.maxBodyBytes))
  attempt.dispose()

  const error: TransportError | null =
    attempt.stopped ??
    (drained.readError === undefined
      ? null
      : { kind: 'network', message: settings.redactor.text(describeError(drained.readError)) })

  const { redactor } = settings
  const cut = { cut: drained.incomplete }
  const texts = binary
    ? []
    : redactor.segments(
        drained.pieces.map((p) => p.text),
        cut,
      )
  const captured: CapturedResponse = {
    status: response.status,
    headers: redactor.headers(headerRecord(response.headers)),
    bodyText: binary ? null : texts.join(''),
    bodyBase64: binary ? Buffer.from(redactor.bytes(drained.bytes ?? new Uint8Array(), cut)).toString('base64') : null,
    // Binary bodies keep no chunks: their text would be meaningless.
    ...(binary ? {} : { chunks: drained.pieces.map((p, i) => ({ t: p.t, text: texts[i]! })) }),
    timing: {
      startedAt: attempt.startedAt,
      headersMs,
      firstByteMs: drained.firstByteMs,
      lastByteMs: drained.endMs,
    },
    ...(drained.limited ? { truncated: true } : {}),
  }
  return [captured, error]
}

function drainedText(drained: DrainedBody): string {
  return drained.pieces.map((p) => p.text).join('')
}

/** Statuses whose Response must have a null body (the constructor throws otherwise). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304])

/** A Response for the SDK over its branch of the body, otherwise like the original. */
function responseForSdk(original: Response, body: ReadableStream<Uint8Array> | null): Response {
  const response = new Response(NULL_BODY_STATUSES.has(original.status) ? null : body, {
    status: original.status,
    statusText: original.statusText,
    headers: original.headers,
  })
  // The SDK logs response.url; a constructed Response has none.
  Object.defineProperty(response, 'url', { value: original.url })
  return response
}

/** audio/*, image/*, video/* and octet-stream bodies are kept as base64. */
export function isBinaryContentType(contentType: string | null): boolean {
  const media = contentType?.split(';')[0]?.trim().toLowerCase() ?? ''
  return /^(audio|image|video)\//.test(media) || media === 'application/octet-stream'
}

/** Lower-cased names (Headers does that); repeated headers joined with ", ". */
function headerRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {}
  headers.forEach((value, name) => {
    out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`
  })
  return out
}

function describeRequest(
  input: string | URL | Request,
  init: RequestInit | undefined,
  redactor: Redactor,
): OutgoingRequest {
  const original = input instanceof Request ? input : null
  const url = original ? original.url : String(input)
  const method = (init?.method ?? original?.method ?? 'GET').toUpperCase()
  const headers = new Headers(original?.headers)
  new Headers(init?.headers).forEach((value, name) => headers.set(name, value))
  const exchangeId = headers.get(EXCHANGE_HEADER)
  headers.delete(EXCHANGE_HEADER)
  const sdkSignal = init?.signal ?? original?.signal ?? null
  return {
    exchangeId,
    url,
    method,
    headers,
    init: init ?? {},
    original,
    sdkSignal,
    captured: {
      method,
      url: redactor.text(url),
      headers: redactor.headers(headerRecord(headers)),
      body: redactor.deep(jsonBody(init?.body)),
    },
  }
}

function jsonBody(body: RequestInit['body'] | undefined): unknown {
  const text =
    typeof body === 'string'
      ? body
      : body instanceof Uint8Array || body instanceof ArrayBuffer
        ? new TextDecoder().decode(body)
        : null
  if (text === null) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function attemptTarget(request: OutgoingRequest): string | Request {
  return request.original ? request.original.clone() : request.url
}

function attemptInit(request: OutgoingRequest, attempt: Attempt): RequestInit {
  return { ...request.init, method: request.method, headers: request.headers, signal: attempt.signal }
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
