/**
 * The vision faults, each against the vision suite alone (the whole catalogue's proof is
 * test/proofs/checks-proven.test.ts): every fault trips the checks it proves, and no vision
 * case check beyond them deviates, so each deviation is reported once. Without an image URL
 * the URL cases skip with the reason.
 */
import { describe, expect, test } from 'vitest'
import { getCheck, getFault } from '../../../src/apis/index.ts'
import { referenceTargetOptions } from '../../../src/apis/reference.ts'
import type { TargetOptions } from '../../../src/core/target-options.ts'
import { deviationStatus } from '../../../src/core/status.ts'
import vision from '../../../suites/vision.ts'
import { outcomes, runAgainstReference } from '../../support/run-cases.ts'

function runVision(faults: string[], options?: (url: string) => TargetOptions) {
  return runAgainstReference({ faults, suites: [vision], ...(options && { options }) })
}

/** The faults of the vision checks, and the one of array content altogether, which proves the acceptance check too. */
const FAULTS = [
  'drops-image-parts',
  'rejects-image-parts',
  'rejects-image-urls',
  'ignores-unknown-parts',
  'rejects-content-parts',
]

test('on the compliant reference every vision case passes, no check skipped', async () => {
  const seen = outcomes(await runVision([]))
  expect(seen.filter((o) => o.status !== 'pass').map((o) => `${o.case} ${o.id} ${o.status}: ${o.message}`)).toEqual([])
  expect(new Set(seen.map((o) => o.case)).size).toBe(vision.cases.length)
})

test('without an image URL the URL cases skip, saying how to configure one', async () => {
  const results = await runVision([], (url) => ({ images: referenceTargetOptions(url).images }))
  const skipped = results.filter((result) => result.status === 'skip')
  expect(skipped.map((result) => result.id).sort()).toEqual(['vision.url', 'vision.url.stream'])
  for (const result of skipped) expect(result.reason).toMatch(/not configured: no image URL.*--image-url/)
})

describe.each(FAULTS)('fault %s', (fault) => {
  test('trips what it proves, and no other check deviates', async () => {
    const seen = outcomes(await runVision([fault]))
    // What it proves of the vision suite (rejects-content-parts also proves a tools check).
    const proves = getFault(fault)!.proves.filter((id) => !id.startsWith('tools.'))
    for (const id of proves) {
      const expected = deviationStatus(getCheck(id)!.level)
      const tripped = seen.filter((o) => o.id === id && o.status === expected)
      expect(tripped.length, `${id} should ${expected}`).toBeGreaterThan(0)
    }
    const stray = seen.filter(
      (o) => (o.status === 'fail' || o.status === 'warn' || o.status === 'inconclusive') && !proves.includes(o.id),
    )
    expect(stray.map((o) => `${o.case} ${o.id} ${o.status}: ${o.message}`)).toEqual([])
  })
})

test('a wrong answer is a warning that shows the answer', async () => {
  const seen = outcomes(await runVision(['drops-image-parts']))
  const warned = seen.find((o) => o.case === 'vision.two-images' && o.id === 'vision.reply.names-colours')
  expect(warned?.status).toBe('warn')
  expect(warned?.message).toMatch(/does not name red or blue \(the images are red and blue\); it says "/)
})

test('an endpoint that rejects array content altogether is blamed on the images only when the baseline passes', async () => {
  const seen = outcomes(await runVision(['rejects-content-parts']))
  const accepted = seen.find((o) => o.case === 'vision.png.after-text' && o.id === 'vision.request.image-accepted')
  expect(accepted?.status).toBe('fail')
  expect(accepted?.message).toMatch(
    /rejected an image part \(image_url\) with HTTP 400.*while it accepted the same conversation without it/,
  )
})
