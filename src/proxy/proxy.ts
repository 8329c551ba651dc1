/**
 * The checking proxy (`oai-conformance proxy --upstream URL`): a loopback HTTP server the
 * user points their app at. Every request is forwarded unchanged (only `Host` names the
 * upstream, and hop-by-hop headers stay on their hop); every read of the response is written
 * to the app as it arrives (same chunks, same pace: the app's reading paces the upstream's).
 * Beside it each exchange is recorded (bounded by the capture limit), redacted, judged with
 * the checks inference finds for it (./src/validate/judge.ts), and printed as one line.
 * Reports are written every N exchanges and when the proxy stops.
 */
import { createWriteStream, openSync, type WriteStream } from 'node:fs'
import { firstLine, UsageError } from '../config/errors.ts'
import { createServer, type IncomingMessage, request as httpRequest, type ServerResponse } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { AddressInfo } from 'node:net'
import { CATALOGUE, type Catalogue } from '../apis/index.ts'
import type { CaseResult } from '../core/types.ts'
import { classifyFetchError, DEFAULT_MAX_BODY_BYTES } from '../transport/index.ts'
import {
  createProgressPrinter,
  createReportWriters,
  DEFAULT_WRITERS,
  type ReportWriterReference,
  useColor,
} from '../../reporters/index.ts'
import { EXIT, type ExitCode, exitCode } from '../run/exit-code.ts'
import { redactingStream } from '../run/redacting-io.ts'
import { prepareReportDir } from '../run/report-dir.ts'
import { type RunIo, writeReportsOrFallBack } from '../run/start-run.ts'
import { apiCallOf, judgeExchange } from '../validate/judge.ts'
import { createLearningRedactor, redactExchange, requestSecrets } from '../validate/secrets.ts'
import { capturedTrafficReport } from '../validate/validate.ts'
import { BoundedBody, type RecordedExchange, toExchange } from './recorder.ts'

export interface ProxyOptions {
  /** The API's base URL the proxy forwards to: `https://api.openai.com/v1`. */
  upstream: string
  /**
   * The loopback port to listen on.
   * @default 0: a free port
   */
  port?: number
  /**
   * Write the reports after every this many judged exchanges (besides when the proxy stops).
   * @default undefined: only when it stops
   */
  every?: number
  /** Where report.json and junit.xml go. */
  reportDir: string
  /**
   * Also append each exchange, redacted, to this file as JSON Lines (`validate` reads it back).
   * @default undefined: no file
   */
  record?: string
  /**
   * Bytes of each body kept for judging (the rest is forwarded, not kept).
   * @default DEFAULT_MAX_BODY_BYTES (32 MiB)
   */
  maxBodyBytes?: number
}

export interface ProxySetup {
  /** @default CATALOGUE */
  catalogue?: Catalogue
  /** @default DEFAULT_WRITERS */
  writers?: readonly ReportWriterReference[]
}

export interface RunningProxy {
  /** The base URL to point the app at: `http://127.0.0.1:PORT` plus the upstream's path. */
  url: string
  /** The cases judged so far, in the order their exchanges finished. */
  cases(): readonly CaseResult[]
  /** Resolves once every exchange that has started is judged, and the reports due are written (for tests). */
  settled(): Promise<void>
  /** Stops listening, waits for the exchanges in flight, writes the reports; resolves to the exit code. */
  stop(): Promise<ExitCode>
}

