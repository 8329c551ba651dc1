/** Loading a target's expectations file before the run: a bad file is one line and exit 2, before any request. */
import { readFile } from 'node:fs/promises'
import { UsageError } from '../config/index.ts'
import { type ExpectationsFile, parseExpectations } from '../report/expectations.ts'

export async function loadExpectations(path: string): Promise<ExpectationsFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new UsageError(`expectations file ${path}: cannot read it (${(error as NodeJS.ErrnoException).code})`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new UsageError(`expectations file ${path}: not JSON`)
  }
  const parsed = parseExpectations(value)
  if ('problem' in parsed) throw new UsageError(`expectations file ${path}: ${parsed.problem}`)
  return parsed.file
}
