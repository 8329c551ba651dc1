/** `oai-conformance proxy --upstream URL`: a loopback proxy that judges the traffic going through it. */
import { parseArgs } from 'node:util'
import { UsageError } from '../config/errors.ts'
import { DEFAULT_REPORT_DIR } from '../config/resolve.ts'
import { EXIT } from '../run/exit-code.ts'
import type { RunIo } from '../run/start-run.ts'

export const PROXY_USAGE = `Usage: oai-conformance proxy --upstream URL [--port N] [--every N] [--report-dir DIR]

Listens on 127.0.0.1 and forwards every request to URL unchanged, streaming each response
through as it arrives; judges each API call with the same checks as a run and prints one
line per exchange. Point your app at the printed URL (OPENAI_BASE_URL=http://127.0.0.1:N/v1).
Reports are written when it stops (Ctrl-C) and, with --every, after every N exchanges.

  --upstream URL    the API's base URL, e.g. https://api.openai.com/v1 (required)
  --port N          port to listen on (default: a free port)
  --every N         also write the reports after every N judged exchanges
  --record FILE     also save every exchange, redacted, as JSON Lines (validate reads it)
  --report-dir DIR  where report.json and junit.xml go (default ${DEFAULT_REPORT_DIR})
  --help            print this help and exit

Exit codes: 0 nothing failed, 1 a required check failed, 2 bad usage or no API call seen.
`

const OPTIONS = {
  upstream: { type: 'string' },
  port: { type: 'string' },
  every: { type: 'string' },
  record: { type: 'string' },
  'report-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

export interface ProxyIo extends RunIo {
  /** Stops the proxy like Ctrl-C does (for embedding and tests). */
  signal?: AbortSignal
}

/** Parses the command line, runs the proxy until SIGINT / SIGTERM, and resolves to the exit code. */
export async function runProxy(argv: string[], io: ProxyIo): Promise<number> {
  let values: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: false }>
  >['values']
  try {
    ;({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }))
  } catch (error) {
    throw new UsageError(`proxy: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (values.help) {
    io.stdout.write(PROXY_USAGE)
    return EXIT.ok
  }
  if (values.upstream === undefined) throw new UsageError('proxy: --upstream URL is required (proxy --help)')
  if (!URL.canParse(values.upstream) || !/^https?:$/.test(new URL(values.upstream).protocol))
    throw new UsageError(`proxy: --upstream "${values.upstream}" is not an http(s) URL`)
  const port = integer('port', values.port, 0, 65535) ?? 0
  const every = integer('every', values.every, 1, 1_000_000)
  const { startProxy } = await import('../proxy/proxy.ts')
  const { untilStopped } = await import('./serve.ts')
  const proxy = await startProxy(
    {
      upstream: values.upstream,
      port,
      reportDir: values['report-dir'] ?? DEFAULT_REPORT_DIR,
      ...(every ? { every } : {}),
      ...(values.record ? { record: values.record } : {}),
    },
    io,
  ).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE' || error.code === 'EACCES')
      throw new UsageError(`proxy: cannot listen on port ${port} (${error.code})`)
    throw error
  })
  io.stdout.write(`proxy listening on ${proxy.url}, forwarding to ${values.upstream}\n`)
  io.stdout.write(`point your app at it: OPENAI_BASE_URL=${proxy.url}; Ctrl-C writes the reports\n`)
  await untilStopped(io.signal)
  return proxy.stop()
}

function integer(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN
  if (!(value >= min && value <= max))
    throw new UsageError(`proxy: --${name} "${text}" is not an integer from ${min} to ${max}`)
  return value
}
