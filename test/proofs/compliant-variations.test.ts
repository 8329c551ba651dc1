/**
 * Compliant variations: faults of the reference that a conforming client copes with. Each
 * must give no failure (and nothing inconclusive) on any case: only the recommended checks it
 * proves warn. A required check failing here is a false failure.
 */
import { describe, expect, test } from 'vitest'
import { FAULTS, REFERENCE_API_KEY, REFERENCE_MODELS, startReferenceServer } from '../../src/apis/reference.ts'
import { ALL_SUITES } from '../../suites/index.ts'
import { outcomes, runCases } from '../support/run-cases.ts'
import { CHAT_CHECK_SETS } from '../../src/apis/chat/check-sets.ts'
import { inferChecksFrom } from '../../src/apis/infer.ts'
import { checkUseId } from '../../src/engine/evaluate.ts'
import {
  callsMessage,
  completion,
  exchange,
  GET_WEATHER,
  run,
  said,
  toolCall,
  verdict,
} from '../checks/tools-fixtures.ts'

/** The variations, and the capabilities whose cases they touch. */
const VARIATIONS: Record<string, readonly string[]> = {
  // Absent where the schema allows null: "send null explicitly", never a schema failure.
  'chat-refusal-omitted': ['chat', 'tools', 'structured'],
  'error-param-omitted': ['errors', 'streaming'],
  'stream-finish-reason-omitted': ['streaming', 'tools', 'structured'],
  // Usage on more chunks than the choices: [] one (vLLM-style continuous usage): "null elsewhere".
  'stream-usage-every-chunk': ['streaming'],
  'stream-usage-on-finish-chunk-too': ['streaming'],
  // A dated snapshot of the requested alias names the requested model (OpenAI does it).
  'chat-model-dated-snapshot': ['chat', 'tools', 'structured'],
}

describe.each(Object.entries(VARIATIONS))('the compliant variation %s', (name, capabilities) => {
  test('fails no case: only the recommended checks it proves warn', async () => {
    const fault = FAULTS.find((f) => f.name === name)!
    expect(fault, name).toBeDefined()
    const server = await startReferenceServer({ apiKey: REFERENCE_API_KEY, faults: [name] })
    try {
      const suites = ALL_SUITES.filter((suite) => capabilities.includes(suite.capability))
      const results = await runCases({
        baseURL: server.url,
        apiKey: REFERENCE_API_KEY,
        models: REFERENCE_MODELS,
        suites,
      })
      const judged = outcomes(results)
      const wrong = judged.filter(
        (o) =>
          o.status === 'fail' || o.status === 'inconclusive' || (o.status === 'warn' && !fault.proves.includes(o.id)),
      )
      expect(wrong.map((o) => `${o.case} ${o.id} ${o.status}: ${o.message}`)).toEqual([])
      for (const id of fault.proves)
        expect(
          judged.some((o) => o.id === id && o.status === 'warn'),
          id,
        ).toBe(true)
    } finally {
      await server.close()
    }
  })
})

/**
 * Compliant variations of the request, which the reference cannot commit (the client sends
 * it): judged on the captured exchange, as `validate` and the proxy judge a client's traffic.
 */
describe('the compliant request variation: tools declared without `type`', () => {
  test('a call of a declared tool whose `type` was left out fails no check', () => {
    const { type: _omitted, ...untyped } = GET_WEATHER
    const request = {
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      tools: [untyped],
    }
    const main = exchange(completion([callsMessage(toolCall())]), request)
    // The checks inference applies to this exchange, as validate and the proxy judge it.
    const judged = inferChecksFrom(CHAT_CHECK_SETS, main).map(checkUseId)
    expect(judged).toContain('tools.call.name')
    const failing = judged
      .map((id) => ({ id, result: run(id, main) }))
      .filter(({ result }) => verdict(result) === 'deviation')
      .map(({ id, result }) => `${id}: ${said(result)}`)
    expect(failing).toEqual([])
    expect(verdict(run('tools.call.name', main))).toBe('pass')
  })
})
