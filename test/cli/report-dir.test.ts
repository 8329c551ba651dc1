import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { UsageError } from '../../src/config/errors.ts'
import { prepareReportDir } from '../../src/run/report-dir.ts'
import { cleanEnv, runCli } from '../support/cli.ts'
import { startServer } from '../transport/helpers.ts'

const scratch = () => mkdtempSync(join(tmpdir(), 'oai-report-dir-'))

test('missing levels are created, and the folder is left empty', async () => {
  const dir = join(scratch(), 'a', 'b')
  await expect(prepareReportDir(dir)).resolves.toBe(dir)
  expect(statSync(dir).isDirectory()).toBe(true)
})

test('a file where the folder should be, or on its way, is refused in one line', async () => {
  const file = join(scratch(), 'report.json')
  writeFileSync(file, '{}')
  await expect(prepareReportDir(file)).rejects.toThrow(UsageError)
  await expect(prepareReportDir(join(file, 'sub'))).rejects.toThrow(/is not a folder/)
})

test.runIf(existsSync('/proc/self'))(
  'a folder under /proc is refused at once (recursive mkdir never returns there)',
  async () => {
    await expect(prepareReportDir('/proc/oai-conformance-test/x')).rejects.toThrow(/cannot be created/)
  },
)

test('the CLI refuses a bad report folder before the first request: one line, exit 2', async () => {
  const server = await startServer((_req, res) => {
    res.end('{}')
  })
  try {
    const file = join(scratch(), 'taken')
    writeFileSync(file, '')
    const result = await runCli(
      ['run', '--base-url', server.baseURL, '--api-key', 'sk-x-12345678', '--report-dir', file],
      {
        env: cleanEnv(),
      },
    )
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/the report folder .* is not a folder/)
    expect(server.received).toHaveLength(0)
  } finally {
    await server.close()
  }
})
