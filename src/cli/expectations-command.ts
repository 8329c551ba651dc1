/**
 * `oai-conformance expectations REPORT.json [--out FILE]`: an expectations file naming every
 * failure and warning of a report, to edit (reasons, issue links) and pass to later runs with
 * `--expectations FILE` (or `target.expectations`).
 */
import { writeFileSync } from 'node:fs'
import { UsageError } from '../config/index.ts'
import { expectationsFromReport } from '../report/expectations.ts'
import { EXIT, type ExitCode } from '../run/exit-code.ts'
import type { RunIo } from '../run/start-run.ts'
import { parseCommandArgs } from './command-args.ts'
import { loadReport } from './diff-command.ts'

export const EXPECTATIONS_USAGE = `Usage: oai-conformance expectations REPORT.json [--out FILE]

Writes an expectations file (JSON) with every failure and warning of the report as a known
result: edit each "reason", add "issue" links, and pass it to later runs with
--expectations FILE. Those runs exit 1 only on failures it does not name, or on results it
names that now pass. Without --out the file goes to stdout.
`

export function runExpectations(argv: string[], io: RunIo): ExitCode {
  const { values, positionals } = parseCommandArgs('expectations', argv, {
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help) {
    io.stdout.write(EXPECTATIONS_USAGE)
    return EXIT.ok
  }
  if (positionals.length !== 1) throw new UsageError('expectations takes one report.json: expectations REPORT.json')
  const file = expectationsFromReport(loadReport(positionals[0]!))
  const text = `${JSON.stringify(file, null, 2)}\n`
  if (values.out === undefined) io.stdout.write(text)
  else {
    writeFileSync(values.out, text)
    io.stdout.write(`${file.expectations.length} expectation(s) written to ${values.out}\n`)
  }
  return EXIT.ok
}
