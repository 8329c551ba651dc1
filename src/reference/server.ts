/**
 * The reference endpoint on a real socket: a `node:http` server that turns each request
 * into a fetch `Request`, answers it with the msw handlers (`getResponse`), and writes the
 * `Response` back chunk by chunk, so streams reach the client frame by frame.
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getResponse, type RequestHandler } from 'msw'
import { invalidUrl, serverError, type ApiError } from './errors.ts'

export interface LoopbackOptions {
  /** @default 0 (a free port) */
  port?: number
  /** @default '127.0.0.1' */
  host?: string
}

export interface ReferenceServer {
  /** The base URL, e.g. `http://127.0.0.1:PORT/v1`. */
  url: string
  port: number
  /** Stops listening and drops open (keep-alive, streaming) connections. Idempotent. */
  close(): Promise<void>
}

export const REFERENCE_BASE_PATH = '/v1'

/**
 * Listens on loopback and answers with the handlers `handlersFor` makes for the server's
 * own base URL (known only once the port is).
 */
export async function startLoopbackServer(
  options: LoopbackOptions,
  handlersFor: (baseUrl: string) => RequestHandler[],
): Promise<ReferenceServer> {
  const host = options.host ?? '127.0.0.1'
  let handlers: RequestHandler[] = []
  let origin = ''

  const server = createServer((req, res) => void answer(req, res, origin, handlers))
  await listen(server, options.port ?? 0, host)
  const port = (server.address() as AddressInfo).port
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  const url = origin + REFERENCE_BASE_PATH
  handlers = handlersFor(url)

  let closing: Promise<void> | undefined
  return {
    url,
    port,
    close: () => (closing ??= stop(server)),
  }
}

async function listen(server: Server, port: number, host: string): Promise<void> {
  server.listen(port, host)
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error))])
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()))
    server.closeAllConnections()
  })
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
  handlers: RequestHandler[],
): Promise<void> {
  try {
    const request = await toFetchRequest(req, origin)
    const response = await getResponse(handlers, request)
    await writeResponse(res, response ?? errorResponse(invalidUrl(req.method ?? 'GET', new URL(request.url).pathname)))
  } catch {
    // A handler threw, or the client went away mid-request: answer 500 if still possible.
    if (res.headersSent) return void res.destroy()
    await writeResponse(res, errorResponse(serverError())).catch(() => res.destroy())
  }
}

/** The request as fetch sees it, addressed to this server's own origin (not the Host header). */
async function toFetchRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item)
  }
  const method = req.method ?? 'GET'
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks)
  return new Request(origin + (req.url ?? '/'), { method, headers, body })
}

/** Writes status, headers and the body one chunk per `write`, honouring backpressure. */
async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => (headers[name] = value))
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) headers['set-cookie'] = cookies
  res.writeHead(response.status, headers)
  if (!response.body) return void res.end()

  const reader = response.body.getReader()
  const stopReading = () => void reader.cancel().catch(() => {})
  res.once('close', stopReading)
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done || res.destroyed) break
      if (!res.write(value)) await drainOrClose(res)
    }
    res.end()
  } finally {
    res.off('close', stopReading)
  }
}

/** Waits for the socket to drain or close, then removes the listener of the one that did not happen. */
async function drainOrClose(res: ServerResponse): Promise<void> {
  const settled = new AbortController()
  const either = (event: string) => once(res, event, { signal: settled.signal }).catch(() => undefined)
  try {
    await Promise.race([either('drain'), either('close')])
  } finally {
    settled.abort()
  }
}

function errorResponse(error: ApiError): Response {
  return new Response(JSON.stringify(error.body, null, 2), {
    status: error.status,
    headers: { 'content-type': 'application/json' },
  })
}
