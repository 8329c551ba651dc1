/**
 * A loopback HTTP proxy that holds every request for a fixed delay before forwarding it,
 * standing in for a distant target: with a 1 s delay, a request's round trip is about 1 s
 * however fast the upstream answers. Response bodies are piped through as they arrive (an
 * event stream reaches the client frame by frame), and every request is logged with its
 * start and end times so the bench can count requests and chains of them.
 */
import { once } from 'node:events'
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the proxy forwarded. */
export interface ProxiedRequest {
  /** The HTTP method. */
  method: string
  /** The path and query, as the client sent them. */
  path: string
  /** When the request arrived (ms since the proxy started). */
  startMs: number
  /** When the response (or the failure) ended (ms since the proxy started); `null` while open. */
  endMs: number | null
  /** The upstream's status; `null` when forwarding failed or has not answered yet. */
  status: number | null
}

export interface DelayProxyOptions {
  /** The upstream origin, e.g. `http://127.0.0.1:1234`; paths are forwarded unchanged. */
  upstream: string
  /**
   * How long each request is held before it is forwarded.
   * @default 1000
   */
  delayMs?: number
}

export interface DelayProxy {
  /** The proxy's origin, e.g. `http://127.0.0.1:5678`. */
  origin: string
  /** Every request so far, in order of arrival. */
  readonly log: readonly ProxiedRequest[]
  /** The proxy's clock: ms since it started, as in the log. */
  now(): number
  /** Forgets the log (between runs); times stay relative to the proxy's start. */
  clear(): void
  /** Stops listening and drops every open connection. Idempotent. */
  close(): Promise<void>
}

/** Starts the proxy on a free loopback port. */
export async function startDelayProxy(options: DelayProxyOptions): Promise<DelayProxy> {
  const upstream = new URL(options.upstream)
  const delayMs = options.delayMs ?? 1000
  const started = performance.now()
  const now = () => Math.round(performance.now() - started)
  let log: ProxiedRequest[] = []
  const timers = new Set<NodeJS.Timeout>()

  const server = createServer((req, res) => {
    const entry: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      startMs: now(),
      endMs: null,
      status: null,
    }
    log.push(entry)
    const end = () => {
      entry.endMs ??= now()
    }
    res.once('close', end)
    // The request body waits in the paused stream until the delay is over.
    const timer = setTimeout(() => {
      timers.delete(timer)
      forward(req, res, upstream, entry)
    }, delayMs)
    timers.add(timer)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo

  let closing: Promise<void> | undefined
  return {
    origin: `http://127.0.0.1:${port}`,
    get log() {
      return log
    },
    now,
    clear() {
      log = []
    },
    close: () => (closing ??= stop(server, timers)),
  }
}

function forward(req: IncomingMessage, res: ServerResponse, upstream: URL, entry: ProxiedRequest): void {
  const outgoing = request(
    {
      hostname: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: upstream.host },
    },
    (answer) => {
      entry.status = answer.statusCode ?? null
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers)
      res.flushHeaders()
      answer.pipe(res)
      answer.once('error', () => res.destroy())
    },
  )
  outgoing.once('error', (error) => {
    if (res.headersSent) res.destroy()
    else res.writeHead(502, { 'content-type': 'text/plain' }).end(`delay proxy: ${error.message}`)
  })
  req.pipe(outgoing)
}

async function stop(server: Server, timers: Set<NodeJS.Timeout>): Promise<void> {
  for (const timer of timers) clearTimeout(timer)
  timers.clear()
  const closed = once(server, 'close')
  server.close()
  server.closeAllConnections()
  await closed
}
