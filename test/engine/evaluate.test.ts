/** The engine's judging rules, on hand-made exchanges. */
import { describe, expect, test } from 'vitest'
import { checkRegistry } from '../../src/apis/index.ts'
import { evaluateCase } from '../../src/engine/evaluate.ts'
import type { CaseDefinition } from '../../src/core/types.ts'
import type { Exchange } from '../../src/core/exchange.ts'

function exchange(status: number, body: unknown, retries = 0): Exchange {
  return {
    request: {
      method: 'POST',
      url: 'http://127.0.0.1/v1/chat/completions',
      headers: {},
      body: { model: 'm', messages: [] },
    },
    response: {
      status,
      headers: { 'content-type': 'application/json' },
      bodyText: JSON.stringify(body),
      bodyBase64: null,
    },
    ...(retries
      ? { retries: Array.from({ length: retries }, () => ({ status, retryAfter: null, waitedMs: 0, bodyExcerpt: '' })) }
      : {}),
  }
}

const base: CaseDefinition = {
  id: 'chat.example',
  title: 'example',
  capability: 'chat',
  request: { operation: 'chat.completions.create', body: {} },
  checks: ['http.status.success'],
}

const unsupported = (param: string, code = 'unsupported_parameter') => ({
  error: {
    message: `Unsupported parameter: '${param}' is not supported with this model.`,
    type: 'invalid_request_error',
    param,
    code,
  },
})

describe('optional parameters a model may not support', () => {
  const definition = { ...base, optionalParams: ['stop'] }

  test('an OpenAI-style "unsupported_parameter" 400 naming it skips the case with the reason', () => {
    const result = evaluateCase(definition, { main: exchange(400, unsupported('stop')) }, checkRegistry, {})
    expect(result.status).toBe('skip')
    expect(result.reason).toMatch(/does not support `stop`/)
  })

  test('a vague 400 is still judged', () => {
    const vague = {
      error: { message: 'extra fields not permitted', type: 'invalid_request_error', param: null, code: null },
    }
    expect(evaluateCase(definition, { main: exchange(400, vague) }, checkRegistry, {}).status).toBe('fail')
  })

  test('a parameter the case does not mark optional is still judged', () => {
    expect(evaluateCase(definition, { main: exchange(400, unsupported('messages')) }, checkRegistry, {}).status).toBe(
      'fail',
    )
    expect(evaluateCase(base, { main: exchange(400, unsupported('stop')) }, checkRegistry, {}).status).toBe('fail')
  })
})

describe('5xx and 429', () => {
  test('429 and 503 after retries are inconclusive', () => {
    for (const status of [429, 502, 503, 504]) {
      const result = evaluateCase(base, { main: exchange(status, {}, 2) }, checkRegistry, {})
      expect(result.status).toBe('inconclusive')
      expect(result.reason).toMatch(`HTTP ${status} after 3 attempts`)
    }
  })

  test('a 500 to a valid request is inconclusive (could be upstream), but judged when the case sends a wrong request on purpose', () => {
    expect(evaluateCase(base, { main: exchange(500, {}) }, checkRegistry, {}).status).toBe('inconclusive')
    const errorCase: CaseDefinition = { ...base, expect: 'error', checks: ['errors.malformed.status-400'] }
    expect(evaluateCase(errorCase, { main: exchange(500, {}) }, checkRegistry, {}).status).toBe('fail')
  })

  test('a 500 to a canonical form the case exists to try is judged', () => {
    expect(
      evaluateCase({ ...base, expect: 'acceptance' }, { main: exchange(500, {}, 2) }, checkRegistry, {}).status,
    ).toBe('fail')
    expect(
      evaluateCase({ ...base, expect: 'acceptance' }, { main: exchange(503, {}, 2) }, checkRegistry, {}).status,
    ).toBe('inconclusive')
  })

  test('501 Not Implemented is never excused', () => {
    expect(evaluateCase(base, { main: exchange(501, {}) }, checkRegistry, {}).status).toBe('fail')
  })
})

test('a check that throws is inconclusive for that check, not a crash', () => {
  const registry = {
    get: (id: string) =>
      id === 'boom'
        ? {
            ...checkRegistry.get('http.status.success')!,
            id: 'boom',
            run: () => {
              throw new Error('bug')
            },
          }
        : undefined,
  }
  const result = evaluateCase({ ...base, checks: ['boom'] }, { main: exchange(200, {}) }, registry, {})
  expect(result.checks[0]).toMatchObject({ status: 'inconclusive', message: 'check crashed: bug' })
})

test('an outcome names more than its first finding: a missing member does not hide an invalid enum', () => {
  const completion = {
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [
      { index: 0, message: { role: 'assistant', content: 'hi', refusal: null }, logprobs: null, finish_reason: 'done' },
    ],
  }
  const result = evaluateCase(
    { ...base, checks: ['chat.response.schema'] },
    { main: exchange(200, completion) },
    checkRegistry,
    {},
  )
  const outcome = result.checks.find((c) => c.id === 'chat.response.schema')!
  expect(outcome.status).toBe('fail')
  expect(outcome.message).toMatch(/required property 'id'.*; .*allowed values.*\(at \/choices\/0\/finish_reason\)/)
  expect(outcome.message).not.toMatch(/more\)/)
})
