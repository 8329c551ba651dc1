/**
 * How the engine judges exchanges that did not arrive whole: a fault of the endpoint fails
 * http.response.complete once (the checks that need what is missing skip), a timeout leaves
 * undecided only what never came, and nothing a response holds can crash a case or blow up
 * its evidence.
 */
import { describe, expect, test } from 'vitest'
import { checkRegistry } from '../../src/apis/index.ts'
import { JSON_LIMITS, jsonCost } from '../../src/apis/shared/body.ts'
import type { Exchange, TransportErrorKind } from '../../src/core/exchange.ts'
import type { CaseDefinition, Check } from '../../src/core/types.ts'
import { caseChecks, evaluateCase, type CheckRegistry } from '../../src/engine/evaluate.ts'
import { runCase } from '../../src/engine/run-case.ts'

const COMPLETION = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hi', refusal: null }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
}

function exchange(
  body: string,
  options: { error?: TransportErrorKind; message?: string; response?: boolean; type?: string } = {},
): Exchange {
  return {
    request: { method: 'POST', url: 'http://127.0.0.1/v1/chat/completions', headers: {}, body: { model: 'm' } },
    response:
      options.response === false
        ? null
        : {
            status: 200,
            headers: { 'content-type': options.type ?? 'application/json' },
            bodyText: body,
            bodyBase64: null,
            receivedBytes: Buffer.byteLength(body),
          },
    ...(options.error
      ? { error: { kind: options.error, message: options.message ?? `${options.error} happened` } }
      : {}),
  }
}

const definition: CaseDefinition = {
  id: 'chat.example',
  title: 'example',
  capability: 'chat',
  request: { operation: 'chat.completions.create', body: {} },
  checks: [
    'http.status.success',
    'http.content-type.json',
    'http.body.json',
    'sdk.call.succeeds',
    'chat.response.schema',
  ],
}

const byId = (result: ReturnType<typeof evaluateCase>) =>
  Object.fromEntries(result.checks.map((c) => [c.id, { status: c.status, message: c.message }]))

describe('http.response.complete, judged on every case', () => {
  test('comes first, and passes on a whole response', () => {
    const result = evaluateCase(definition, { main: exchange(JSON.stringify(COMPLETION)) }, checkRegistry, {})
    expect(result.checks[0]).toMatchObject({ id: 'http.response.complete', status: 'pass' })
    expect(caseChecks(definition, checkRegistry)[0]).toBe('http.response.complete')
  })

  test.each([
    ['reset', /connection closed before the response was complete/],
    ['short-body', /shorter than its Content-Length/],
    ['too-large', /past the capture limit without ending/],
  ] as const)(
    'a body the endpoint broke (%s) fails it, once: the body checks skip, the head is judged',
    (kind, message) => {
      const half = JSON.stringify(COMPLETION).slice(0, 40)
      const result = evaluateCase(definition, { main: exchange(half, { error: kind }) }, checkRegistry, {})
      expect(result.status).toBe('fail')
      expect(byId(result)).toMatchObject({
        'http.response.complete': { status: 'fail', message },
        'http.status.success': { status: 'pass' },
        'http.content-type.json': { status: 'pass' },
        'http.body.json': { status: 'skip', message: /see http.response.complete/ },
        'sdk.call.succeeds': { status: 'skip', message: /see http.response.complete/ },
        'chat.response.schema': { status: 'skip', message: /see http.response.complete/ },
      })
      expect(result.checks[0]!.evidence!.findings[0]!.actual).toMatchObject({
        status: 200,
        receivedBytes: 40,
        transportError: expect.stringMatching(new RegExp(`^${kind}: `)),
      })
    },
  )

  test.each(['redirect-loop', 'protocol', 'reset'] as const)(
    'no response at all (%s) fails it; every other check skips',
    (kind) => {
      const result = evaluateCase(
        definition,
        { main: exchange('', { error: kind, response: false }) },
        checkRegistry,
        {},
      )
      expect(result.status).toBe('fail')
      const [first, ...rest] = result.checks
      expect(first).toMatchObject({ id: 'http.response.complete', status: 'fail' })
      expect(rest.map((c) => c.status)).toEqual(rest.map(() => 'skip'))
    },
  )

  test('a related exchange that broke fails it, naming that exchange', () => {
    const twin = exchange('{"id":', { error: 'reset' })
    const result = evaluateCase(definition, { main: exchange(JSON.stringify(COMPLETION)), twin }, checkRegistry, {})
    expect(result.checks[0]).toMatchObject({ status: 'fail', message: /^the twin request: / })
  })
})

