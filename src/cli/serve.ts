/**
 * `oai-conformance serve`: run the reference endpoint until SIGINT / SIGTERM.
 */
import { parseArgs } from 'node:util'
import { FAULTS, listFaults } from '../apis/index.ts'
import { REFERENCE_API_KEY } from '../reference/served-models.ts'
import { startReferenceServer } from '../apis/reference.ts'

export interface ServeIO {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
  /** Stops the server like SIGINT does (for embedding and tests). */
  signal?: AbortSignal
}

const USAGE = `Usage: oai-conformance serve [--port N] [--api-key K] [--fault NAME]... [--list-faults] [--help]

Runs the embedded reference endpoint on http://127.0.0.1:PORT/v1 until interrupted.

  --port N        port to listen on (default: a free port)
  --api-key K     the Bearer key to enforce (default: ${REFERENCE_API_KEY})
  --fault NAME    commit a named deviation (repeatable); see --list-faults
  --list-faults   print the fault catalogue and exit
  --help          print this help and exit
`

const OPTIONS = {
  port: { type: 'string' },
  'api-key': { type: 'string' },
  fault: { type: 'string', multiple: true },
  'list-faults': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

const PROCESS_IO: ServeIO = { stdout: process.stdout, stderr: process.stderr }

/** Returns the exit code: 0 after a clean shutdown, 2 for bad input. */
export async function runServe(argv: string[], io: ServeIO = PROCESS_IO): Promise<number> {
  const fail = (problem: string) => {
    io.stderr.write(`oai-conformance serve: ${problem}\n`)
    return 2
  }

  let values: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true; allowPositionals: false }>
  >['values']
  try {
    ;({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }))
  } catch (error) {
    return fail(firstLine(error))
  }
  if (values.help) {
    io.stdout.write(USAGE)
    return 0
  }
  if (values['list-faults']) {
    io.stdout.write(formatFaults())
    return 0
  }

  const port = values.port === undefined ? 0 : parsePort(values.port)
  if (port === null) return fail(`invalid port "${values.port}" (expected an integer from 0 to 65535)`)
  const unknown = (values.fault ?? []).filter((name) => !FAULTS.some((fault) => fault.name === name))
  if (unknown.length > 0) {
    return fail(`unknown fault "${unknown[0]}" (valid: ${FAULTS.map(({ name }) => name).join(', ')})`)
  }

  let server: Awaited<ReturnType<typeof startReferenceServer>>
  try {
    server = await startReferenceServer({ port, apiKey: values['api-key'], faults: values.fault })
  } catch (error) {
    return fail(firstLine(error))
  }
  io.stdout.write(`listening ${server.url}\n`)
  // The default key is public (it is in the README); a key the user chose is never echoed.
  if (values['api-key'] === undefined)
    io.stdout.write(`api key: ${REFERENCE_API_KEY} (the default; pass it to the run with --api-key)\n`)
  await untilStopped(io.signal)
  await server.close()
  return 0
}

function parsePort(text: string): number | null {
  if (!/^\d+$/.test(text)) return null
  const port = Number(text)
  return port <= 65535 ? port : null
}

/** Resolves on SIGINT, SIGTERM or the abort signal, then removes its listeners. */
export function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      signal?.removeEventListener('abort', stop)
      resolve()
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    if (signal?.aborted) stop()
    else signal?.addEventListener('abort', stop, { once: true })
  })
}

function formatFaults(): string {
  return listFaults()
    .map(({ name, description, proves }) => {
      const proved = proves.length > 0 ? proves.join(', ') : '(nothing)'
      return `${name}\n  ${description}\n  proves: ${proved}\n`
    })
    .join('\n')
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'error'
}
