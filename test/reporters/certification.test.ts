/** Certification levels from required checks (src/report/certification.ts), as CERTIFICATION.md states them. */
import { describe, expect, test } from 'vitest'
import { CAPABILITIES, type Capability } from '../../src/core/capabilities.ts'
import type { CaseResult, CheckOutcome, Status } from '../../src/core/types.ts'
import {
  CERTIFICATION_LEVELS,
  certify,
  checkedStatement,
  requiredStatus,
  type CertificationInput,
} from '../../src/report/certification.ts'
import { buildReport } from '../../src/report/report.ts'
import { REPORT_SCHEMA } from '../../src/report/schema.ts'
import { reportInput } from './fixtures/cases.ts'

const CHAT_FULL: Capability[] = ['models', 'chat', 'errors', 'streaming', 'tools', 'structured', 'vision']

function check(status: Status, level: CheckOutcome['level'] = 'required', id = `check.${status}`): CheckOutcome {
  return { id, level, status, spec: {}, message: status, evidence: null }
}

function result(capability: Capability, status: Status, checks: CheckOutcome[] = [check(status)], id = ''): CaseResult {
  return {
    id: id || `${capability}.${status}`,
    capability,
    title: 't',
    status,
    durationMs: 1,
    checks,
    exchanges: [],
  }
}

/** A report header with these cases; every capability that has a case is listed as run. */
function input(cases: CaseResult[], extra: Partial<CertificationInput> = {}): CertificationInput {
  const run = [...new Set(cases.map((c) => c.capability))]
  return {
    tool: { name: 'oai-conformance', version: '9.9.9' },
    spec: { source: 'github.com/openai/openai-openapi', commit: 'abc123', version: '2.3.0' },
    target: { name: 'vendor', baseURL: 'https://api.example/v1', models: { chat: 'm1', embeddings: 'e1' } },
    startedAt: '2026-12-02T07:00:00.000Z',
    capabilities: run.map((id) => ({
      id,
      status: 'pass',
      counts: { passed: 0, failed: 0, warned: 0, skipped: 0, inconclusive: 0 },
    })),
    cases,
    ...extra,
  }
}

const passing = (capabilities: readonly Capability[]) => capabilities.map((c) => result(c, 'pass'))
const level = (certification: ReturnType<typeof certify>, id: string) => certification.levels.find((l) => l.id === id)!
const capability = (certification: ReturnType<typeof certify>, id: Capability) =>
  certification.capabilities.find((c) => c.id === id)!

describe('requiredStatus: a case on its required checks', () => {
  test('fail, inconclusive, skip, pass', () => {
    expect(requiredStatus(result('chat', 'fail'))).toBe('failed')
    expect(requiredStatus(result('chat', 'inconclusive'))).toBe('inconclusive')
    expect(requiredStatus(result('chat', 'skip', []))).toBe('skipped')
    expect(requiredStatus(result('chat', 'pass'))).toBe('passed')
  })

  test('a recommended check that could not be judged does not make the case unjudged', () => {
    const checks = [check('pass'), check('inconclusive', 'recommended')]
    expect(requiredStatus(result('chat', 'inconclusive', checks))).toBe('passed')
  })

  test('a warning is a pass on required checks; a crashed case without checks is unjudged', () => {
    expect(requiredStatus(result('chat', 'warn', [check('pass'), check('warn', 'recommended')]))).toBe('passed')
    expect(requiredStatus(result('chat', 'inconclusive', []))).toBe('inconclusive')
  })
})

