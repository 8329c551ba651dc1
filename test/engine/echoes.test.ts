/** One root cause, one finding: the engine reports a deviation another explains as a skip pointing at it. */
import { describe, expect, test } from 'vitest'
import { checkRegistry } from '../../src/apis/index.ts'
import { CHAT_COMPLETION, STREAM_COMPLETION } from '../../src/apis/chat/check-sets.ts'
import { defineCheck, finding } from '../../src/core/define.ts'
import type { Exchange } from '../../src/core/exchange.ts'
import type { CaseDefinition, Check } from '../../src/core/types.ts'
import { evaluateCase } from '../../src/engine/evaluate.ts'
import type { CaseResult } from '../../src/core/types.ts'
import { buildReport } from '../../src/report/report.ts'
import { formatSummary } from '../../reporters/terminal.ts'
import { reportInput } from '../reporters/fixtures/cases.ts'
import { contentChunks } from '../checks/tools-fixtures.ts'
import { sse } from '../checks/stream-fixtures.ts'

function exchange(status: number, contentType: string, bodyText: string): Exchange {
  return {
    request: {
      method: 'POST',
      url: 'http://127.0.0.1/v1/chat/completions',
      headers: {},
      body: { model: 'm', messages: [] },
    },
    response: { status, headers: { 'content-type': contentType }, bodyText, bodyBase64: null },
  }
}

const failing = (evaluation: ReturnType<typeof evaluateCase>) =>
  evaluation.checks.filter((c) => c.status === 'fail' || c.status === 'warn').map((c) => c.id)

describe('a 2xx whose body is an error envelope', () => {
  const definition: CaseDefinition = {
    id: 'chat.example',
    title: 'example',
    capability: 'chat',
    request: { operation: 'chat.completions.create', body: {} },
    checks: CHAT_COMPLETION.checks.filter((id) => id !== 'sdk.call.succeeds'),
  }
  const envelope = { error: { message: 'upstream error', type: 'upstream_error', param: null, code: null } }
  const result = evaluateCase(
    definition,
    { main: exchange(200, 'application/json', JSON.stringify(envelope)) },
    checkRegistry,
    {},
  )

  test('gives one finding, http.body.not-error, naming what came', () => {
    expect(failing(result)).toEqual(['http.body.not-error'])
    expect(result.checks.find((c) => c.id === 'http.body.not-error')!.message).toContain('upstream error')
  })

  test('the checks that failed only because of it skip, pointing at it and saying what they saw', () => {
    const schema = result.checks.find((c) => c.id === 'chat.response.schema')!
    expect(schema.status).toBe('skip')
    expect(schema.message).toMatch(/see http\.body\.not-error$/)
    expect(schema.message).toContain('this check saw:')
  })

  test('the terminal summary counts the root cause, not its echoes', () => {
    const failed: CaseResult = {
      id: definition.id,
      capability: 'chat',
      title: definition.title,
      status: result.status,
      durationMs: 1,
      checks: result.checks,
      exchanges: [],
    }
    const summary = formatSummary(buildReport(reportInput({ cases: [failed] })))
    expect(summary).toContain('Failures (1 check in 1 case)')
    expect(summary).toContain('  http.body.not-error (required): 1 case: chat.example')
    expect(summary).not.toContain('chat.response.schema (required)')
  })

  test('a success body with an `error` member that is not an envelope passes', () => {
    const body = { id: 'x', object: 'chat.completion', error: { message: 'partial' } }
    const check = checkRegistry.get('http.body.not-error')!
    const ex = exchange(200, 'application/json', JSON.stringify(body))
    expect(check.run({ exchange: ex, exchanges: { main: ex }, request: {}, params: undefined, models: {} })).toEqual([])
  })
})

describe('an event stream where a JSON error was expected', () => {
  const definition: CaseDefinition = {
    id: 'errors.auth.example',
    title: 'example',
    capability: 'errors',
    expect: 'error',
    request: { operation: 'chat.completions.create', body: {}, auth: 'invalid' },
    checks: ['errors.auth.status-401', 'http.content-type.json', 'http.body.json', 'errors.envelope.schema'],
  }

  test('is reported by the error-status check; the JSON checks skip pointing at it', () => {
    const stream = 'data: {"choices":[]}\n\ndata: [DONE]\n\n'
    const result = evaluateCase(definition, { main: exchange(200, 'text/event-stream', stream) }, checkRegistry, {})
    expect(failing(result)).toEqual(['errors.auth.status-401'])
    for (const id of ['http.content-type.json', 'http.body.json'])
      expect(result.checks.find((c) => c.id === id)!.message).toMatch(/see errors\.auth\.status-401$/)
  })

  test('a wrong status with a text/html body is two findings: neither explains the other', () => {
    const result = evaluateCase(definition, { main: exchange(403, 'text/html', '<h1>no</h1>') }, checkRegistry, {})
    expect(failing(result)).toEqual(expect.arrayContaining(['errors.auth.status-401', 'http.content-type.json']))
  })
})

