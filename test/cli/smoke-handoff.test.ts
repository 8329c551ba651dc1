import { expect, test } from 'vitest'
import { receiveSmokeOutcome, serveSmokeOutcome } from '../../src/run/smoke-handoff.ts'
import type { SmokeResult } from '../../src/engine/smoke.ts'

test('the worker gets the smoke outcome once it settles, not before', async () => {
  let settle!: (result: SmokeResult) => void
  const handoff = await serveSmokeOutcome(new Promise((resolve) => (settle = resolve)))
  try {
    let received: SmokeResult | undefined
    const receiving = receiveSmokeOutcome(handoff.url).then((result) => (received = result))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(received).toBeUndefined()
    settle({ ok: false, reason: 'the target rejected the configured API key' })
    await receiving
    expect(received).toEqual({ ok: false, reason: 'the target rejected the configured API key' })
    // Asked again (a retried worker), it answers at once.
    expect(await receiveSmokeOutcome(handoff.url)).toEqual(received)
  } finally {
    await handoff.close()
  }
})

test('a smoke request that threw reaches the worker as a blocked run, never a hang', async () => {
  const handoff = await serveSmokeOutcome(Promise.reject(new Error('boom')))
  try {
    expect(await receiveSmokeOutcome(handoff.url)).toEqual({
      ok: false,
      reason: 'the smoke request failed: Error: boom',
    })
  } finally {
    await handoff.close()
  }
})
