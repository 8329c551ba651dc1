/**
 * `oai-conformance proxy`: requests reach the upstream unchanged; a slow stream reaches the app
 * read by read as the upstream writes it (the upstream writes its next chunk only once the app
 * has the last one, so a proxy that buffered would never finish); each exchange is recorded
 * with its chunks' times, judged, printed as one line; reports every N and on stop; keys
 * redacted everywhere; bodies past the cap are forwarded whole and kept bounded.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { main } from '../../src/cli/main.ts'
import { parseCapture } from '../../src/formats/captures.ts'
import { type RunningProxy, startProxy } from '../../src/proxy/proxy.ts'
import type { Report } from '../../src/report/index.ts'
import { chatChunk, chatCompletion, sendJSON, sseFrame, startServer, type TestServer } from '../transport/helpers.ts'
import { sink } from '../validate/captures.ts'

const KEY = 'sk-proxy-test-key-0123456789abcdef'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'oai-proxy-test-'))
}

async function proxyFor(
  upstream: TestServer,
  options: { every?: number; maxBodyBytes?: number; record?: string } = {},
) {
  const dir = tempDir()
  const stdout = sink()
  const stderr = sink()
  const proxy = await startProxy({ upstream: upstream.baseURL, reportDir: dir, ...options }, { stdout, stderr })
  let stopped = false
  const stop = async () => {
    if (stopped) return 0
    stopped = true
    return proxy.stop()
  }
  cleanups.push(stop)
  const report = () => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report
  return { proxy, dir, stdout, stderr, stop, report }
}

function post(proxy: RunningProxy, body: object, headers: Record<string, string> = {}) {
  return fetch(`${proxy.url}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
}

describe('forwarding', () => {
  test('the request reaches the upstream unchanged, and its answer the app', async () => {
    const upstream = await startServer((_req, res) => sendJSON(res, 200, chatCompletion('Hi'), { 'x-upstream': 'yes' }))
    cleanups.push(() => upstream.close())
    const { proxy } = await proxyFor(upstream)
    const body = { model: 'm', messages: [{ role: 'user', content: 'Hi' }], custom_field: [1, 2] }
    const response = await post(proxy, body, { 'X-Custom-Header': 'kept' })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-upstream')).toBe('yes')
    expect(await response.json()).toEqual(chatCompletion('Hi'))
    const [received] = upstream.received
    expect(received).toMatchObject({ method: 'POST', url: '/v1/chat/completions', body: JSON.stringify(body) })
    expect(received!.headers).toMatchObject({
      authorization: `Bearer ${KEY}`,
      'x-custom-header': 'kept',
      host: new URL(upstream.baseURL).host,
    })
  })

  test('a slow stream reaches the app chunk by chunk, as the upstream writes it', async () => {
    const frames = [
      sseFrame(chatChunk('', null, true)),
      sseFrame(chatChunk('one')),
      sseFrame(chatChunk(' two')),
      sseFrame(chatChunk(null, 'stop')),
      sseFrame('[DONE]'),
    ]
    /** Resolvers the app calls when it has read chunk i; the upstream waits on them. */
    const seen = frames.map(() => {
      let resolve!: () => void
      const promise = new Promise<void>((done) => (resolve = done))
      return { promise, resolve }
    })
    const written: number[] = []
    const upstream = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      for (const [i, frame] of frames.entries()) {
        written.push(performance.now())
        res.write(frame)
        // The next chunk only once the app has this one: a buffering proxy never gets here.
        await seen[i]!.promise
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      res.end()
    })
    cleanups.push(() => upstream.close())
    const { proxy, stop, report } = await proxyFor(upstream)
    const response = await post(proxy, { model: 'm', messages: [{ role: 'user', content: 'Hi' }], stream: true })
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    const received: { text: string; at: number }[] = []
    let pending = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      pending += decoder.decode(value, { stream: true })
      // One upstream write is one frame: mark each whole frame read.
      while (received.length < frames.length && pending.startsWith(frames[received.length]!)) {
        pending = pending.slice(frames[received.length]!.length)
        received.push({ text: frames[received.length]!, at: performance.now() })
        seen[received.length - 1]!.resolve()
      }
    }
    expect(received.map((r) => r.text)).toEqual(frames)
    // Each chunk reached the app after the upstream wrote it and before it wrote the next.
    received.forEach((r, i) => {
      expect(r.at).toBeGreaterThanOrEqual(written[i]!)
      if (i + 1 < written.length) expect(r.at).toBeLessThanOrEqual(written[i + 1]!)
    })
    await proxy.settled()
    const [result] = proxy.cases()
    expect(result!.exchanges[0]!.chunks).toBe(frames.length)
    expect(result!.status).toBe('pass')
    expect(await stop()).toBe(0)
    expect(report().cases[0]!.source).toEqual({ exchange: 1 })
  })

  test('a body past the capture limit reaches the app whole; the proxy keeps only the limit', async () => {
    const big = JSON.stringify({ ...chatCompletion('x'.repeat(200_000)) })
    const upstream = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(big)
    })
    cleanups.push(() => upstream.close())
    const { proxy } = await proxyFor(upstream, { maxBodyBytes: 10_000 })
    const response = await post(proxy, { model: 'm', messages: [] })
    expect(await response.text()).toBe(big)
    await proxy.settled()
    const [result] = proxy.cases()
    expect(result!.checks.find((check) => check.id === 'http.response.complete')?.message).toMatch(/capture limit/)
  })

  test('an unreachable upstream is a 502 to the app and an inconclusive case, not a crash', async () => {
    const upstream = await startServer(() => {})
    await upstream.close()
    const { proxy, stdout } = await proxyFor(upstream)
    const response = await post(proxy, { model: 'm', messages: [] })
    expect(response.status).toBe(502)
    await proxy.settled()
    expect(proxy.cases()[0]!.status).toBe('inconclusive')
    expect(stdout.text()).toMatch(/inconclusive POST \/v1\/chat\/completions #1/)
  })
})

