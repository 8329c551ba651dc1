/** What a report keeps of every exchange: request body, response start, a stream's timeline; all bounded. */
import { describe, expect, test } from 'vitest'
import type { Exchange } from '../../src/core/exchange.ts'
import { exchangeDetail, TIMELINE_DATA_CHARS, TIMELINE_EVENTS } from '../../src/engine/exchange-detail.ts'
import { summariseExchange } from '../../src/engine/run-case.ts'

function exchange(
  response: Partial<NonNullable<Exchange['response']>> | null,
  body: unknown = { model: 'm' },
): Exchange {
  return {
    request: { method: 'POST', url: 'http://127.0.0.1/v1/chat/completions', headers: {}, body },
    response:
      response === null
        ? null
        : {
            status: 200,
            headers: { 'content-type': 'application/json' },
            bodyText: '{}',
            bodyBase64: null,
            ...response,
          },
  }
}

const sse = (events: string[]) => events.map((data) => `data: ${data}\n\n`).join('')

describe('exchangeDetail', () => {
  test('a JSON exchange: request body, content type and the body', () => {
    expect(exchangeDetail(exchange({ bodyText: '{"id":"x"}' }))).toEqual({
      requestBody: { model: 'm' },
      contentType: 'application/json',
      responseExcerpt: '{"id":"x"}',
    })
  })

  test('a stream: its events with the arrival time of the chunk that completed each, no raw excerpt', () => {
    const detail = exchangeDetail(
      exchange(
        {
          headers: { 'content-type': 'text/event-stream' },
          bodyText: sse(['{"a":1}', '[DONE]']),
          chunks: [
            { t: 5, text: 'data: {"a":1}\n' },
            { t: 9, text: '\ndata: [DONE]\n\n' },
          ],
        },
        { model: 'm', stream: true },
      ),
    )
    expect(detail.timeline).toEqual([
      { t: 9, event: 'message', data: '{"a":1}' },
      { t: 9, event: 'message', data: '[DONE]' },
    ])
    expect(detail.responseExcerpt).toBeUndefined()
  })

  test('a stream sent as text/plain is still read as one (the request asked for a stream)', () => {
    const detail = exchangeDetail(
      exchange({ headers: { 'content-type': 'text/plain' }, bodyText: sse(['x']) }, { stream: true }),
    )
    expect(detail.timeline).toEqual([{ t: null, event: 'message', data: 'x' }])
  })

  test('a response to stream: true without events keeps the raw excerpt instead', () => {
    const detail = exchangeDetail(exchange({ bodyText: '{"object":"chat.completion"}' }, { stream: true }))
    expect(detail.timeline).toBeUndefined()
    expect(detail.responseExcerpt).toBe('{"object":"chat.completion"}')
  })

  test('bounded: the first TIMELINE_EVENTS events, each cut to TIMELINE_DATA_CHARS', () => {
    const long = 'y'.repeat(TIMELINE_DATA_CHARS * 3)
    const events = Array.from({ length: TIMELINE_EVENTS * 5 }, (_, i) => (i === 0 ? long : String(i)))
    const chunks = events.map((data, i) => ({ t: i, text: `data: ${data}\n\n` }))
    const detail = exchangeDetail(
      exchange({ headers: { 'content-type': 'text/event-stream' }, bodyText: null, chunks }),
    )
    expect(detail.timeline).toHaveLength(TIMELINE_EVENTS)
    expect(detail.timeline![0]!.data).toBe(`${'y'.repeat(TIMELINE_DATA_CHARS)}… (${long.length} chars)`)
    expect(detail.timeline!.at(-1)).toEqual({
      t: TIMELINE_EVENTS - 1,
      event: 'message',
      data: String(TIMELINE_EVENTS - 1),
    })
  })

  test('a long body is cut; a binary one says its size; no response and a transport error', () => {
    const cut = exchangeDetail(exchange({ bodyText: 'z'.repeat(10_000) })).responseExcerpt!
    expect(cut.length).toBeLessThan(2_100)
    expect(cut).toMatch(/… \(10000 chars\)$/)
    expect(
      exchangeDetail(exchange({ headers: { 'content-type': 'audio/mpeg' }, bodyText: null, bodyBase64: 'AAECAw==' })),
    ).toMatchObject({ contentType: 'audio/mpeg', responseExcerpt: 'binary, 4 bytes' })
    const lost = exchangeDetail({ ...exchange(null), error: { kind: 'timeout', message: 'no response in 10 ms' } })
    expect(lost).toEqual({ requestBody: { model: 'm' }, transportError: 'timeout: no response in 10 ms' })
  })

  test('the summary carries it beside the timing', () => {
    expect(summariseExchange('main', exchange({}))).toMatchObject({ name: 'main', responseExcerpt: '{}' })
  })
})
