import path from 'node:path'
import { PassThrough } from 'node:stream'
import { startVitest } from 'vitest/node'
import { beforeAll, describe, expect, test } from 'vitest'
import { ConformanceReporter } from '../../reporters/vitest-reporter.ts'
import type { CaseResult } from '../../src/core/types.ts'
import { FAIL, PASS, WARN } from './fixtures/cases.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** Runs the fixture files in a nested vitest with our reporter; returns it and its output. */
async function runFixtures(
  files: string[],
  options: { bail?: number } = {},
): Promise<{ reporter: ConformanceReporter; output: string }> {
  const out = new PassThrough()
  let output = ''
  out.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  const reporter = new ConformanceReporter({ out, color: false })
  const exitCode = process.exitCode
  const vitest = await startVitest('test', [], {
    root: ROOT,
    config: false,
    watch: false,
    include: files.map((file) => `test/reporters/fixtures/${file}`),
    reporters: [reporter],
    ...options,
  })
  await vitest.close()
  process.exitCode = exitCode // the nested run's failures are the point, not ours
  return { reporter, output }
}

test('cases of concurrent suites that finish out of order still come out in declaration order', async () => {
  const { reporter, output } = await runFixtures(['concurrent.fixture.ts'])
  const finished = [...output.matchAll(/^\[\d+\/\d+\] fail (\S+)/gm)].map((match) => match[1])
  expect(finished).toEqual(['tools.fast', 'chat.slow', 'chat.slowest'])
  expect(reporter.results().map((result) => result.id)).toEqual(['chat.slowest', 'chat.slow', 'tools.fast'])
  expect(reporter.runErrors()).toEqual([])
}, 60_000)

describe('ConformanceReporter in a real vitest run', () => {
  let reporter: ConformanceReporter
  let output: string
  let byId: Map<string, CaseResult>

  beforeAll(async () => {
    ;({ reporter, output } = await runFixtures(['conformance.fixture.ts', 'broken.fixture.ts']))
    byId = new Map(reporter.results().map((result) => [result.id, result]))
  }, 60_000)

  test('collects every caseResult from the test meta, whatever vitest thought of the test', () => {
    expect(byId.get(PASS.id)).toEqual(PASS)
    expect(byId.get(FAIL.id)).toEqual(FAIL)
    expect(byId.get(WARN.id)).toEqual(WARN)
  })

  test('results come in declaration order; filtered-out tests are not cases', () => {
    expect(reporter.results().map((r) => r.id)).toEqual([
      PASS.id,
      FAIL.id,
      'chat.engine.crash',
      'chat.engine.silent',
      'odd-name',
      'vision.declared',
      'embeddings.by-id-prefix',
      WARN.id,
      'chat.skipped-at-run-time',
    ])
  })

  test('a crashed test without a result is an inconclusive case carrying the error', () => {
    expect(byId.get('chat.engine.crash')).toMatchObject({
      capability: 'chat',
      title: 'chat.engine.crash',
      status: 'inconclusive',
      checks: [],
      exchanges: [],
      reason:
        "the test crashed without a case result (an engine bug): TypeError: Cannot read properties of undefined (reading 'choices')",
    })
  })

  test('a test that passed without a result is inconclusive too', () => {
    expect(byId.get('chat.engine.silent')).toMatchObject({
      status: 'inconclusive',
      reason: 'the test passed without recording a case result (an engine bug)',
    })
  })

  test('a test skipped at run time without a result is inconclusive, with the note', () => {
    expect(byId.get('chat.skipped-at-run-time')).toMatchObject({
      status: 'inconclusive',
      reason: 'the test was skipped without a case result: no reason recorded',
    })
  })

  test('the capability comes from meta.conformanceCase, an enclosing suite, or the id prefix', () => {
    expect(byId.get('vision.declared')).toMatchObject({
      capability: 'vision',
      title: 'Declared title',
      status: 'inconclusive',
    })
    expect(byId.get('odd-name')).toMatchObject({ capability: 'streaming', status: 'inconclusive' })
    expect(byId.get('embeddings.by-id-prefix')).toMatchObject({ capability: 'embeddings', status: 'inconclusive' })
  })

  test('what cannot be a case is a run error, not silence: an unattributable crash, a suite file that did not load', () => {
    const errors = reporter.runErrors()
    expect(errors).toHaveLength(2)
    expect(errors).toContainEqual(
      expect.stringMatching(/^test "nowhere" produced no case result and names no known capability: .*lost$/),
    )
    expect(errors).toContainEqual(
      expect.stringMatching(/^test\/reporters\/fixtures\/broken\.fixture\.ts: .*this-module-does-not-exist/),
    )
  })

  test('progress: a line for each failing or inconclusive case as it happens, and the run errors', () => {
    expect(output).toContain(`fail ${FAIL.id}  chat.usage.total: `)
    expect(output).toContain('inconclusive chat.engine.crash  the test crashed without a case result')
    expect(output).toMatch(/run error test "nowhere"/)
    expect(output).not.toContain(`${PASS.id}`)
    expect(output).toMatch(/^\[\d+\/10\] /m)
  })
})

test('a failing beforeAll: its cases are inconclusive with the hook error, which is also a run error', async () => {
  const { reporter } = await runFixtures(['hook.fixture.ts'])
  expect(reporter.results()).toMatchObject([
    {
      id: 'chat.hooked.one',
      capability: 'chat',
      status: 'inconclusive',
      reason: 'the case did not run: a hook of suite "chat" failed: smoke request failed',
    },
  ])
  expect(reporter.runErrors()).toEqual(['test/reporters/fixtures/hook.fixture.ts > chat: smoke request failed'])
}, 60_000)

test('an interrupted run: cases that never finished are inconclusive, not missing', async () => {
  const { reporter } = await runFixtures(['bail.fixture.ts'], { bail: 1 })
  expect(reporter.results().map((r) => [r.id, r.status, r.reason])).toEqual([
    ['chat.bail.first', 'inconclusive', 'the test crashed without a case result (an engine bug): first'],
    ['chat.bail.second', 'inconclusive', 'the run ended (interrupted) before this case finished'],
    ['chat.bail.third', 'inconclusive', 'the run ended (interrupted) before this case finished'],
  ])
}, 60_000)
