/**
 * The embeddings faults against the embeddings suite alone: each trips the checks it
 * proves, and nothing else in a case where it trips one (one root cause, one failure; a
 * case that cannot tell the cause, like the paraphrase case under shuffled vectors, may
 * warn), and the compliant reference passes every case. test/proofs/checks-proven.test.ts proves the same checks
 * over every suite; this one is the slice's quick loop and its stricter reading.
 */
import { describe, expect, test } from 'vitest'
import { getCheck } from '../../../src/apis/index.ts'
import { FAULTS, REFERENCE_API_KEY, REFERENCE_MODELS, startReferenceServer } from '../../../src/apis/reference.ts'
import { deviationStatus } from '../../../src/core/status.ts'
import embeddings from '../../../suites/embeddings.ts'
import { outcomes, runCases } from '../../support/run-cases.ts'

async function runAgainst(faults: string[]) {
  const server = await startReferenceServer({ apiKey: REFERENCE_API_KEY, faults })
  try {
    return outcomes(
      await runCases({
        baseURL: server.url,
        apiKey: REFERENCE_API_KEY,
        models: REFERENCE_MODELS,
        suites: [embeddings],
      }),
    )
  } finally {
    await server.close()
  }
}

const deviating = (o: { status: string }) => o.status === 'fail' || o.status === 'warn' || o.status === 'inconclusive'

test('the compliant reference passes every embeddings case, no check skipped', async () => {
  const results = await runAgainst([])
  expect(results.filter((o) => o.status !== 'pass').map((o) => `${o.case} ${o.id} ${o.status}: ${o.message}`)).toEqual(
    [],
  )
})

const EMBEDDINGS_FAULTS = FAULTS.filter((fault) => fault.operations?.includes('createEmbedding'))

describe.each(EMBEDDINGS_FAULTS.map((fault) => [fault.name, fault] as const))('fault %s', (name, fault) => {
  test('trips what it proves, and nothing else in the cases it trips', async () => {
    const results = await runAgainst([name])
    for (const id of fault.proves) {
      const expected = deviationStatus(getCheck(id)!.level)
      const seen = results.filter((o) => o.id === id).map((o) => `${o.case}: ${o.status} ${o.message}`)
      expect(
        results.some((o) => o.id === id && o.status === expected),
        `${id} should ${expected}; saw:\n${seen.join('\n')}`,
      ).toBe(true)
    }
    const catching = new Set(results.filter((o) => fault.proves.includes(o.id) && deviating(o)).map((o) => o.case))
    const stray = results.filter((o) => catching.has(o.case) && deviating(o) && !fault.proves.includes(o.id))
    expect(stray.map((o) => `${o.case} ${o.id} ${o.status}: ${o.message}`)).toEqual([])
  })
})
