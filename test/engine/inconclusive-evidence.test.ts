/** Inconclusive results say what was seen and carry the evidence of it, as failures do. */
import { expect, test } from 'vitest'
import { checkRegistry } from '../../src/apis/index.ts'
import { CHAT_COMPLETION } from '../../src/apis/chat/check-sets.ts'
import type { Exchange, RetriedAttempt } from '../../src/core/exchange.ts'
import type { CaseDefinition } from '../../src/core/types.ts'
import { evaluateCase } from '../../src/engine/evaluate.ts'

const definition: CaseDefinition = {
  id: 'chat.example',
  title: 'example',
  capability: 'chat',
  request: { operation: 'chat.completions.create', body: {} },
  checks: CHAT_COMPLETION.checks,
}

function upstreamError(bodyText: string): Exchange {
  const attempt: RetriedAttempt = { status: 500, retryAfter: null, waitedMs: 0, bodyExcerpt: '' }
  return {
    request: { method: 'POST', url: 'http://127.0.0.1/v1/chat/completions', headers: {}, body: { model: 'm' } },
    response: { status: 500, headers: { 'content-type': 'application/json' }, bodyText, bodyBase64: null },
    retries: [attempt, attempt],
  }
}

test('a 5xx after the retries: the reason quotes the body, every outcome carries the evidence', () => {
  const result = evaluateCase(definition, { main: upstreamError('{"error":"SyntaxError"}') }, checkRegistry, {})
  expect(result.status).toBe('inconclusive')
  expect(result.reason).toBe('the request got HTTP 500 after 3 attempts: {"error":"SyntaxError"}')
  for (const check of result.checks)
    expect(check.evidence, check.id).toMatchObject({
      response: { status: 500, contentType: 'application/json', excerpt: '{"error":"SyntaxError"}' },
      retries: 2,
    })
})

test('an empty body is said to be empty', () => {
  const result = evaluateCase(definition, { main: upstreamError('') }, checkRegistry, {})
  expect(result.reason).toBe('the request got HTTP 500 after 3 attempts, with an empty body')
})