/** Headers that belong to one hop (RFC 9110 §7.6.1), never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade'])

/** Starts the proxy on loopback; reports go to `options.reportDir` (checked first: a usage error throws). */
export async function startProxy(options: ProxyOptions, io: RunIo, setup: ProxySetup = {}): Promise<RunningProxy> {
  const catalogue = setup.catalogue ?? CATALOGUE
  const writers = createReportWriters(setup.writers ?? DEFAULT_WRITERS)
  const upstream = new URL(options.upstream)
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  await prepareReportDir(options.reportDir)
  const startedAt = new Date()
  const redactor = createLearningRedactor()
  io = { stdout: redactingStream(io.stdout, redactor), stderr: redactingStream(io.stderr, redactor) }
  const color = useColor(io.stdout)
  const printer = createProgressPrinter(io.stdout, 0, { color, live: false, everyCase: true })
  const cases: CaseResult[] = []
  const baseURLs = new Set<string>()
  const inFlight = new Set<Promise<void>>()
  let seen = 0
  let writing: Promise<void> = Promise.resolve()

  const writeNow = () => {
    const report = capturedTrafficReport({
      name: `proxy to ${upstream.href}`,
      baseURLs: [...baseURLs],
      cases,
      startedAt,
    })
    const context = { scrub: (text: string) => redactor.text(text), out: io.stdout, color, dir: options.reportDir }
    writing = writing.then(() => writeReportsOrFallBack(report, writers, context, io.stderr))
    return writing.then(() => report)
  }

  const recording = options.record === undefined ? null : openRecording(options.record, io.stderr)
  const judge = (recorded: RecordedExchange, number: number) => {
    redactor.learn(requestSecrets(recorded.requestHeaders))
    const exchange = redactExchange(toExchange(recorded, maxBodyBytes), redactor)
    recording?.write(redactor.text(`${JSON.stringify(exchange)}\n`))
    const call = apiCallOf(exchange, catalogue)
    if (!call) {
      io.stdout.write(
        `[#${number}] ${exchange.request.method} ${new URL(exchange.request.url).pathname}  not an API call: forwarded, not judged\n`,
      )
      return
    }
    baseURLs.add(call.baseURL)
    const result = judgeExchange(
      { exchange, source: { exchange: number } },
      call.operation,
      cases.length + 1,
      catalogue,
    )
    cases.push(result)
    printer.setTotal(cases.length)
    printer.onCase(result)
    if (options.every && cases.length % options.every === 0) void writeNow()
  }

  const server = createServer((req, res) => {
    const number = ++seen
    const done = forward(req, res, upstream, maxBodyBytes).then(
      (recorded) => judge(recorded, number),
      (error) => {
        io.stderr.write(`oai-conformance proxy: exchange #${number} could not be judged: ${String(error)}\n`)
      },
    )
    inFlight.add(done)
    void done.finally(() => inFlight.delete(done))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, '')}`
  const settled = async () => {
    while (inFlight.size > 0) await Promise.all([...inFlight])
    await writing
  }

  return {
    url,
    cases: () => cases,
    settled,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
      })
      await settled()
      printer.done()
      if (recording) await new Promise((resolve) => recording.end(resolve))
      if (cases.length === 0) {
        io.stderr.write('oai-conformance proxy: no API call went through the proxy; no report written\n')
        return EXIT.usage
      }
      const report = await writeNow()
      return exitCode({ runErrors: [], report })
    },
  }
}

/** The `--record` file, created now (a path that cannot be written is a usage error, before any traffic). */
function openRecording(path: string, stderr: NodeJS.WritableStream): WriteStream {
  let fd: number
  try {
    fd = openSync(path, 'w')
  } catch (error) {
    throw new UsageError(`proxy: cannot write the recording ${path} (${firstLine(error)})`)
  }
  const stream = createWriteStream('', { fd })
  stream.on('error', (error) => stderr.write(`oai-conformance proxy: writing ${path} failed: ${firstLine(error)}\n`))
  return stream
}

/** The URL upstream for a request path: the path as it is when it already starts with the upstream's, else below it. */
export function upstreamUrl(upstream: URL, path: string): URL {
  const prefix = upstream.pathname.replace(/\/$/, '')
  return new URL(path.startsWith(`${prefix}/`) || path === prefix ? path : `${prefix}${path}`, upstream.origin)
}

/** Forwards one exchange, writing each read to the app as it arrives; resolves to what it recorded (never rejects). */
function forward(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: URL,
  maxBodyBytes: number,
): Promise<RecordedExchange> {
  const t0 = performance.now()
  const since = () => Math.round(performance.now() - t0)
  const target = upstreamUrl(upstream, req.url ?? '/')
  const recorded: RecordedExchange = {
    method: req.method ?? 'GET',
    url: target.href,
    requestHeaders: lowerCased(req.headers),
    requestBody: new BoundedBody(maxBodyBytes),
    startedAt: new Date().toISOString(),
    response: null,
  }
  res.socket?.setNoDelay(true)
  return new Promise((resolve) => {
    let finished = false
    const finish = (error?: RecordedExchange['error']) => {
      if (finished) return
      finished = true
      if (error && !recorded.error) recorded.error = error
      if (recorded.response) recorded.response.lastByteMs = since()
      resolve(recorded)
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest
    const outgoing = send(target, { method: req.method, headers: forwardedHeaders(req.rawHeaders, target.host) })
    outgoing.setNoDelay(true)
    outgoing.on('response', (incoming) => {
      const response = {
        status: incoming.statusCode ?? 0,
        headers: lowerCased(incoming.headers),
        body: new BoundedBody(maxBodyBytes),
        headersMs: since(),
        firstByteMs: null as number | null,
        lastByteMs: 0,
      }
      recorded.response = response
      res.writeHead(incoming.statusCode ?? 502, incoming.statusMessage, forwardedHeaders(incoming.rawHeaders))
      res.flushHeaders()
      incoming.on('data', (chunk: Buffer) => {
        const t = since()
        response.firstByteMs ??= t
        response.body.push(chunk, t)
        // The app's pace is the upstream's: stop reading while the app has not taken the last read.
        if (!res.write(chunk)) {
          incoming.pause()
          res.once('drain', () => incoming.resume())
        }
      })
      incoming.on('end', () => {
        res.end()
        finish()
      })
      incoming.on('error', (error) => {
        res.destroy(error)
        finish({ kind: classifyFetchError(error), message: `the upstream response broke off: ${error.message}` })
      })
      incoming.on('aborted', () => {
        res.destroy()
        finish({ kind: 'reset', message: 'the upstream closed the connection before the response was complete' })
      })
    })
    outgoing.on('error', (error) => {
      if (recorded.response) {
        res.destroy(error)
        return finish({ kind: 'reset', message: `the upstream connection failed mid-response: ${error.message}` })
      }
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' })
        res.end(`oai-conformance proxy: the upstream ${upstream.origin} could not be reached (${error.message})\n`)
      }
      finish({ kind: classifyFetchError(error), message: `the upstream could not be reached: ${error.message}` })
    })
    // The app gave up (closed its connection) before the response was over.
    res.on('close', () => {
      if (!res.writableFinished) {
        outgoing.destroy()
        finish({ kind: 'aborted', message: 'the app closed the connection before the response was complete' })
      }
    })
    req.on('data', (chunk: Buffer) => recorded.requestBody.push(chunk, since()))
    req.pipe(outgoing)
  })
}

/**
 * Raw headers (name, value, name, value: `rawHeaders`' form, which `request` and `writeHead`
 * take), names as sent, without hop-by-hop ones; `Host` replaced when given.
 */
function forwardedHeaders(raw: readonly string[], host?: string): string[] {
  const out: string[] = host === undefined ? [] : ['Host', host]
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    const lower = name.toLowerCase()
    if (HOP_BY_HOP.has(lower) || (host !== undefined && lower === 'host')) continue
    out.push(name, raw[i + 1]!)
  }
  return out
}

function lowerCased(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}