describe('certify', () => {
  test('every capability of chat full passing: Chat full, which names the levels it includes', () => {
    const certification = certify(input(passing(CHAT_FULL)))
    expect(certification.verdict).toBe('certified')
    expect(certification.reached).toEqual(['chat-full'])
    expect(certification.headline).toBe('Certified: Chat full')
    for (const id of ['chat-core', 'streaming', 'tools', 'structured', 'vision'])
      expect(level(certification, id).status).toBe('reached')
    expect(level(certification, 'embeddings')).toMatchObject({ status: 'untested' })
    expect(capability(certification, 'embeddings')).toMatchObject({
      verdict: 'untested',
      reason: 'not selected for this run',
    })
  })

  test('Chat core and some extensions: each named; an untested extension keeps Chat full out of reach', () => {
    const certification = certify(input(passing(['models', 'chat', 'errors', 'streaming', 'tools'])))
    expect(certification.verdict).toBe('certified')
    expect(certification.reached).toEqual(['chat-core', 'streaming', 'tools'])
    expect(certification.headline).toBe('Certified: Chat core, Streaming, Tools')
    expect(level(certification, 'chat-full')).toMatchObject({ status: 'untested' })
    expect(level(certification, 'chat-full').reason).toMatch(/^structured untested/)
  })

  test('a chat extension builds on Chat core: passing streaming alone reaches nothing', () => {
    const certification = certify(input(passing(['streaming'])))
    expect(level(certification, 'streaming')).toMatchObject({ status: 'untested' })
    expect(level(certification, 'streaming').reason).toMatch(/^needs Chat core/)
    expect(certification.verdict).toBe('incomplete')
    expect(certification.headline).toBe('Incomplete: no level tested')
  })

  test('embeddings stands on its own', () => {
    const certification = certify(input(passing(['embeddings'])))
    expect(certification).toMatchObject({ verdict: 'certified', reached: ['embeddings'] })
  })

  test('a failed required check fails its capability, the levels that need it, and the verdict', () => {
    const cases = [
      ...passing(['models', 'chat', 'errors', 'tools']),
      result('streaming', 'fail', [check('fail', 'required', 'stream.http.content-type')]),
    ]
    const certification = certify(input(cases))
    expect(capability(certification, 'streaming')).toMatchObject({
      verdict: 'failed',
      failedChecks: ['stream.http.content-type'],
      reason: '1 case failed required checks: stream.http.content-type',
    })
    expect(level(certification, 'streaming').status).toBe('failed')
    expect(level(certification, 'chat-full').status).toBe('failed')
    expect(certification.verdict).toBe('failed')
    expect(certification.reached).toEqual(['chat-core', 'tools'])
    expect(certification.headline).toBe('Not certified: required checks fail in streaming; reached: Chat core, Tools')
  })

  test('when Chat core fails, every extension fails with it', () => {
    const cases = [...passing(['models', 'errors', 'streaming']), result('chat', 'fail')]
    const certification = certify(input(cases))
    expect(level(certification, 'streaming')).toMatchObject({ status: 'failed' })
    expect(level(certification, 'streaming').reason).toMatch(/^needs Chat core: chat failed/)
  })

  test('warnings never block; they are counted in the headline', () => {
    const warned = result('chat', 'warn', [check('pass'), check('warn', 'recommended'), check('warn', 'optional')])
    const certification = certify(input([...passing(['models', 'errors']), warned]))
    expect(certification).toMatchObject({ verdict: 'certified', reached: ['chat-core'], warnings: 2 })
    expect(certification.headline).toBe('Certified: Chat core (2 warnings)')
    expect(capability(certification, 'chat').reason).toBe('1 case passed required checks, 2 warnings')
  })

  test('an inconclusive required check leaves its capability incomplete, not failed', () => {
    const cases = [
      ...passing(['models', 'errors']),
      result('chat', 'pass'),
      result('chat', 'inconclusive', undefined, 'x'),
    ]
    const certification = certify(input(cases))
    expect(capability(certification, 'chat')).toMatchObject({
      verdict: 'incomplete',
      cases: { passed: 1, failed: 0, inconclusive: 1, skipped: 0 },
    })
    expect(level(certification, 'chat-core').status).toBe('incomplete')
    expect(certification.verdict).toBe('incomplete')
    expect(certification.headline).toBe('Incomplete: chat could not be fully judged')
  })

  test('skipped cases do not count against a capability; all of them skipped is untested', () => {
    const skipped = { ...result('chat', 'skip', []), reason: 'the model does not support `stop`' }
    const some = certify(input([...passing(['models', 'chat', 'errors']), skipped]))
    expect(capability(some, 'chat')).toMatchObject({
      verdict: 'certified',
      reason: '1 case passed required checks, 1 skipped',
    })
    const all = certify(input([...passing(['models', 'errors']), skipped]))
    expect(capability(all, 'chat')).toMatchObject({
      verdict: 'untested',
      reason: 'every case was skipped (the model does not support `stop`)',
    })
    expect(level(all, 'chat-core').status).toBe('untested')
  })

  test('a capability the run skipped as a whole says why', () => {
    const certification = certify(
      input([], {
        capabilities: [{ id: 'images', reason: 'no images model configured' }],
      }),
    )
    expect(capability(certification, 'images')).toMatchObject({
      verdict: 'untested',
      reason: 'no images model configured',
    })
  })

  test('a run that selected cases with --case certifies nothing, but its failures stand', () => {
    const partial = certify(input(passing(CHAT_FULL), { caseFilter: 'chat.*' }))
    expect(partial.verdict).toBe('incomplete')
    expect(partial.reached).toEqual([])
    expect(partial.headline).toBe('Incomplete: a partial run (--case "chat.*")')
    const failing = certify(input([result('chat', 'fail')], { caseFilter: 'chat.*' }))
    expect(failing.verdict).toBe('failed')
  })

  test('every capability is listed, in the canonical order', () => {
    expect(certify(input([])).capabilities.map((c) => c.id)).toEqual([...CAPABILITIES])
  })
})

describe('checkedStatement: the point in time a verdict holds for', () => {
  test('date, tool version, spec version and commit, target, models', () => {
    expect(checkedStatement(input([]))).toBe(
      'Checked 2026-12-02T07:00:00.000Z with oai-conformance 9.9.9 against the OpenAI spec 2.3.0 ' +
        '(github.com/openai/openai-openapi@abc123); target: vendor (https://api.example/v1), models: chat=m1, embeddings=e1',
    )
  })
})

describe('in the report', () => {
  test('buildReport certifies, and the schema knows every level', () => {
    const report = buildReport(reportInput())
    expect(report.certification).toEqual(certify(report))
    expect(report.certification.verdict).toBe('failed')
    expect(REPORT_SCHEMA.$defs.levelId.enum).toEqual(CERTIFICATION_LEVELS.map((l) => l.id))
  })

  test('a --case pattern is recorded as the report caseFilter', () => {
    const report = buildReport(reportInput({ casePattern: 'chat.*' }))
    expect(report.caseFilter).toBe('chat.*')
    expect(buildReport(reportInput()).caseFilter).toBeUndefined()
  })
})