describe('judging and reports', () => {
  test('one line per exchange with its verdict; other paths forwarded, not judged', async () => {
    const upstream = await startServer((req, res) =>
      req.url === '/v1/chat/completions'
        ? sendJSON(res, 200, { ...chatCompletion('Hi'), object: 'text_completion' })
        : sendJSON(res, 200, { object: 'list', data: [] }),
    )
    cleanups.push(() => upstream.close())
    const { proxy, stdout, stop } = await proxyFor(upstream)
    await (await fetch(`${proxy.url}/models`, { headers: { authorization: `Bearer ${KEY}` } })).text()
    await (await post(proxy, { model: 'm', messages: [] })).text()
    await (await fetch(`${proxy.url}/favicon.ico`)).text()
    await proxy.settled()
    const lines = stdout.text().trim().split('\n')
    expect(lines).toEqual([
      expect.stringMatching(/^\[1\/1\] pass GET \/v1\/models #1 {2}\d+ checks passed$/),
      expect.stringMatching(/^\[2\/2\] fail POST \/v1\/chat\/completions #2 {2}chat\.response\.(object|schema): /),
      '[#3] GET /v1/favicon.ico  not an API call: forwarded, not judged',
    ])
    expect(await stop()).toBe(1)
  })

  test('--every N writes the reports after every N exchanges, and stopping writes them again', async () => {
    const upstream = await startServer((_req, res) => sendJSON(res, 200, chatCompletion('Hi')))
    cleanups.push(() => upstream.close())
    const { proxy, stop, report } = await proxyFor(upstream, { every: 2 })
    for (let i = 0; i < 3; i++) await (await post(proxy, { model: 'm', messages: [] })).text()
    await proxy.settled()
    // Written after the second; the third is not in it yet.
    expect(report().summary.total).toBe(2)
    expect(await stop()).toBe(0)
    expect(report().summary.total).toBe(3)
  })

  test('the key is redacted in everything it writes: lines, reports, the recording', async () => {
    const upstream = await startServer((_req, res) =>
      sendJSON(res, 200, { ...chatCompletion(`your key is ${KEY}`), object: 'echo' }),
    )
    cleanups.push(() => upstream.close())
    const record = join(tempDir(), 'traffic.jsonl')
    const { proxy, dir, stdout, stderr, stop } = await proxyFor(upstream, { record })
    await (await post(proxy, { model: 'm', messages: [{ role: 'user', content: KEY }] })).text()
    await stop()
    const written = [
      stdout.text(),
      stderr.text(),
      readFileSync(join(dir, 'report.json'), 'utf8'),
      readFileSync(join(dir, 'junit.xml'), 'utf8'),
      readFileSync(record, 'utf8'),
    ]
    for (const text of written) expect(text).not.toContain(KEY)
    expect(written[2]).toContain('[REDACTED]')
    // The recording is a capture validate reads back.
    expect(parseCapture(written[4]!, record).entries).toHaveLength(1)
  })
})

describe('the command', () => {
  test.each([
    [[], /^oai-conformance: proxy: --upstream URL is required/],
    [['--upstream', 'ftp://x'], /is not an http\(s\) URL/],
    [['--upstream', 'http://127.0.0.1:1/v1', '--port', 'x'], /--port "x" is not an integer/],
    [['--upstream', 'http://127.0.0.1:1/v1', '--every', '0'], /--every "0" is not an integer/],
  ])('bad usage %j is one line and exit 2', async (args, message) => {
    const stderr = sink()
    expect(await main(['proxy', ...args], { stdout: sink(), stderr })).toBe(2)
    expect(stderr.text()).toMatch(message)
    expect(stderr.text().trim().split('\n')).toHaveLength(1)
  })

  test('runs until stopped (as by Ctrl-C) and then writes the reports', async () => {
    const upstream = await startServer((_req, res) => sendJSON(res, 200, chatCompletion('Hi')))
    cleanups.push(() => upstream.close())
    const dir = tempDir()
    const stdout = sink()
    const controller = new AbortController()
    const running = main(['proxy', '--upstream', upstream.baseURL, '--report-dir', dir], {
      stdout,
      stderr: sink(),
      signal: controller.signal,
    } as never)
    let url: string | undefined
    for (let i = 0; i < 100 && !url; i++) {
      url = /listening on (\S+),/.exec(stdout.text())?.[1]
      if (!url) await new Promise((resolve) => setTimeout(resolve, 20))
    }
    await (await fetch(`${url}/chat/completions`, { method: 'POST', body: '{"model":"m","messages":[]}' })).text()
    await new Promise((resolve) => setTimeout(resolve, 50))
    controller.abort()
    expect(await running).toBe(0)
    expect((JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report).summary.total).toBe(1)
  })
})
