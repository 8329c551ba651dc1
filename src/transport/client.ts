/**
 * The client for one target: one official SDK instance over the capturing fetch, and
 * `perform`, which runs an operation and returns the captured exchange with the SDK's view
 * of it attached, as it went over the wire: secrets included, for the checks. Whatever is
 * made of it for output goes through the client's `redactor` (see ./redact-exchange.ts).
 */
import { randomUUID } from 'node:crypto'
import OpenAI from 'openai'
import type { RequestSpec } from '../core/types.ts'
import type { Exchange, SdkOutcome, TransportError } from '../core/exchange.ts'
import {
  createCapturingFetch,
  DEFAULT_MAX_RETRY_AFTER_MS,
  EXCHANGE_HEADER,
  type CaptureOptions,
} from './capture-fetch.ts'
import { describeError, errorName } from './errors.ts'
import type { Operation, RequestOptions, SliceOperations } from './operations.ts'
import { createRedactor, type Redactor } from './redact.ts'
import { targetSecrets } from './secrets.ts'

/** Sent for `auth: 'invalid'`: well-formed, obviously fake, and not a secret (kept in evidence). */
export const INVALID_API_KEY = 'sk-oai-conformance-invalid-0000000000000000'

/**
 * The SDK refuses to construct without a key. For a target without one we pass this
 * placeholder and unset the Authorization header (an explicit `null` default header, the
 * SDK's way to remove a header), so nothing is sent.
 */
export const NO_KEY_PLACEHOLDER = 'sk-no-key'

/** Slack on top of the transport's own bounds for the SDK's timer and for `perform`. */
const SDK_TIMEOUT_SLACK_MS = 2_000
const PERFORM_SLACK_MS = 5_000

export interface TargetClientTarget {
  baseURL: string
  apiKey: string
  headers?: Record<string, string>
  /** Values the user marks secret: redacted like the key. */
  secrets?: readonly string[]
}

/** The capture's limits; the client uses the real fetch. */
export type TargetClientOptions = Omit<CaptureOptions, 'fetch'>

export interface TargetClient {
  /** Runs the operation with the SDK; never throws; the exchange carries `sdk`, and the secrets as sent. */
  perform(req: RequestSpec, exchangeId?: string): Promise<Exchange>
  /** Removes the target's secrets (see `targetSecrets`) from what is made of its exchanges. */
  redactor: Redactor
  sdk: OpenAI
}

/**
 * @param operations what `perform` can run, by name: the API catalogue's `OPERATIONS`, or the
 *   few a caller needs (an operation not in it is reported on the exchange, never thrown).
 */
