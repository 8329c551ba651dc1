import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, expect } from 'vitest'
import { UsageError } from '../../src/config/errors.ts'

/** Asserts `run` throws a UsageError with exactly `message` (which is one line). */
export async function expectUsageError(run: () => unknown, message: string | RegExp): Promise<void> {
  let thrown: unknown
  try {
    await run()
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(UsageError)
  const error = thrown as UsageError
  expect(error.name).toBe('UsageError')
  expect(error.message).not.toMatch(/[\r\n]/)
  if (typeof message === 'string') expect(error.message).toBe(message)
  else expect(error.message).toMatch(message)
}

const dirs: string[] = []

/** A fresh directory under the OS temp dir, removed after the test; `files` written into it. */
export async function tempDir(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'oai-conformance-config-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text)
  return dir
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})
