/**
 * The capturing fetch: a `fetch` for the SDK that records exactly what went over the wire
 * (secrets included: the checks judge it as sent, and whatever leaves a case is redacted by
 * ./redact-exchange.ts), and bounds every exchange in time, size and concurrency.
 *
 * The SDK tags each request with `x-oai-conformance-exchange: <id>`; the header is removed
 * before sending and the exchange is filed under the id for `take(id)`. The capture is the
 * body's only reader: it hands each read on to the SDK's copy of the response as it keeps
 * it, and goes on to the end when the SDK stops reading early or throws. So the SDK never
 * runs ahead of the capture, and a body waiting for room in the run's memory budget
 * (./body-budget.ts) holds the SDK back too: the socket pushes back on the endpoint. A
 * large body (one that needed the budget) reaches the SDK only once it is known to be
 * whole; one that is not whole reaches it as the error it ended with.
 *
 * Retries (429 / 5xx) happen here, not in the SDK (which runs with `maxRetries: 0`), so
 * every retried attempt is kept as evidence; the final response goes to the SDK whatever
 * its status.
 *
 * Concurrency: a slot is held from the first send until the final body is captured,
 * retry waits included (a rate-limited target gets no extra load while we wait).
 *
 * Memory: an incomplete body (reset, cut at the limit, timed out) keeps only its first
 * KEPT_INCOMPLETE_BYTES, enough for the evidence and for judging what arrived.
 *
 * Abort semantics: the SDK's abort signal cancels the request while it is queued, sending,
 * or waiting to retry. Once the response has been handed to the SDK, the capture no longer
 * follows it (the SDK aborts when it stops reading a stream); the timeout still applies.
 */
import pLimit from 'p-limit'
import type { CapturedRequest, CapturedResponse, Exchange, RetriedAttempt, TransportError } from '../core/exchange.ts'
import { raceAbort, sleep, startAttempt, type Attempt } from './attempt.ts'
import { createBodyBudget, type BodyBudget } from './body-budget.ts'
import { concatParts, decodeBody, drainBody, keptParts, type DrainedBody, type TimedText } from './drain-body.ts'
import { classifyFetchError, describeError, tooLargeReason } from './errors.ts'
import { isBinaryContentType } from '../formats/media.ts'
import { isRetryableStatus, retryDelayMs } from './retry-policy.ts'

export { isBinaryContentType }

/** The per-request header that correlates an SDK call with its captured exchange. */
export const EXCHANGE_HEADER = 'x-oai-conformance-exchange'

export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024
export const DEFAULT_RETRY_BASE_DELAY_MS = 500
export const DEFAULT_MAX_RETRY_AFTER_MS = 30_000
/** Characters of a retried attempt's body kept as evidence. */
export const RETRY_EXCERPT_CHARS = 500
/** Bytes read from a retried attempt's body to make the excerpt. */
const RETRY_EXCERPT_READ_BYTES = 16 * 1024
/** Bytes an incomplete body keeps of what arrived: the evidence, and what the checks that judge a prefix read. */
export const KEPT_INCOMPLETE_BYTES = 256 * 1024

export interface CaptureOptions {
  /** Bounds each attempt from send to the end of the body. */
  timeoutMs: number
  /** Extra tries for 429 / 5xx. */
  retries: number
  /** Requests in flight at once (a slot is held until the body is fully captured). */
  concurrency: number
  /** Default 32 MiB. */
  maxBodyBytes?: number
  /** Bytes of large bodies held at once across every exchange (see ./body-budget.ts). Default 32 MiB. */
  memoryBudgetBytes?: number
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
  timeoutMs: number
  retries: number
  maxBodyBytes: number
  retryBaseDelayMs: number
  maxRetryAfterMs: number
  fetch: typeof fetch
  budget: BodyBudget
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
  /** What the exchange records. */
  captured: CapturedRequest
}

interface Handoff {
  resolve(response: Response): void
  reject(error: unknown): void
}

export function createCapturingFetch(options: CaptureOptions): CapturingFetch {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const settings: Settings = {
    timeoutMs: options.timeoutMs,
    retries: Math.max(0, options.retries),
    maxBodyBytes,
    retryBaseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS,
    maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS,
    fetch: options.fetch ?? globalThis.fetch,
    budget: createBodyBudget({ budgetBytes: options.memoryBudgetBytes, maxBodyBytes }),
  }
  const limit = pLimit(Math.max(1, options.concurrency))
  const filed = new Map<string, Promise<Exchange>>()

  const capturingFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    let request: OutgoingRequest
    try {
      request = describeRequest(input, init)
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
        return finish(null, attempt.stopped ?? { kind: classifyFetchError(error), message: describeError(error) })
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
    return finish(null, {
      kind: 'internal',
      message: `the capture failed: ${describeError(error)}`,
    })
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
    signal: attempt.signal,
  })
  attempt.dispose()
  const text = drainedText(drained)
  const retryAfter = response.headers.get('retry-after')
  return {
    status: response.status,
    retryAfter,
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
  const forSdk = sdkCopy()
  try {
    handoff.resolve(responseForSdk(response, response.body ? forSdk.stream : null))
  } catch (error) {
    handoff.reject(error)
  }

  const binary = isBinaryContentType(response.headers.get('content-type'))
  const drained = await drainBody(response.body, {
    t0: attempt.t0,
    maxBytes: settings.maxBodyBytes,
    signal: attempt.signal,
    budget: settings.budget,
    // A large body reaches the SDK once it is known to be whole: until then it costs one copy, ours.
    onBytes: (bytes, large) => (large ? undefined : forSdk.push(bytes)),
  })
  try {
    // Stop the source (cancelling our reader alone would not) and fail the SDK's copy.
    if (drained.limited) attempt.stop('too-large', tooLargeReason(settings.maxBodyBytes))
    attempt.dispose()

    const error = attempt.stopped ?? readFailure(response, drained)
    if (error) forSdk.fail(attempt.stopped ? attempt.signal.reason : drained.readError)
    else {
      // Copies of what the budget lent: the SDK may keep them after the place is given back.
      for (let i = forSdk.pushed; i < drained.parts.length; i++) {
        const { bytes } = drained.parts[i]!
        forSdk.push(i >= drained.lentFrom ? bytes.slice() : bytes)
      }
      forSdk.end()
    }
    return [capturedResponse(response, attempt, headersMs, drained, binary), error]
  } finally {
    drained.release()
  }
}

