/**
 * One request as the reference handles it: the parsed `ReferenceRequest` the fault hooks
 * see, and the response builders that every route shares (a JSON answer, an event stream,
 * a binary body, errors), so headers and the fault stages (`body`, `events` and `frames`,
 * `bytes`, `error`, `headers`) are applied in one place, whatever the operation.
 */
import type { ReferenceRequest } from './fault.ts'
import type { ApiError } from './errors.ts'
import { requestId } from './ids.ts'
import type { FaultPipeline } from './pipeline.ts'
import { sseBody } from './sse.ts'

/** What every handler of one reference instance shares. */
export interface ReferenceSettings {
  /** The base URL clients use, without a trailing slash, e.g. `http://127.0.0.1:1234/v1`: what URLs in answers start with. */
  baseUrl: string
  /** Pathname of the base URL without a trailing slash, e.g. `/v1`. */
  basePath: string
  /** When set, Bearer auth is enforced with this key. */
  apiKey: string | undefined
  pipeline: FaultPipeline
}

const JSON_TYPE = 'application/json'
const SSE_TYPE = 'text/event-stream; charset=utf-8'

export class RequestContext {
  readonly req: ReferenceRequest
  /** True when a body was sent but is not JSON. */
  readonly malformedBody: boolean
  readonly settings: ReferenceSettings
  readonly #requestId = requestId()
  readonly #startedAt = performance.now()

  private constructor(req: ReferenceRequest, malformedBody: boolean, settings: ReferenceSettings) {
    this.req = req
    this.malformedBody = malformedBody
    this.settings = settings
  }

  /** The context of a request to the route serving `operationId` (null: no route claims the path). */
  static async from(
    request: Request,
    settings: ReferenceSettings,
    operationId: string | null,
  ): Promise<RequestContext> {
    const pathname = new URL(request.url).pathname
    const path = pathname.startsWith(settings.basePath) ? pathname.slice(settings.basePath.length) : pathname
    const { body, malformed } = await parseBody(request)
    const req: ReferenceRequest = { method: request.method, path, operationId, headers: request.headers, body }
    return new RequestContext(req, malformed, settings)
  }

  get pipeline(): FaultPipeline {
    return this.settings.pipeline
  }

  /** A successful JSON answer: the body through the `body` hooks. */
  answer(body: unknown): Response {
    return this.json(this.pipeline.body(body, this.req))
  }

  /**
   * A successful `text/event-stream` answer: the events through the `events` hooks, framed
   * by `frame` (chat's is `sseFrames` of ./sse.ts), the frames through the `frames` hooks,
   * each frame written separately.
   */
  answerStream(events: unknown[], frame: (events: readonly unknown[]) => string[]): Response {
    const frames = this.pipeline.frames(frame(this.pipeline.events(events, this.req)), this.req)
    return new Response(sseBody(frames), { status: 200, headers: this.#headers(SSE_TYPE) })
  }

  /** A successful binary answer (speech audio, image bytes): the bytes through the `bytes` hooks. */
  answerBytes(bytes: Uint8Array, contentType: string): Response {
    return this.#respond(this.pipeline.bytes(bytes, this.req), 200, contentType)
  }

  /** A JSON response as is (only the `headers` hooks run): for errors, and an unknown path whose 404 a fault waived. */
  json(body: unknown, status = 200): Response {
    const text = spliceRawJson(JSON.stringify(body ?? null, null, 2))
    return this.#respond(text, status, JSON_TYPE)
  }

  /**
   * Sends an error through the `error` hooks. Returns null when a fault waived it (status
   * below 400: the endpoint accepts what it should reject); the caller then carries on.
   */
  reject(error: ApiError): Response | null {
    const { status, body } = this.pipeline.error(error, this.req)
    if (status < 400) return null
    // A fault may swap the envelope for a bare string (an HTML error page, a plain message).
    if (typeof body === 'string') return this.#respond(body, status, sniffTextType(body))
    return this.json(body, status)
  }

  #respond(body: string | Uint8Array, status: number, contentType: string): Response {
    const headers = this.#headers(contentType)
    headers.set('content-length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength))
    return new Response(body as BodyInit, { status, headers })
  }

  #headers(contentType: string): Headers {
    const headers = new Headers({
      'content-type': contentType,
      'x-request-id': this.#requestId,
      'openai-version': '2020-10-01',
      'openai-processing-ms': String(Math.round(performance.now() - this.#startedAt)),
      'access-control-expose-headers': 'X-Request-ID',
    })
    this.pipeline.headers(headers, this.req)
    return headers
  }
}

async function parseBody(request: Request): Promise<{ body: unknown; malformed: boolean }> {
  if (request.method === 'GET' || request.method === 'HEAD') return { body: null, malformed: false }
  const text = await request.text()
  try {
    return { body: JSON.parse(text), malformed: false }
  } catch {
    return { body: null, malformed: true }
  }
}

function sniffTextType(body: string): string {
  return /^\s*</.test(body) ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8'
}

/**
 * A string value that the JSON writer splices in unquoted: how a fault puts text into a body
 * that JSON.stringify cannot produce (`-Infinity`, `NaN`), as sloppy serialisers do.
 */
export function rawJson(text: string): string {
  return `${RAW_MARKER}${text}`
}

const RAW_MARKER = '\u0000raw:'
/** JSON.stringify writes the marker's NUL as `\\u0000`. */
const RAW_VALUE = /"\\u0000raw:([^"]*)"/g

function spliceRawJson(text: string): string {
  return text.includes('\\u0000raw:') ? text.replace(RAW_VALUE, '$1') : text
}
