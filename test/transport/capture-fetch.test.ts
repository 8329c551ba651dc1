import { afterEach, describe, expect, it } from 'vitest'
import { createCapturingFetch, EXCHANGE_HEADER } from '../../src/transport/index.ts'
import { delay, sendJSON, startServer, type TestServer } from './helpers.ts'

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

function capturing(options: { concurrency?: number; timeoutMs?: number } = {}) {
  return createCapturingFetch({
    timeoutMs: options.timeoutMs ?? 2_000,
    retries: 0,
    concurrency: options.concurrency ?? 1,
  })
}

describe('createCapturingFetch', () => {
  it('files exchanges by id and forgets them once taken', async () => {
    server = await startServer((_req, res) => sendJSON(res, 200, { ok: true }))
    const { fetch, take } = capturing()
    const response = await fetch(`${server.baseURL}/x`, { headers: { [EXCHANGE_HEADER]: 'a' } })
    expect(await response.json()).toEqual({ ok: true })
    expect((await take('a'))?.response?.status).toBe(200)
    expect(await take('a')).toBeUndefined()
    expect(await take('never-sent')).toBeUndefined()
  })

  it('fails a queued request at once when the caller aborts, without sending it', async () => {
    server = await startServer(async (_req, res) => {
      await delay(150)
      sendJSON(res, 200, { ok: true })
    })
    const { fetch, take } = capturing({ concurrency: 1 })
    const first = fetch(`${server.baseURL}/slow`, { headers: { [EXCHANGE_HEADER]: 'first' } })
    const controller = new AbortController()
    const second = fetch(`${server.baseURL}/queued`, {
      headers: { [EXCHANGE_HEADER]: 'second' },
      signal: controller.signal,
    })
    const started = performance.now()
    setTimeout(() => controller.abort(), 20)
    await expect(second).rejects.toMatchObject({ name: 'AbortError' })
    expect(performance.now() - started).toBeLessThan(100)
    expect((await first).status).toBe(200)
    expect(await take('second')).toMatchObject({ response: null, error: { kind: 'aborted' } })
    expect((await take('first'))?.error).toBeUndefined()
    expect(server.received.map((r) => r.url)).toEqual(['/v1/slow'])
  })
})
