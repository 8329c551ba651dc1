/**
 * A secret handed back in pieces is redacted piece by piece: every part of every piece that
 * composes an occurrence (even one character), wherever the pieces are concatenated by a
 * reader: the values at one JSON path across the events of a stream, the header values.
 */
import { describe, expect, it } from 'vitest'
import type { Exchange } from '../../src/core/exchange.ts'
import { parseSse } from '../../src/formats/sse/index.ts'
import { createRedactor, REDACTED, redactExchanges } from '../../src/transport/index.ts'
import { piecesRanges, reassembledInStream } from '../../src/transport/reassembly.ts'
import { splitsOf } from '../hostile/endpoints.ts'

const KEY = 'sk-piece-Hq3Zt8Wv2Ny5'
const frame = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`
const delta = (d: object) => ({
  object: 'chat.completion.chunk',
  choices: [{ index: 0, delta: d, finish_reason: null }],
})

function streamExchange(body: string, headers: Record<string, string> = {}): Exchange {
  return {
    request: { method: 'POST', url: 'http://127.0.0.1/v1/chat/completions', headers: {}, body: null },
    response: {
      status: 200,
      headers: { 'content-type': 'text/event-stream', ...headers },
      bodyText: body,
      bodyBase64: null,
      chunks: [
        { t: 1, text: body.slice(0, 100) },
        { t: 2, text: body.slice(100) },
      ],
    },
  }
}

/** The values at each JSON path of the stream's events, concatenated: what a reader rebuilds. */
function rebuilt(body: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'string') out.set(path, (out.get(path) ?? '') + v)
    else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) walk(item, `${path}/${k}`)
  }
  for (const event of parseSse(body).events) {
    try {
      walk(JSON.parse(event.data), '')
    } catch {
      walk(event.data, '(data)')
    }
  }
  return out
}

describe('reassembly', () => {
  it('finds the parts of each piece that compose an occurrence', () => {
    expect(piecesRanges(['your key is sk-pie', 'ce-Hq3Zt8Wv2Ny5 ok', '!'], [KEY])).toEqual([[[12, 18]], [[0, 15]], []])
  })

  it('redacts a key cut at every position in content, tool-call arguments and error messages', () => {
    for (const [a, b] of splitsOf(KEY)) {
      const args = (s: string) => delta({ tool_calls: [{ index: 0, function: { arguments: s } }] })
      const body = [
        frame(delta({ content: `key: ${a}` })),
        frame(delta({ content: `${b} end` })),
        frame(args(a)),
        frame(args(b)),
        frame({ error: { message: `bad ${a}` } }),
        frame({ error: { message: `${b}!` } }),
        'data: plain ',
        `${a}\n\n`,
        `data: ${b}\n\n`,
        'data: [DONE]\n\n',
      ].join('')
      const { shown } = redactExchanges(createRedactor([KEY]), { main: streamExchange(body) })
      const text = shown.main.response!.bodyText!
      for (const [path, value] of rebuilt(text)) {
        expect(value.includes(KEY), `${path} rebuilds the key (cut at ${a.length})`).toBe(false)
      }
      expect(rebuilt(text).get('/choices/0/delta/content')).toBe(`key: ${REDACTED}${REDACTED} end`)
      expect(rebuilt(text).get('/error/message')).toBe(`bad ${REDACTED}${REDACTED}!`)
      // The chunks are the same body in pieces.
      expect(shown.main.response!.chunks!.map((c) => c.text).join('')).toBe(text)
    }
  })

  it('redacts a key cut over header values', () => {
    for (const [a, b] of splitsOf(KEY)) {
      const exchange = streamExchange('data: [DONE]\n\n', { 'x-a': `v ${a}`, 'x-b': `${b}, other` })
      const { shown, redactor } = redactExchanges(createRedactor([KEY]), { main: exchange })
      expect(shown.main.response!.headers['x-a']).toBe(`v ${REDACTED}`)
      expect(shown.main.response!.headers['x-b']).toBe(`${REDACTED}, other`)
      // The pieces long enough to be redacted as text go into the redactor for what is made of the exchange.
      for (const piece of [a, b].filter((p) => p.length >= 8)) expect(redactor.text(`q ${piece}`)).toBe(`q ${REDACTED}`)
    }
  })

  it('leaves a stream without the key as it is', () => {
    const body = frame(delta({ content: 'sk-' })) + frame(delta({ content: 'piece' }))
    expect(reassembledInStream(body, [KEY])).toEqual({ ranges: [], fragments: [] })
    const exchange = streamExchange(body)
    expect(redactExchanges(createRedactor([KEY]), { main: exchange }).shown.main.response).toEqual(exchange.response)
  })
})
