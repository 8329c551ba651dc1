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
/** The checks inference applies to the exchange (as validate and the proxy judge it), and those that deviate. */
function judgedOffline(main: ReturnType<typeof exchange>): { judged: string[]; deviating: string[] } {
  const judged = inferChecksFrom(CHAT_CHECK_SETS, main).map(checkUseId)
  const deviating = judged
    .map((id) => ({ id, result: run(id, main) }))
    .filter(({ result }) => verdict(result) === 'deviation')
    .map(({ id, result }) => `${id}: ${said(result)}`)
  return { judged, deviating }
}

describe('the compliant request variation: tools declared without `type`', () => {
  test('a call of a declared tool whose `type` was left out fails no check', () => {
    const { type: _omitted, ...untyped } = GET_WEATHER
    const request = {
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      tools: [untyped],
    }
    const main = exchange(completion([callsMessage(toolCall())]), request)
    const { judged, deviating } = judgedOffline(main)
    expect(judged).toContain('tools.call.name')
    expect(deviating).toEqual([])
    expect(verdict(run('tools.call.name', main))).toBe('pass')
  })
})

/** A dated snapshot of the requested alias names the requested model: OpenAI answers so (../shared/real-traffic/). */
describe.each([
  ['gpt-4o', 'gpt-4o-2024-08-06'],
  ['gpt-4o-mini', 'gpt-4o-mini-2024-07-18'],
  ['gpt-4', 'gpt-4-0613'],
])('the compliant answer variation: %s answered as %s', (requested, served) => {
  test('gives no finding: no failure, no warning', () => {
    const request = { model: requested, messages: [{ role: 'user', content: 'Say hello.' }] }
    const main = exchange({ ...completion([{ content: 'Hello!' }]), model: served }, request)
    const { judged, deviating } = judgedOffline(main)
    expect(judged).toContain('chat.response.model-requested')
    expect(deviating).toEqual([])
  })
})