describe('a stream that ends in an in-band error', () => {
  const definition: CaseDefinition = {
    id: 'streaming.example',
    title: 'example',
    capability: 'streaming',
    request: { operation: 'chat.completions.create', body: { stream: true } },
    checks: STREAM_COMPLETION.checks.filter((id) => id !== 'sdk.call.succeeds'),
  }
  const streamed = (text: string) => {
    const main = exchange(200, 'text/event-stream', text)
    return { ...main, request: { ...main.request, body: { model: 'm', messages: [], stream: true } } }
  }
  const [role, hello] = contentChunks(['Hello'])
  const error = { error: { message: 'Provider disconnected unexpectedly', type: 'server_error', code: 502 } }

  test.each([
    ['a `data: {"error": …}` payload', `${sse([role, hello], { done: false })}data: ${JSON.stringify(error)}\n\n`],
    [
      'an `event: error` event',
      `${sse([role, hello], { done: false })}event: error\ndata: ${JSON.stringify(error)}\n\n`,
    ],
  ])(
    '(%s) gives one finding, stream.payload.foreign; what the unfinished stream lacks skips, pointing at it',
    (_how, text) => {
      const result = evaluateCase(definition, { main: streamed(text) }, checkRegistry, {})
      expect(failing(result)).toEqual(['stream.payload.foreign'])
      for (const id of ['stream.done.terminates', 'stream.finish.once'])
        expect(result.checks.find((c) => c.id === id)!.message).toMatch(/see stream\.payload\.foreign$/)
    },
  )

  test('the findings in what arrived before the error stand', () => {
    const { role: _role, ...noRole } = (role as { choices: Array<{ delta: Record<string, unknown> }> }).choices[0]!
      .delta
    const roleless = { ...role, choices: [{ index: 0, delta: noRole, finish_reason: null }] }
    const text = `${sse([roleless, hello], { done: false })}data: ${JSON.stringify(error)}\n\n`
    const result = evaluateCase(definition, { main: streamed(text) }, checkRegistry, {})
    expect(failing(result)).toEqual(['stream.payload.foreign', 'stream.choice.role-first'])
  })

  test('a foreign payload that is not an error explains nothing', () => {
    const text = `${sse([role, hello, { choices: [], cost: '0' }], { done: false })}`
    const result = evaluateCase(definition, { main: streamed(text) }, checkRegistry, {})
    expect(failing(result)).toEqual(expect.arrayContaining(['stream.payload.foreign', 'stream.done.terminates']))
  })
})

describe('the mechanism', () => {
  const toy = (id: string, explainedBy: string[]): Check =>
    defineCheck({
      id,
      title: id,
      level: 'required',
      spec: { doc: 'https://example.com' },
      description: id,
      reads: 'head',
      explainedBy,
      run: () => [finding(`${id} found it`)],
    })
  const registryOf = (checks: Check[]) => ({ get: (id: string) => checks.find((c) => c.id === id) })
  const definitionOf = (checks: Check[]): CaseDefinition => ({
    id: 'toy',
    title: 'toy',
    capability: 'chat',
    request: { operation: 'chat.completions.create', body: {} },
    checks: checks.map((c) => c.id),
  })
  const main = exchange(200, 'application/json', '{}')

  test('a chain of echoes points at the check no other explains', () => {
    const checks = [toy('a.root', []), toy('b.echo', ['c.echo']), toy('c.echo', ['a.root'])]
    const result = evaluateCase(definitionOf(checks), { main }, registryOf(checks), {})
    expect(failing(result)).toEqual(['a.root'])
    expect(result.checks.map((c) => c.message.match(/see (\S+)$/)?.[1])).toEqual([undefined, 'a.root', 'a.root'])
  })

  test('a cycle of explanations has no root: each deviation stands', () => {
    const checks = [toy('a.one', ['b.two']), toy('b.two', ['a.one'])]
    const result = evaluateCase(definitionOf(checks), { main }, registryOf(checks), {})
    expect(failing(result)).toEqual(['a.one', 'b.two'])
  })

  test('an explainer that passes explains nothing', () => {
    const pass = defineCheck({ ...toy('a.root', []), run: () => [] })
    const checks = [pass, toy('b.echo', ['a.root'])]
    const result = evaluateCase(definitionOf(checks), { main }, registryOf(checks), {})
    expect(failing(result)).toEqual(['b.echo'])
  })
})