describe('a timeout', () => {
  test('before the headers: the whole case is inconclusive, with the reason', () => {
    const result = evaluateCase(
      definition,
      { main: exchange('', { error: 'timeout', response: false }) },
      checkRegistry,
      {},
    )
    expect(result.status).toBe('inconclusive')
    expect(result.reason).toMatch(/failed in transport \(timeout\)/)
    expect(result.checks.map((c) => c.status)).toEqual(result.checks.map(() => 'inconclusive'))
  })

  test('after part of the body: the head is judged, the body is inconclusive', () => {
    const result = evaluateCase(
      definition,
      { main: exchange('{"id":"chatcmpl-1",', { error: 'timeout' }) },
      checkRegistry,
      {},
    )
    expect(result.status).toBe('inconclusive')
    expect(result.reason).toMatch(/timeout\) after 19 bytes of the body/)
    expect(byId(result)).toMatchObject({
      'http.response.complete': { status: 'inconclusive' },
      'http.status.success': { status: 'pass' },
      'http.body.json': { status: 'inconclusive', message: /needs the whole body/ },
    })
  })

  test('after part of the body: the head still fails what it shows', () => {
    const cut = exchange('data: {}\n\n', { error: 'timeout', type: 'text/event-stream' })
    expect(byId(evaluateCase(definition, { main: cut }, checkRegistry, {}))['http.content-type.json']).toMatchObject({
      status: 'fail',
    })
  })

  test('an aborted or unreachable request is inconclusive, never a failure', () => {
    for (const kind of ['aborted', 'network', 'internal'] as const) {
      const result = evaluateCase(
        definition,
        { main: exchange('', { error: kind, response: false }) },
        checkRegistry,
        {},
      )
      expect(result.status, kind).toBe('inconclusive')
    }
  })
})

describe('a check that reads each part on its own (reads: prefix)', () => {
  const prefixCheck = (find: boolean): Check => ({
    id: 'example.prefix',
    title: 'every part is fine',
    level: 'required',
    spec: { doc: 'https://example.test' },
    description: 'Every part MUST be fine.',
    reads: 'prefix',
    run: ({ exchange }) =>
      find && exchange.response?.bodyText?.includes('bad') ? [{ message: 'a bad part', at: 'sse event 0' }] : [],
  })
  const registry = (check: Check): CheckRegistry => ({
    get: (id) => (id === check.id ? check : checkRegistry.get(id)),
  })
  const prefixCase = { ...definition, checks: ['example.prefix'] }

  test('its findings in what arrived stand, though the rest timed out', () => {
    const cut = exchange('data: bad\n\n', { error: 'timeout' })
    const result = evaluateCase(prefixCase, { main: cut }, registry(prefixCheck(true)), {})
    expect(result.status).toBe('fail')
    expect(byId(result)['example.prefix']).toMatchObject({ status: 'fail', message: /a bad part/ })
  })

  test('without findings it is inconclusive for what did not arrive', () => {
    const cut = exchange('data: good\n\n', { error: 'timeout' })
    const result = evaluateCase(prefixCase, { main: cut }, registry(prefixCheck(true)), {})
    expect(byId(result)['example.prefix']).toMatchObject({
      status: 'inconclusive',
      message: /no deviation in what arrived/,
    })
  })

  test('on a body the endpoint broke, a clean prefix passes, pointing at http.response.complete', () => {
    const broken = exchange('data: good\n\n', { error: 'reset' })
    const result = evaluateCase(prefixCase, { main: broken }, registry(prefixCheck(true)), {})
    expect(byId(result)['example.prefix']).toMatchObject({ status: 'pass', message: /in what arrived/ })
  })
})

