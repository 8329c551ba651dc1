/**
 * The images slice's faults, each against the images suite alone (the whole catalogue's proof
 * is test/proofs/checks-proven.test.ts): every fault trips the checks it proves, and no image
 * check beyond them fails, so each deviation is reported once.
 */
import { describe, expect, test } from 'vitest'
import { getCheck } from '../../../src/apis/index.ts'
import imagesApi from '../../../src/apis/images/index.ts'
import {
  REFERENCE_API_KEY,
  REFERENCE_MODELS,
  referenceTargetOptions,
  startReferenceServer,
} from '../../../src/apis/reference.ts'
import { deviationStatus } from '../../../src/core/status.ts'
import images from '../../../suites/images.ts'
import { outcomes, runCases } from '../../support/run-cases.ts'

async function runImages(faults: string[]) {
  const server = await startReferenceServer({ apiKey: REFERENCE_API_KEY, faults })
  try {
    return outcomes(
      await runCases({
        baseURL: server.url,
        apiKey: REFERENCE_API_KEY,
        models: REFERENCE_MODELS,
        options: referenceTargetOptions(server.url),
        suites: [images],
      }),
    )
  } finally {
    await server.close()
  }
}

test('on the compliant reference every images case passes, no check skipped', async () => {
  const seen = await runImages([])
  expect(seen.filter((o) => o.status !== 'pass').map((o) => `${o.case} ${o.id} ${o.status}: ${o.message}`)).toEqual([])
})

describe.each(imagesApi.faults!.map((fault) => [fault.name, fault] as const))('fault %s', (_name, fault) => {
  test('trips what it proves, and no other check fails', async () => {
    const seen = await runImages([fault.name])
    for (const id of fault.proves) {
      const expected = deviationStatus(getCheck(id)!.level)
      const tripped = seen.filter((o) => o.id === id && o.status === expected)
      expect(
        tripped.length,
        `${id} should ${expected}: ${seen
          .filter((o) => o.id === id)
          .map((o) => `${o.case} ${o.status} ${o.message}`)
          .join('\n')}`,
      ).toBeGreaterThan(0)
    }
    const stray = seen.filter(
      (o) =>
        (o.status === 'fail' || o.status === 'warn' || o.status === 'inconclusive') && !fault.proves.includes(o.id),
    )
    expect(stray.map((o) => `${o.case} ${o.id} ${o.status}: ${o.message}`)).toEqual([])
  })
})
