/**
 * The fault pipeline keyed by operation: each route declares the OpenAPI operation it serves,
 * hooks see it, and a fault that names operations acts on those alone, at every stage
 * (`body`, `events`, `frames`, `bytes`, `headers`). Requests go straight through msw's
 * `getResponse`; toy routes stand in for operations the reference does not serve yet.
 */
import { getResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { FAULTS, ROUTES } from '../../src/apis/index.ts'
import type { Fault, FaultHooks } from '../../src/reference/fault.ts'
import { createRouter, type ReferenceRoute } from '../../src/reference/router.ts'
import { REFERENCE_CHAT_MODEL as model } from '../../src/reference/served-models.ts'
import { sseFrames } from '../../src/reference/sse.ts'
import { getOperation } from '../../src/spec/index.ts'

const baseUrl = 'http://reference.test/v1'
const AUDIO = new Uint8Array([0x49, 0x44, 0x33, 0x04, 0x00, 0x00])

/** Toy routes, on paths and operations no slice serves: two binary answers and an event stream. */
const TOY_ROUTES: ReferenceRoute[] = [
  {
    method: 'POST',
    path: '/toy/speech',
    operationId: 'toySpeech',
    handle: (ctx) => ctx.answerBytes(AUDIO, 'audio/mpeg'),
  },
  { method: 'POST', path: '/toy/image', operationId: 'toyImage', handle: (ctx) => ctx.answerBytes(AUDIO, 'image/png') },
  {
    method: 'POST',
    path: '/toy/stream',
    operationId: 'toyStream',
    handle: (ctx) => ctx.answerStream([{ n: 1 }, { n: 2 }], sseFrames),
  },
]

const limited = (operations: string[] | undefined, hooks: FaultHooks): Fault => ({
  name: 'toy',
  description: 'toy',
  modelledOn: 'test',
  proves: [],
  ...(operations ? { operations } : {}),
  hooks,
})

async function send(faults: Fault[], method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
  const handlers = createRouter({ baseUrl, routes: [...ROUTES, ...TOY_ROUTES], faults })
  const request = new Request(baseUrl + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const response = await getResponse(handlers, request)
  if (!response) throw new Error(`no handler answered ${path}`)
  return response
}

const chat = (extra: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: 'user', content: 'Count from 1 to 3' }],
  ...extra,
})
const json = async (response: Response) => JSON.parse(await response.text())
const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer())

describe('operations', () => {
  it('every route serves a recorded operation with its method and path', () => {
    for (const route of ROUTES.filter((served) => !served.public)) {
      const operation = getOperation(route.operationId)
      expect(operation, route.operationId).toBeDefined()
      expect(operation!.method).toBe(route.method)
      expect(operation!.path.replace(/\{[^}]+\}/g, '*')).toBe(route.path)
    }
  })

  it("every fault's operations are served by a route", () => {
    const served = new Set(ROUTES.map((route) => route.operationId))
    for (const fault of FAULTS) for (const id of fault.operations ?? []) expect(served, fault.name).toContain(id)
  })

  it("hooks see the route's operation, null for a path no route claims", async () => {
    const seen: Array<string | null> = []
    const recorder = limited(undefined, { respond: (req) => void seen.push(req.operationId) })
    await send([recorder], 'POST', '/chat/completions', chat())
    await send([recorder], 'GET', '/models')
    await send([recorder], 'GET', `/models/${model}`)
    await send([recorder], 'POST', '/toy/speech', {})
    await send([recorder], 'GET', '/no/such/route')
    expect(seen).toEqual(['createChatCompletion', 'listModels', 'retrieveModel', 'toySpeech', null])
  })
})

describe('a fault limited to operations', () => {
  const tamper = (operations?: string[]) => limited(operations, { body: (body) => ({ ...body, tampered: true }) })

  it('rewrites the JSON body of its operations only', async () => {
    const chatOnly = tamper(['createChatCompletion'])
    expect((await json(await send([chatOnly], 'POST', '/chat/completions', chat()))).tampered).toBe(true)
    expect((await json(await send([chatOnly], 'GET', '/models'))).tampered).toBeUndefined()
    expect((await json(await send([chatOnly], 'GET', `/models/${model}`))).tampered).toBeUndefined()
    // Unlimited, the same hook rewrites every JSON answer.
    expect((await json(await send([tamper()], 'GET', '/models'))).tampered).toBe(true)
  })

  it('is not applied to the errors, streams or unknown paths of other operations', async () => {
    const rejects = limited(['listModels'], { error: (error) => ({ ...error, status: 418 }) })
    expect((await send([rejects], 'GET', '/models/no-such-model')).status).toBe(404)
    expect((await send([rejects], 'GET', '/no/such/route')).status).toBe(404)
    const dropsEvents = limited(['toyStream'], { events: () => [] })
    const stream = await (await send([dropsEvents], 'POST', '/chat/completions', chat({ stream: true }))).text()
    expect(stream).toContain('chat.completion.chunk')
    expect(await (await send([dropsEvents], 'POST', '/toy/stream', {})).text()).toBe('data: [DONE]\n\n')
  })

  it('catalogue faults keep to their operations: a retrieved-model fault leaves the list alone', async () => {
    const aliasId = FAULTS.find((fault) => fault.name === 'models-retrieve-alias-id')!
    expect((await json(await send([aliasId], 'GET', `/models/${model}`))).id).not.toBe(model)
    expect(await json(await send([aliasId], 'GET', '/models'))).not.toHaveProperty('id')
  })
})

describe('the bytes stage', () => {
  it('sends a binary answer as it is built when no fault rewrites it', async () => {
    const response = await send([], 'POST', '/toy/speech', {})
    expect(response.headers.get('content-type')).toBe('audio/mpeg')
    expect(response.headers.get('content-length')).toBe(String(AUDIO.length))
    expect(await bytesOf(response)).toEqual(AUDIO)
  })

  it("rewrites the binary body of the fault's operations, content-length included, and no other", async () => {
    const truncates = limited(['toySpeech'], { bytes: (bytes) => bytes.subarray(0, 2) })
    const speech = await send([truncates], 'POST', '/toy/speech', {})
    expect(speech.headers.get('content-length')).toBe('2')
    expect(await bytesOf(speech)).toEqual(AUDIO.subarray(0, 2))
    expect(await bytesOf(await send([truncates], 'POST', '/toy/image', {}))).toEqual(AUDIO)
  })

  it('folds stacked faults in order', async () => {
    const reverses = limited(undefined, { bytes: (bytes) => bytes.slice().reverse() })
    const firstTwo = limited(undefined, { bytes: (bytes) => bytes.subarray(0, 2) })
    const response = await send([reverses, firstTwo], 'POST', '/toy/speech', {})
    expect(await bytesOf(response)).toEqual(AUDIO.slice().reverse().subarray(0, 2))
  })
})
