/** `--fail-on`: file < env < flags, and what it does to the exit code. */
import { describe, expect, test } from 'vitest'
import { resolveRun } from '../../src/config/resolve.ts'
import type { UserConfig } from '../../src/config/types.ts'
import { exitCode } from '../../src/run/exit-code.ts'
import { expectUsageError, tempDir } from './helpers.ts'

const cwdWith = (config?: UserConfig) =>
  tempDir(config ? { 'oai-conformance.config.json': JSON.stringify(config) } : {})

describe('--fail-on', () => {
  test('is unset by default', async () => {
    const { options } = await resolveRun({ argv: [], env: {}, cwd: await cwdWith() })
    expect(options.failOn).toBeUndefined()
  })

  test('the file, then the environment, then the flags decide', async () => {
    const cwd = await cwdWith({ failOn: ['warn'] })
    expect((await resolveRun({ argv: [], env: {}, cwd })).options.failOn).toEqual(['warn'])
    const env = { OAI_CONFORMANCE_FAIL_ON: 'inconclusive' }
    expect((await resolveRun({ argv: [], env, cwd })).options.failOn).toEqual(['inconclusive'])
    const argv = ['--fail-on', 'inconclusive,warn']
    expect((await resolveRun({ argv, env, cwd })).options.failOn).toEqual(['inconclusive', 'warn'])
    const repeated = ['--fail-on', 'warn', '--fail-on', 'inconclusive']
    expect((await resolveRun({ argv: repeated, env, cwd })).options.failOn).toEqual(['warn', 'inconclusive'])
  })

  test('an unknown result is a usage error naming the known ones', async () => {
    const cwd = await cwdWith()
    await expectUsageError(
      () => resolveRun({ argv: ['--fail-on', 'skip'], env: {}, cwd }),
      /--fail-on.*"skip".*inconclusive, warn/,
    )
  })
})

describe('the exit code with --fail-on', () => {
  const report = (counts: { inconclusive?: number; warned?: number }) => ({
    summary: { total: 10, passed: 10, failed: 0, skipped: 0, inconclusive: 0, warned: 0, ...counts },
    cases: [],
  })

  test('an inconclusive case fails the run only with --fail-on inconclusive', () => {
    expect(exitCode({ runErrors: [], report: report({ inconclusive: 1 }) })).toBe(0)
    expect(exitCode({ runErrors: [], report: report({ inconclusive: 1 }), failOn: ['warn'] })).toBe(0)
    expect(exitCode({ runErrors: [], report: report({ inconclusive: 1 }), failOn: ['inconclusive'] })).toBe(1)
  })

  test('a warning fails the run only with --fail-on warn', () => {
    expect(exitCode({ runErrors: [], report: report({ warned: 2 }) })).toBe(0)
    expect(exitCode({ runErrors: [], report: report({ warned: 2 }), failOn: ['warn'] })).toBe(1)
  })

  test('a run mostly inconclusive still exits 2: it could not judge the target', () => {
    expect(exitCode({ runErrors: [], report: report({ inconclusive: 6 }), failOn: ['inconclusive'] })).toBe(2)
  })
})