describe('isolation', () => {
  test('a transport that throws ends that case inconclusive, with where it happened', async () => {
    const result = await runCase(definition, {
      perform: async () => {
        throw new RangeError('Maximum call stack size exceeded')
      },
      registry: checkRegistry,
      models: { chat: 'm' },
    })
    expect(result).toMatchObject({
      status: 'inconclusive',
      reason: 'the transport failed on this case: RangeError: Maximum call stack size exceeded',
    })
    expect(result.checks).toHaveLength(caseChecks(definition, checkRegistry).length)
  })

  test('a stream timing that throws does not take the case down', async () => {
    const result = await runCase(definition, {
      perform: async () => exchange(JSON.stringify(COMPLETION)),
      registry: checkRegistry,
      models: { chat: 'm' },
      streamTiming: () => {
        throw new Error('boom')
      },
    })
    expect(result.status).toBe('pass')
  })

  test('evidence is bounded however deep, wide or long the offending value', () => {
    let deep: unknown = 'bottom'
    for (let i = 0; i < 100_000; i++) deep = [deep]
    const check: Check = {
      id: 'example.hostile',
      title: 'hostile',
      level: 'required',
      spec: { doc: 'https://example.test' },
      description: 'Nothing.',
      run: () => [
        { message: 'x'.repeat(100_000), actual: deep },
        { message: 'wide', actual: Array.from({ length: 10_000 }, (_, i) => i) },
        ...Array.from({ length: 500 }, () => ({ message: 'many' })),
      ],
    }
    const registry: CheckRegistry = { get: (id) => (id === check.id ? check : checkRegistry.get(id)) }
    const result = evaluateCase(
      { ...definition, checks: ['example.hostile'] },
      { main: exchange(JSON.stringify(COMPLETION)) },
      registry,
      {},
    )
    const outcome = result.checks.find((c) => c.id === 'example.hostile')!
    expect(outcome.message.length).toBeLessThan(2_100)
    const findings = outcome.evidence!.findings
    expect(findings).toHaveLength(51)
    expect(findings.at(-1)!.message).toBe('… and 452 more findings')
    expect((findings[1]!.actual as unknown[]).length).toBe(101)
    // Serialisable: no stack overflow in JSON (nor in the structured clone to the reporters).
    expect(() => structuredClone(outcome)).not.toThrow()
    expect(JSON.stringify(outcome).length).toBeLessThan(50_000)
  })
})

describe('what parsing JSON may cost', () => {
  test('nesting past the limit is measured, not parsed', () => {
    expect(jsonCost(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toMatch(
      /nests 100000 levels deep, more than the 256/,
    )
    expect(jsonCost(`${'['.repeat(JSON_LIMITS.depth)}${']'.repeat(JSON_LIMITS.depth)}`)).toBeNull()
  })

  test('brackets and escaped quotes inside strings are text, not nesting', () => {
    expect(jsonCost(JSON.stringify({ text: `${'['.repeat(1_000)} \\" ${'{'.repeat(1_000)}` }))).toBeNull()
  })

  test('a string past the limit is measured, not parsed', () => {
    expect(jsonCost('"abcdef"', { depth: 10, stringChars: 5 })).toMatch(/a string of 6 characters, more than the 5/)
    expect(jsonCost('"abcde"', { depth: 10, stringChars: 5 })).toBeNull()
  })

  test('http.body.json fails with the reason, and the checks of the body skip, pointing at it', () => {
    const bomb = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    const result = evaluateCase(definition, { main: exchange(bomb) }, checkRegistry, {})
    expect(byId(result)).toMatchObject({
      'http.response.complete': { status: 'pass' },
      'http.body.json': { status: 'fail', message: /JSON this tool refused to parse: it nests 100000 levels deep/ },
      'chat.response.schema': { status: 'skip', message: /see http.body.json/ },
    })
  })

  test('an error body nested too deep: http.body.json says so once; the envelope check does not call it "not JSON"', () => {
    const bomb = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    const error = { ...exchange(bomb), response: { ...exchange(bomb).response!, status: 400 } }
    const errorCase = { ...definition, expect: 'error' as const, checks: ['http.body.json', 'errors.envelope.schema'] }
    const result = evaluateCase(errorCase, { main: error }, checkRegistry, {})
    expect(byId(result)).toMatchObject({
      'http.body.json': { status: 'fail', message: /refused to parse: it nests 100000 levels deep/ },
      'errors.envelope.schema': { status: 'skip', message: /refused to parse.*see http.body.json/ },
    })
  })

  test('a body that is not UTF-8 fails http.body.json, naming the byte', () => {
    const latin1 = {
      ...exchange('{"a":"caf\uFFFD"}'),
      response: { ...exchange('').response!, bodyText: '{"a":"caf\uFFFD"}', invalidUtf8At: 9 },
    }
    const result = evaluateCase(definition, { main: latin1 }, checkRegistry, {})
    expect(byId(result)['http.body.json']).toMatchObject({ status: 'fail', message: /not valid UTF-8 \(at byte 9\)/ })
  })
})
