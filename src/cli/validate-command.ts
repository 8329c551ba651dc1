/** `oai-conformance validate FILE...`: judge captured traffic (HAR, recordings, JSON Lines) offline. */
import { parseArgs } from 'node:util'
import { UsageError } from '../config/errors.ts'
import { DEFAULT_REPORT_DIR } from '../config/resolve.ts'
import { EXIT } from '../run/exit-code.ts'
import type { RunIo } from '../run/start-run.ts'

export const VALIDATE_USAGE = `Usage: oai-conformance validate FILE... [--host HOST]... [--report-dir DIR]

Judges captured traffic with the same checks as a run: HAR 1.2 files (browser devtools,
Playwright's recordHar, mitmproxy, Charles, Proxyman), recordings, or JSON Lines of
{request, response}; the format is read from the content. One case per API call.

  --host HOST       judge only requests to this host (host or host:port); repeatable
  --report-dir DIR  where report.json and junit.xml go (default ${DEFAULT_REPORT_DIR})
  --help            print this help and exit

Exit codes: 0 nothing failed, 1 a required check failed, 2 a file could not be read or held no API call.
`

const OPTIONS = {
  host: { type: 'string', multiple: true },
  'report-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

/** Parses the command line and runs the job; usage errors throw `UsageError` (one line, exit 2). */
export async function runValidate(argv: string[], io: RunIo): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>>
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true })
  } catch (error) {
    throw new UsageError(`validate: ${error instanceof Error ? error.message : String(error)}`)
  }
  const { values, positionals } = parsed
  if (values.help) {
    io.stdout.write(VALIDATE_USAGE)
    return EXIT.ok
  }
  if (positionals.length === 0) throw new UsageError('validate: name at least one capture file (validate --help)')
  const { startValidate } = await import('../validate/validate.ts')
  return startValidate(
    { files: positionals, hosts: values.host ?? [], reportDir: values['report-dir'] ?? DEFAULT_REPORT_DIR },
    io,
  )
}