/** Why reading the body failed, or null when it did not. */
function readFailure(response: Response, drained: DrainedBody): TransportError | null {
  if (drained.readError === undefined) return null
  const described = describeError(drained.readError)
  let kind = classifyFetchError(drained.readError)
  const announced = announcedLength(response.headers)
  if (kind === 'reset' && announced !== null && announced > drained.byteLength) kind = 'short-body'
  const message =
    kind === 'short-body'
      ? `${drained.byteLength} of the ${announced ?? '?'} bytes Content-Length announced arrived (${described})`
      : kind === 'reset'
        ? `${drained.byteLength} bytes of the body arrived (${described})`
        : described
  return { kind, message }
}

/** The Content-Length, when it counts the bytes we read (no content coding). */
function announcedLength(headers: Headers): number | null {
  const coding = headers.get('content-encoding')
  if (coding && coding.trim().toLowerCase() !== 'identity') return null
  const value = headers.get('content-length')
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : null
}

/** What the exchange records of the response: an incomplete body cut down to what is kept. */
function capturedResponse(
  response: Response,
  attempt: Attempt,
  headersMs: number,
  drained: DrainedBody,
  binary: boolean,
): CapturedResponse {
  const keep = drained.incomplete ? Math.min(drained.byteLength, KEPT_INCOMPLETE_BYTES) : drained.byteLength
  const parts = keptParts(drained.parts, keep)
  const keptBytes = parts.reduce((sum, part) => sum + part.bytes.byteLength, 0)
  let text: { body: string; chunks: CapturedResponse['chunks'] } | null = null
  let base64: string | null = null
  let invalidUtf8At: number | null = null
  if (binary) {
    base64 = Buffer.from(concatParts(parts)).toString('base64')
  } else {
    const decoded = decodeBody(parts, !drained.incomplete)
    invalidUtf8At = decoded.invalidUtf8At
    text = bodyAndChunks(decoded.pieces)
  }
  return {
    status: response.status,
    headers: headerRecord(response.headers),
    bodyText: text ? text.body : null,
    bodyBase64: base64,
    // Binary bodies keep no chunks: their text would be meaningless.
    ...(text ? { chunks: text.chunks } : {}),
    timing: {
      startedAt: attempt.startedAt,
      headersMs,
      firstByteMs: drained.firstByteMs,
      lastByteMs: drained.endMs,
    },
    ...(drained.limited ? { truncated: true } : {}),
    receivedBytes: drained.byteLength,
    ...(keptBytes < drained.byteLength ? { keptBytes } : {}),
    ...(invalidUtf8At !== null ? { invalidUtf8At } : {}),
  }
}

/** The body as one text and its chunks, each chunk's text a slice of it (the capture holds the text once). */
function bodyAndChunks(pieces: TimedText[]): { body: string; chunks: NonNullable<CapturedResponse['chunks']> } {
  const body = pieces.map((p) => p.text).join('')
  let offset = 0
  const chunks = pieces.map((p) => {
    const text = body.slice(offset, offset + p.text.length)
    offset += p.text.length
    return { t: p.t, text }
  })
  return { body, chunks }
}

/** The SDK's copy of the body: fed by the capture, read by the SDK; cancelling it stops only the feeding. */
function sdkCopy(): {
  stream: ReadableStream<Uint8Array>
  /** Reads handed on so far. */
  readonly pushed: number
  push(bytes: Uint8Array): void
  end(): void
  fail(reason: unknown): void
} {
  let controller!: ReadableStreamDefaultController<Uint8Array>
  let open = true
  let pushed = 0
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c
    },
    cancel() {
      open = false
    },
  })
  const settle = (how: () => void) => {
    if (!open) return
    open = false
    try {
      how()
    } catch {
      // already closed by the reader
    }
  }
  return {
    stream,
    get pushed() {
      return pushed
    },
    push(bytes) {
      pushed++
      if (!open) return
      try {
        controller.enqueue(bytes)
      } catch {
        open = false
      }
    },
    end: () => settle(() => controller.close()),
    fail: (reason) => settle(() => controller.error(reason)),
  }
}

function drainedText(drained: DrainedBody): string {
  return decodeBody(drained.parts, !drained.incomplete)
    .pieces.map((p) => p.text)
    .join('')
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

/** Lower-cased names (Headers does that); repeated headers joined with ", ". */
function headerRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {}
  headers.forEach((value, name) => {
    out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`
  })
  return out
}

function describeRequest(input: string | URL | Request, init: RequestInit | undefined): OutgoingRequest {
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
      url,
      headers: headerRecord(headers),
      body: jsonBody(init?.body),
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
