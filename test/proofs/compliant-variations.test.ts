/**
 * Compliant variations: faults of the reference that a conforming client copes with. Each
 * must give no failure (and nothing inconclusive) on any case: only the recommended checks it
 * proves warn. A required check failing here is a false failure.
 */
import { describe, expect, test } from 'vitest'
import { FAULTS, REFERENCE_API_KEY, REFERENCE_MODELS, startReferenceServer } from '../../src/apis/reference.ts'
import { ALL_SUITES } from '../../suites/index.ts'
import { outcomes, runCases } from '../support/run-cases.ts'

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
