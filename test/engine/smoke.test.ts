/** The smoke request: which answers block the run, and which leave `/models` to the models suite. */
import { describe, expect, test } from 'vitest'
import type { Exchange } from '../../src/core/exchange.ts'
import type { RequestSpec } from '../../src/core/types.ts'
import { smokeTest } from '../../src/engine/smoke.ts'

/** A target answering `GET /models` with `listStatus` and a chat completion with `chatStatus`; records what was sent. */
function target(listStatus: number, chatStatus = 200, listBody = '{}') {
  const sent: string[] = []
  const perform = async (request: RequestSpec): Promise<Exchange> => {
    sent.push(request.operation)
    const listing = request.operation === 'models.list'
    const status = listing ? listStatus : chatStatus
    const bodyText = listing ? listBody : '{}'
    return {
      request: { method: 'GET', url: 'http://127.0.0.1/v1', headers: {}, body: null },
      response: { status, headers: { 'content-type': 'application/json' }, bodyText, bodyBase64: null },
    }
  }
  return { sender: { perform }, sent }
}

const models = { chat: 'm' }

describe('the smoke request', () => {
  test.each([404, 405])('GET /models answering %i falls back to a one-token chat', async (status) => {
    const { sender, sent } = target(status)
    expect(await smokeTest(sender, models)).toEqual({ ok: true })
    expect(sent).toEqual(['models.list', 'chat.completions.create'])
  })

  test.each([500, 502, 503])(
    'GET /models answering %i falls back to a one-token chat; the models suite judges its 5xx',
    async (status) => {
      const { sender, sent } = target(status)
      expect(await smokeTest(sender, models)).toEqual({ ok: true, unserved: ['models'] })
      expect(sent).toEqual(['models.list', 'chat.completions.create'])
    },
  )

  test('a listing GET /models hands its model ids on (the served-model check consults them)', async () => {
    const body = JSON.stringify({
      object: 'list',
      data: [{ id: 'gpt-4o', object: 'model' }, { id: '' }, { id: 7 }, null],
    })
    const { sender, sent } = target(200, 200, body)
    expect(await smokeTest(sender, models)).toEqual({ ok: true, listed: ['gpt-4o'] })
    expect(sent).toEqual(['models.list'])
  })

  test('a 200 /models that is not a list hands nothing on (the models suite judges it)', async () => {
    for (const body of ['{}', 'not json', '[['.repeat(100_000)])
      expect(await smokeTest(target(200, 200, body).sender, models)).toEqual({ ok: true })
  })

  test('a 5xx /models with a failing chat blocks the run, naming the chat', async () => {
    const { sender } = target(500, 503)
    expect(await smokeTest(sender, models)).toEqual({
      ok: false,
      reason: expect.stringMatching(/one-token chat completion answered HTTP 503/),
    })
  })

  test('a 5xx /models without a chat model to fall back on blocks the run', async () => {
    const { sender } = target(500)
    expect(await smokeTest(sender, {})).toMatchObject({ ok: false, reason: /GET \/models answered HTTP 500/ })
  })

  test('a rejected key on /models blocks the run without a chat', async () => {
    const { sender, sent } = target(401)
    expect(await smokeTest(sender, models)).toMatchObject({ ok: false, reason: /rejected the configured API key/ })
    expect(sent).toEqual(['models.list'])
  })

  test('a run that does not judge /models never sends GET /models', async () => {
    const { sender, sent } = target(500)
    expect(await smokeTest(sender, models, { listsModels: false })).toEqual({ ok: true })
    expect(sent).toEqual(['chat.completions.create'])
  })
})