export function createTargetClient(
  target: TargetClientTarget,
  options: TargetClientOptions,
  operations: SliceOperations,
): TargetClient {
  const redactor = createRedactor(targetSecrets(target).secrets)
  const capturing = createCapturingFetch(options)
  const sdkTimeout = sdkTimeoutMs(options)

  const sdk = new OpenAI({
    baseURL: target.baseURL,
    apiKey: target.apiKey === '' ? NO_KEY_PLACEHOLDER : target.apiKey,
    // Retries are the capturing fetch's job, so each retried attempt is kept as evidence.
    maxRetries: 0,
    timeout: sdkTimeout,
    fetch: capturing.fetch,
    defaultHeaders: { ...(target.apiKey === '' ? { Authorization: null } : {}), ...target.headers },
    // Explicit nulls keep the SDK from reading OPENAI_ADMIN_KEY / OPENAI_ORG_ID / … from the
    // environment: an admin key would replace our Authorization header and go to the target.
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    // The SDK's console logging (e.g. "Could not parse message into JSON") is noise in our
    // output, not evidence; OPENAI_LOG still turns it on for debugging.
    ...(process.env.OPENAI_LOG ? {} : { logLevel: 'off' as const }),
  })

  async function perform(req: RequestSpec, exchangeId: string = randomUUID()): Promise<Exchange> {
    try {
      return await withDeadline(performOnce(req, exchangeId), sdkTimeout + PERFORM_SLACK_MS, () =>
        synthetic(
          req,
          { ok: false, error: { name: 'PerformDeadlineExceeded', message: 'The operation did not settle in time' } },
          { kind: 'timeout', message: `The SDK call did not settle within ${sdkTimeout + PERFORM_SLACK_MS} ms` },
        ),
      )
    } catch (error) {
      // Not expected (performOnce catches): a bug, or a response that broke our own code,
      // is this exchange's failure and must not take the run down.
      const message = describeError(error)
      return synthetic(
        req,
        { ok: false, error: { name: errorName(error), message: clip(message) } },
        { kind: 'internal', message: `the transport failed on this exchange: ${clip(message)}` },
      )
    }
  }

  /** Every credential the target is configured with, replaced by the invalid key (Azure-style `api-key` too). */
  function invalidCredentials(configured: Record<string, string> = {}): Record<string, string> {
    const out: Record<string, string> = { Authorization: `Bearer ${INVALID_API_KEY}` }
    for (const name of Object.keys(configured)) {
      const lower = name.toLowerCase()
      if (lower === 'api-key' || lower === 'x-api-key') out[name] = INVALID_API_KEY
      else if (lower === 'authorization') out[name] = `Bearer ${INVALID_API_KEY}`
    }
    return out
  }

  async function performOnce(req: RequestSpec, exchangeId: string): Promise<Exchange> {
    const headers: Record<string, string> = { [EXCHANGE_HEADER]: exchangeId }
    if (req.auth === 'invalid') Object.assign(headers, invalidCredentials(target.headers))
    const requestOptions: RequestOptions = { headers }

    const operation = operationOf(req)
    const sdkOutcome = await settle(() => operation.run(sdk, req.body, requestOptions))
    const exchange =
      (await capturing.take(exchangeId)) ??
      synthetic(req, sdkOutcome, {
        kind: 'internal',
        message: `The SDK did not send the request: ${sdkOutcome.ok ? 'no request was captured' : sdkOutcome.error.message}`,
      })
    return { ...exchange, sdk: sdkOutcome }
  }

  /** The request's operation; one this client was not given fails when run, naming itself. */
  function operationOf(req: RequestSpec): Operation {
    return (
      operations[req.operation] ?? {
        method: 'POST',
        path: () => '/',
        run: () => Promise.reject(new Error(`this client cannot perform ${req.operation}`)),
      }
    )
  }

  /** The exchange for a request that was never captured (the SDK failed before calling fetch, or we did). */
  function synthetic(req: RequestSpec, outcome: SdkOutcome, error: TransportError): Exchange {
    const route = operationOf(req)
    return {
      request: {
        method: route.method,
        url: joinURL(target.baseURL, route.path(req.body)),
        headers: {},
        body: route.method === 'GET' ? null : req.body,
      },
      response: null,
      error,
      sdk: outcome,
    }
  }

  return { perform, redactor, sdk }
}

/**
 * The SDK's own timer runs around the whole fetch call, which includes our retries and
 * their waits, so it is set to the transport's worst case plus slack: the transport's
 * bounds always fire first and the SDK's timer is only a backstop.
 */
export function sdkTimeoutMs(options: Pick<TargetClientOptions, 'timeoutMs' | 'retries' | 'maxRetryAfterMs'>): number {
  const retries = Math.max(0, options.retries)
  const maxWait = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS
  return Math.ceil((retries + 1) * options.timeoutMs + retries * maxWait + SDK_TIMEOUT_SLACK_MS)
}

async function settle(run: () => Promise<unknown>): Promise<SdkOutcome> {
  try {
    return { ok: true, value: await run() }
  } catch (error) {
    const status = (error as { status?: unknown } | null)?.status
    return {
      ok: false,
      error: {
        name: errorName(error),
        ...(typeof status === 'number' ? { status } : {}),
        message: clip(error instanceof Error ? error.message : String(error)),
      },
    }
  }
}

/** Characters of an SDK error message kept: some messages carry the whole response body. */
export const SDK_MESSAGE_CHARS = 4_000

function clip(message: string): string {
  return message.length > SDK_MESSAGE_CHARS
    ? `${message.slice(0, SDK_MESSAGE_CHARS)}… (${message.length} characters)`
    : message
}

function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => resolve(onTimeout()), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

/** The URL an operation sends to: below the base URL, or as is when absolute (an image URL a response named). */
function joinURL(baseURL: string, path: string): string {
  return /^https?:\/\//i.test(path) ? path : baseURL.replace(/\/+$/, '') + path
}
