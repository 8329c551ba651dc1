/**
 * The report folder, checked before the first request: a run against a slow endpoint can take
 * hours, and a folder that cannot be written must not be found out only at its end.
 */
import { constants } from 'node:fs'
import { access, mkdir, mkdtemp, stat, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { firstLine, UsageError } from '../config/errors.ts'

/**
 * Makes sure `dir` is a folder the run can write to, creating what is missing, or throws a
 * one-line `UsageError`. Levels are created one at a time: Node's recursive `mkdir` never
 * returns under `/proc`.
 */
export async function prepareReportDir(dir: string): Promise<string> {
  const target = path.resolve(dir)
  const problem = (what: string) => new UsageError(`the report folder ${dir} ${what}`)
  const missing: string[] = []
  let existing = target
  for (;;) {
    const found = await stat(existing).catch(() => null)
    if (found) {
      if (!found.isDirectory()) throw problem(`cannot be used: ${existing} is not a folder`)
      break
    }
    missing.unshift(existing)
    const parent = path.dirname(existing)
    if (parent === existing) break
    existing = parent
  }
  await access(existing, constants.W_OK).catch((error) => {
    throw problem(`is not writable (${existing}: ${firstLine(error)})`)
  })
  for (const level of missing) {
    await mkdir(level).catch((error) => {
      throw problem(`cannot be created (${level}: ${firstLine(error)})`)
    })
  }
  const probe = path.join(target, `.oai-conformance-${process.pid}.probe`)
  await writeFile(probe, '')
    .then(() => unlink(probe))
    .catch((error) => {
      throw problem(`is not writable (${firstLine(error)})`)
    })
  return target
}

/** A fresh temporary folder, for reports the report folder refused at the end of a run. */
export function fallbackReportDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'oai-conformance-report-'))
}
