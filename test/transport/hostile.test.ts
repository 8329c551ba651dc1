/**
 * The transport against responses that break: what each breakage is recorded as, what an
 * incomplete body keeps, the run's memory budget for large bodies, and redaction that
 * neither copies what it need not nor recurses without bound.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { KEPT_INCOMPLETE_BYTES } from '../../src/transport/capture-fetch.ts'
import { createBodyBudget } from '../../src/transport/body-budget.ts'
import { firstInvalidUtf8 } from '../../src/transport/drain-body.ts'
import { classifyFetchError } from '../../src/transport/errors.ts'
import { createRedactor, MAX_KEPT_DEPTH, TOO_DEEP } from '../../src/transport/redact.ts'
import { CHAT_BODY, chatCompletion, clientFor, startServer, type TestServer } from './helpers.ts'

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const chat = { operation: 'chat.completions.create', body: CHAT_BODY } as const

describe('what a broken response is recorded as', () => {
  it('a body shorter than its Content-Length: short-body, with the bytes that arrived', async () => {
    const body = JSON.stringify(chatCompletion('hi'))
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length + 50) })
      res.write(body)
      setTimeout(() => res.socket?.destroy(), 20)
    })
    const exchange = await clientFor(server).perform(chat)
    expect(exchange.error).toMatchObject({
      kind: 'short-body',
      message: expect.stringMatching(new RegExp(`^${body.length} of the ${body.length + 50} bytes`)),
    })
    expect(exchange.response).toMatchObject({ status: 200, receivedBytes: body.length, bodyText: body })
  })

  it('a redirect to itself: redirect-loop', async () => {
    server = await startServer((req, res) => {
      res.writeHead(307, { location: req.url ?? '/' })
      res.end()
    })
    const exchange = await clientFor(server).perform(chat)
    expect(exchange.error).toMatchObject({ kind: 'redirect-loop' })
    expect(exchange.response).toBeNull()
  })

  it('bytes that are not HTTP: protocol', async () => {
    server = await startServer((req) => void req.socket.end('SSH-2.0-OpenSSH_9.6\r\n'))
    const exchange = await clientFor(server).perform(chat)
    expect(exchange.error).toMatchObject({ kind: 'protocol' })
  })

  it('a connection refused stays network trouble (unreachable, not a finding)', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    })
    expect(classifyFetchError(refused)).toBe('network')
    const tls = new TypeError('fetch failed', {
      cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
    })
    expect(classifyFetchError(tls)).toBe('network')
  })

  it('a body over the limit keeps only its first bytes, and says how many arrived', async () => {
    const maxBodyBytes = 4 * 1024 * 1024
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const block = Buffer.alloc(64 * 1024, 'x')
      const pump = () => {
        while (!res.destroyed) if (!res.write(block)) return void res.once('drain', pump)
      }
      pump()
    })
    const exchange = await clientFor(server, { maxBodyBytes }).perform(chat)
    expect(exchange.error).toMatchObject({ kind: 'too-large' })
    expect(exchange.response).toMatchObject({
      truncated: true,
      receivedBytes: maxBodyBytes,
      keptBytes: expect.any(Number),
    })
    expect(exchange.response!.keptBytes).toBeGreaterThanOrEqual(KEPT_INCOMPLETE_BYTES)
    expect(exchange.response!.keptBytes).toBeLessThan(KEPT_INCOMPLETE_BYTES + 128 * 1024)
    expect(exchange.response!.bodyText!.length).toBe(exchange.response!.keptBytes)
  })

  it('invalid UTF-8 is recorded with the offset of the first bad byte', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"a":"ok')
      setTimeout(() => res.end(Buffer.from([0x20, 0xc3, 0x28, 0x22, 0x7d])), 10)
    })
    const exchange = await clientFor(server).perform(chat)
    expect(exchange.error).toBeUndefined()
    expect(exchange.response!.invalidUtf8At).toBe(9)
  })
})

describe('large bodies and the memory budget', () => {
  it('a large body that arrives whole reaches the capture and the SDK intact', async () => {
    const content = 'y'.repeat(3 * 1024 * 1024)
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(chatCompletion(content)))
    })
    const exchange = await clientFor(server).perform(chat)
    expect(exchange.error).toBeUndefined()
    expect(exchange.response!.bodyText).toBe(JSON.stringify(chatCompletion(content)))
    expect(exchange.sdk).toMatchObject({ ok: true, value: { choices: [{ message: { content } }] } })
  })

  it('large bodies past the budget wait their turn, and all arrive', async () => {
    const bodies = [1, 2, 3].map((n) => JSON.stringify(chatCompletion(String(n).repeat(2 * 1024 * 1024))))
    server = await startServer((_req, res, received) => {
      const n = Number(JSON.parse(received.body).n)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(bodies[n - 1])
    })
    // A budget for one large body at a time.
    const client = clientFor(server, { maxBodyBytes: 4 * 1024 * 1024, memoryBudgetBytes: 4 * 1024 * 1024 })
    const exchanges = await Promise.all(
      [1, 2, 3].map((n) => client.perform({ operation: 'chat.completions.create', body: { ...CHAT_BODY, n } })),
    )
    expect(exchanges.map((e) => e.response!.bodyText)).toEqual(bodies)
    expect(exchanges.map((e) => e.sdk?.ok)).toEqual([true, true, true])
  })

  it('gives out one place per large body, first come first served, and reuses its buffer', async () => {
    const budget = createBodyBudget({ budgetBytes: 100, maxBodyBytes: 100, smallBodyBytes: 10 })
    expect(budget.places).toBe(1)
    const signal = new AbortController().signal
    const first = await budget.acquire(signal)
    const order: string[] = []
    const inOrder = (name: string) => (place: { release(): void; buffer: Uint8Array }) => {
      order.push(name)
      return place
    }
    const second = budget.acquire(signal).then(inOrder('second'))
    const third = budget.acquire(signal).then(inOrder('third'))
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(order).toEqual([])
    first.release()
    first.release() // idempotent
    const place = await second
    expect(place.buffer).toBe(first.buffer)
    expect(budget.taken).toBe(1)
    place.release()
    ;(await third).release()
    expect(order).toEqual(['second', 'third'])
    expect(budget.taken).toBe(0)
  })

  it('a wait for a place ends when the attempt stops', async () => {
    const budget = createBodyBudget({ budgetBytes: 100, maxBodyBytes: 100 })
    const held = await budget.acquire(new AbortController().signal)
    const controller = new AbortController()
    const waiting = budget.acquire(controller.signal)
    controller.abort(new Error('timed out'))
    await expect(waiting).rejects.toThrow('timed out')
    held.release()
    expect(budget.taken).toBe(0)
  })
})

describe('redaction of parsed values', () => {
  it('returns a value with nothing to redact as it is: no copy of a large SDK result', () => {
    const r = createRedactor(['sk-secret-123'])
    const value = { chunks: Array.from({ length: 1_000 }, (_, i) => ({ id: `c${i}`, choices: [] })) }
    expect(r.deep(value)).toBe(value)
  })

  it('copies only what changes', () => {
    const r = createRedactor(['sk-secret-123'])
    const clean = { a: 1 }
    const out = r.deep({ clean, dirty: { key: 'sk-secret-123' } })
    expect(out.clean).toBe(clean)
    expect(out.dirty.key).toBe('[REDACTED]')
  })

  it('cuts a hostile nesting instead of overflowing the stack', () => {
    let deep: unknown = 'bottom'
    for (let i = 0; i < 100_000; i++) deep = [deep]
    const out = createRedactor(['sk-secret-123']).deep(deep)
    let level = out
    let depth = 0
    while (Array.isArray(level)) {
      level = level[0]
      depth++
    }
    expect(depth).toBe(MAX_KEPT_DEPTH)
    expect(level).toBe(TOO_DEEP)
  })
})

describe('firstInvalidUtf8', () => {
  it.each([
    ['ascii', [0x61, 0x62], 2],
    ['a valid 2-byte form', [0x61, 0xc3, 0xa9], 3],
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['an overlong form', [0xc0, 0xaf], 0],
    ['a surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a truncated sequence at the end', [0x61, 0xe2, 0x82], 3],
    ['a broken sequence', [0x61, 0x62, 0xe2, 0x28, 0xa1], 2],
  ])('%s', (_name, bytes, expected) => {
    expect(firstInvalidUtf8(new Uint8Array(bytes))).toBe(expected)
  })
})
