import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { dataEvents, isDone, parseLine, parseSse, SseReader } from '../../src/formats/sse/index.ts'
import type { SseChunk, SseEvent, SseParseResult } from '../../src/formats/sse/index.ts'

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)

/** Text chunks without times. */
const texts = (...parts: string[]): SseChunk[] => parts.map((text) => ({ t: null, text }))

/** Byte chunks of `bytes` cut at the given positions. */
function cutBytes(bytes: Uint8Array, cuts: number[]): SseChunk[] {
  const bounds = [0, ...cuts, bytes.length]
  return bounds.slice(1).map((end, i) => ({ t: null, bytes: bytes.subarray(bounds[i], end) }))
}

/** What a client acts on: everything but evidence positions and times. */
const semantics = (events: readonly SseEvent[]) =>
  events.map(({ event, data, id, retry }) => ({ event, data, id, ...(retry === undefined ? {} : { retry }) }))

const datas = (result: SseParseResult): string[] => result.events.map((e) => e.data)

/** Deterministic PRNG (mulberry32), so "random" splits are reproducible. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let r = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296
  }
}

describe('line endings', () => {
  it.each([
    ['lf', 'data: a\ndata: b\n\ndata: c\n\n'],
    ['crlf', 'data: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n'],
    ['cr', 'data: a\rdata: b\r\rdata: c\r\r'],
  ] as const)('%s alone', (style, body) => {
    const result = parseSse(body)
    expect(datas(result)).toEqual(['a\nb', 'c'])
    expect(result.notes.lineEndings).toEqual([style])
    expect(result.trailing).toBe('')
  })

  it('mixed within one stream, in order of first appearance', () => {
    const result = parseSse('data: a\r\ndata: b\rdata: c\n\r\n')
    expect(datas(result)).toEqual(['a\nb\nc'])
    expect(result.notes.lineEndings).toEqual(['crlf', 'cr', 'lf'])
  })

  it('LF then CR is two line endings (a blank line), not one', () => {
    expect(datas(parseSse('data: a\n\rdata: b\n\n'))).toEqual(['a', 'b'])
  })

  it('a CR ending one chunk and an LF starting the next are ONE line ending', () => {
    const result = parseSse(texts('data: a\r', '\ndata: b\r', '\n\r', '\n'))
    // Counted twice, the first CRLF would be a blank line dispatching 'a' alone.
    expect(datas(result)).toEqual(['a\nb'])
    expect(result.notes.lineEndings).toEqual(['crlf'])
    expect(result.events[0]?.raw).toBe('data: a\r\ndata: b\r\n\r\n')
  })

  it('a chunk-final CR followed by a non-LF chunk is a CR ending', () => {
    const result = parseSse(texts('data: a\r', '\r', 'data: b\r', '', '\r'))
    expect(datas(result)).toEqual(['a', 'b'])
    expect(result.notes.lineEndings).toEqual(['cr'])
  })

  it('a chunk-final CR dispatches at its own chunk time, even if the LF comes later', () => {
    const result = parseSse([
      { t: 1, text: 'data: a\r\n\r' },
      { t: 9, text: '\n' },
    ])
    expect(result.events).toHaveLength(1)
    expect(result.events[0]).toMatchObject({ data: 'a', t: 1, raw: 'data: a\r\n\r\n' })
  })

  it('a CR ending the whole stream is a line ending', () => {
    const result = parseSse('data: a\n\r')
    expect(datas(result)).toEqual(['a'])
    expect(result.trailing).toBe('')
  })
})

describe('byte order mark', () => {
  it('is skipped at the very start of the stream, and noted', () => {
    const result = parseSse('\uFEFFdata: a\n\n')
    expect(datas(result)).toEqual(['a'])
    expect(result.notes.bom).toBe(true)
    expect(result.events[0]?.offset).toBe(1)
    expect(result.notes.unknownFields).toEqual([])
  })

  it('is skipped when given as bytes, even split across chunks', () => {
    const bytes = utf8('\uFEFFdata: a\n\n')
    expect(bytes.subarray(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]))
    const result = parseSse(cutBytes(bytes, [1, 2]))
    expect(datas(result)).toEqual(['a'])
    expect(result.notes.bom).toBe(true)
    expect(result.invalidUtf8).toBe(false)
  })

  it('is the start of the stream even after empty chunks', () => {
    expect(parseSse(texts('', '\uFEFFdata: a\n\n')).notes.bom).toBe(true)
  })

  it('is not skipped anywhere else: it becomes part of a field name', () => {
    const later = parseSse('data: a\n\n\uFEFFdata: b\n\n')
    expect(datas(later)).toEqual(['a'])
    expect(later.notes.bom).toBe(false)
    expect(later.notes.unknownFields).toEqual(['\uFEFFdata'])

    const second = parseSse('\uFEFF\uFEFFdata: a\n\n')
    expect(second.events).toEqual([])
    expect(second.notes.unknownFields).toEqual(['\uFEFFdata'])
  })

  it('absent: not noted', () => {
    expect(parseSse('data: a\n\n').notes.bom).toBe(false)
  })
})

describe('fields', () => {
  it.each([
    ['data: a', 'a'],
    ['data:a', 'a'],
    ['data:  a', ' a'], // only ONE space is stripped
    ['data:\ta', '\ta'], // only a space, not other whitespace
    ['data: a ', 'a '],
    ['data: a: b', 'a: b'], // only the first colon separates
    ['data:', ''],
    ['data: ', ''],
    ['data', ''], // no colon: the whole line is the name, the value is empty
  ])('%j -> data %j', (line, data) => {
    expect(datas(parseSse(`${line}\n\n`))).toEqual([data])
  })

  it('parseLine classifies lines', () => {
    expect(parseLine('')).toEqual({ kind: 'blank' })
    expect(parseLine(': x')).toEqual({ kind: 'comment', text: ' x' })
    expect(parseLine('event:  y')).toEqual({ kind: 'field', name: 'event', value: ' y' })
    expect(parseLine('id')).toEqual({ kind: 'field', name: 'id', value: '' })
  })

  it('field names are case-sensitive: `Data` is an unknown field', () => {
    const result = parseSse('Data: x\n\n')
    expect(result.events).toEqual([])
    expect(result.notes.unknownFields).toEqual(['Data'])
    expect(result.discarded).toHaveLength(1)
  })
})

describe('comments', () => {
  it('are ignored for dispatch but kept, with times and offsets', () => {
    const result = parseSse([
      { t: 5, text: ': keep-alive\n\n' },
      { t: 7, text: 'data: a\n:ping\n' },
      { t: 8, text: ':\ndata: b\n\n' },
    ])
    expect(semantics(result.events)).toEqual([{ event: 'message', data: 'a\nb', id: '' }])
    expect(result.comments).toEqual([
      { text: ' keep-alive', t: 5, offset: 0 },
      { text: 'ping', t: 7, offset: 22 },
      { text: '', t: 8, offset: 28 },
    ])
    expect(result.discarded).toEqual([]) // a block of comments only is not a discarded event
    // Comments inside a block are part of its raw text.
    expect(result.events[0]).toMatchObject({ offset: 14, raw: 'data: a\n:ping\n:\ndata: b\n\n', t: 8 })
  })
})

describe('dispatch', () => {
  it('data lines accumulate, joined with LF, and a blank line dispatches', () => {
    expect(datas(parseSse('data: a\ndata:\ndata: b\n\ndata: c\ndata:\n\n'))).toEqual(['a\n\nb', 'c\n'])
  })

  it('a blank line with an empty data buffer dispatches nothing and resets the event type', () => {
    const result = parseSse('event: foo\n\ndata: x\n\n')
    expect(semantics(result.events)).toEqual([{ event: 'message', data: 'x', id: '' }])
    expect(result.discarded).toEqual([{ raw: 'event: foo\n\n', offset: 0, t: null }])
  })

  it('extra blank lines dispatch nothing', () => {
    const result = parseSse('\n\ndata: a\n\n\n\ndata: b\n\n\n')
    expect(datas(result)).toEqual(['a', 'b'])
    expect(result.discarded).toEqual([])
    expect(result.trailing).toBe('')
  })

  it('an empty data line is still data: the event is dispatched with data ""', () => {
    expect(semantics(parseSse('data\n\n').events)).toEqual([{ event: 'message', data: '', id: '' }])
  })

  it('numbers events in dispatch order', () => {
    expect(parseSse('data: a\n\n: c\n\ndata: b\n\n').events.map((e) => e.index)).toEqual([0, 1])
  })
})

describe('event, id, retry and unknown fields', () => {
  it('event sets the type for its block only; empty means message', () => {
    const result = parseSse('event: delta\ndata: a\n\ndata: b\n\nevent:\ndata: c\n\nevent: x\nevent: y\ndata: d\n\n')
    expect(result.events.map((e) => e.event)).toEqual(['delta', 'message', 'message', 'y'])
  })

  it('id sets the last event ID, which persists across events; an empty id clears it', () => {
    const result = parseSse('id: 1\ndata: a\n\ndata: b\n\nid: 2\n\ndata: c\n\nid\ndata: d\n\n')
    expect(result.events.map((e) => e.id)).toEqual(['1', '1', '2', ''])
  })

  it('id containing NULL is ignored (and noted)', () => {
    const result = parseSse('id: 7\n\nid: 8\0\ndata: a\n\n')
    expect(result.events.map((e) => e.id)).toEqual(['7'])
    expect(result.notes.ignoredFields).toEqual([{ line: 'id: 8\0', offset: 7, reason: 'id-contains-null' }])
  })

  it('retry is taken only when all ASCII digits', () => {
    const result = parseSse(
      'retry: 3000\ndata: a\n\nretry: 1.5\ndata: b\n\nretry: -1\nretry: 10 \nretry:\nretry: ١٢\ndata: c\n\nretry: 1\nretry: 0\ndata: d\n\n',
    )
    expect(result.events.map((e) => e.retry)).toEqual([3000, undefined, undefined, 0])
    expect(result.notes.ignoredFields.map((f) => [f.line, f.reason])).toEqual([
      ['retry: 1.5', 'retry-not-digits'],
      ['retry: -1', 'retry-not-digits'],
      ['retry: 10 ', 'retry-not-digits'],
      ['retry:', 'retry-not-digits'],
      ['retry: ١٢', 'retry-not-digits'],
    ])
  })

  it('a retry-only block dispatches nothing (kept as discarded)', () => {
    const result = parseSse('retry: 3000\n\ndata: a\n\n')
    expect(result.events.map((e) => e.retry)).toEqual([undefined])
    expect(result.discarded.map((b) => b.raw)).toEqual(['retry: 3000\n\n'])
  })

  it('unknown fields are ignored but noted once each, in order', () => {
    const result = parseSse('foo: 1\ndata: a\nbar\nfoo: 2\n\n')
    expect(semantics(result.events)).toEqual([{ event: 'message', data: 'a', id: '' }])
    expect(result.notes.unknownFields).toEqual(['foo', 'bar'])
  })
})

describe('end of stream', () => {
  it('an event without its blank line is not dispatched, but kept in trailing', () => {
    const result = parseSse('data: a\n\ndata: b\nid: 3\n')
    expect(datas(result)).toEqual(['a'])
    expect(result.trailing).toBe('data: b\nid: 3\n')
    expect(result.trailingData).toBe('b')
  })

  it('an unterminated last line is not a line: kept in trailing, its data counted as lost', () => {
    const result = parseSse('data: a\n\ndata: [DONE]')
    expect(datas(result)).toEqual(['a'])
    expect(result.trailing).toBe('data: [DONE]')
    expect(result.trailingData).toBe('[DONE]')
  })

  it('an unterminated comment is not a comment', () => {
    const result = parseSse('data: a\n\n: bye')
    expect(result.comments).toEqual([])
    expect(result.trailing).toBe(': bye')
    expect(result.trailingData).toBeNull()
  })

  it('trailing without data: trailingData is null', () => {
    const result = parseSse('data: a\n\n: ping\nevent: x\n')
    expect(result.trailing).toBe(': ping\nevent: x\n')
    expect(result.trailingData).toBeNull()
  })

  it('a stream ending on a blank line leaves nothing trailing', () => {
    const result = parseSse('data: a\n\n')
    expect(result.trailing).toBe('')
    expect(result.trailingData).toBeNull()
  })

  it('an empty stream', () => {
    expect(parseSse('')).toEqual({
      events: [],
      comments: [],
      notes: { bom: false, lineEndings: [], unknownFields: [], ignoredFields: [] },
      discarded: [],
      trailing: '',
      trailingData: null,
      invalidUtf8: false,
    })
    expect(parseSse([]).events).toEqual([])
  })
})

describe('chunks split anywhere', () => {
  it('in the middle of a field name or value', () => {
    expect(semantics(parseSse(texts('da', 'ta: x', 'y\nev', 'ent: e\n', '\n')).events)).toEqual([
      { event: 'e', data: 'xy', id: '' },
    ])
  })

  it('inside a multi-byte UTF-8 character given as bytes', () => {
    const bytes = utf8('data: é👋\n\n')
    // é is 2 bytes at 6..7; 👋 is 4 bytes at 8..11.
    for (const cuts of [[7], [9], [10], [11], [7, 9, 10, 11]]) {
      const result = parseSse(cutBytes(bytes, cuts))
      expect(datas(result)).toEqual(['é👋'])
      expect(result.invalidUtf8).toBe(false)
    }
  })

  it('invalid UTF-8 is decoded to U+FFFD and flagged', () => {
    const bytes = new Uint8Array([...utf8('data: a'), 0xff, ...utf8('b\n\n')])
    const result = parseSse([{ t: null, bytes }])
    expect(datas(result)).toEqual(['a\uFFFDb'])
    expect(result.invalidUtf8).toBe(true)
  })

  it('a character cut off by the end of the stream is invalid UTF-8', () => {
    const result = parseSse([
      { t: null, bytes: utf8('data: a\n\n') },
      { t: null, bytes: new Uint8Array([0xf0, 0x9f]) },
    ])
    expect(datas(result)).toEqual(['a'])
    expect(result.invalidUtf8).toBe(true)
    expect(result.trailing).toBe('\uFFFD')
  })

  it('a character cut off by a following text chunk is invalid UTF-8', () => {
    const result = parseSse([
      { t: null, bytes: new Uint8Array([...utf8('data: a'), 0xc3]) },
      { t: null, text: '\n\n' },
    ])
    expect(datas(result)).toEqual(['a\uFFFD'])
    expect(result.invalidUtf8).toBe(true)
  })

  it('an encoded U+FFFD in the input is valid UTF-8', () => {
    const result = parseSse([{ t: null, bytes: utf8('data: \uFFFD\n\n') }])
    expect(datas(result)).toEqual(['\uFFFD'])
    expect(result.invalidUtf8).toBe(false)
  })

  it('rejects a chunk with both text and bytes', () => {
    expect(() => parseSse([{ t: null, text: 'x', bytes: utf8('x') }])).toThrow(TypeError)
  })
})

describe('arrival times and evidence', () => {
  it("an event's t is the t of the chunk that delivered its blank line", () => {
    const result = parseSse([
      { t: 10, text: 'data: a\n' },
      { t: 20, text: '\ndata: b\n' },
      { t: 30, text: 'data: c' },
      { t: 40, text: '\n\n' },
    ])
    expect(result.events.map((e) => [e.data, e.t])).toEqual([
      ['a', 20],
      ['b\nc', 40],
    ])
  })

  it('offset and raw locate each event in the decoded text', () => {
    const body = '\uFEFF: hi\r\ndata: a\r\n\r\n\n\nevent: e\rdata: b\r\rid: 1\ndata: c\n\n'
    const result = parseSse(body)
    expect(result.events.map((e) => [e.offset, e.raw])).toEqual([
      [1, ': hi\r\ndata: a\r\n\r\n'],
      [20, 'event: e\rdata: b\r\r'],
      [38, 'id: 1\ndata: c\n\n'],
    ])
    for (const e of result.events) expect(body.slice(e.offset, e.offset + e.raw.length)).toBe(e.raw)
    for (const c of result.comments) expect(body.slice(c.offset + 1, c.offset + 1 + c.text.length)).toBe(c.text)
  })
})

describe('incremental reader', () => {
  it('push returns the events each chunk completed', () => {
    const reader = new SseReader()
    expect(reader.push({ t: 1, text: 'data: a\n' })).toEqual([])
    expect(reader.push({ t: 2, text: '\ndata: b\n\nda' }).map((e) => e.data)).toEqual(['a', 'b'])
    // A chunk-final CR: the event is handed on with the next push, timed by the CR's chunk.
    expect(reader.push({ t: 3, text: 'ta: c\r\r' })).toEqual([])
    expect(reader.push({ t: 4, text: '\n' }).map((e) => [e.data, e.t])).toEqual([['c', 3]])
    expect(reader.events).toHaveLength(3)
    const result = reader.finish()
    expect(reader.finish()).toBe(result)
    expect(() => reader.push({ t: 5, text: '' })).toThrow()
  })

  it('finish hands on an event held by a final CR', () => {
    const reader = new SseReader()
    reader.push({ t: 1, text: 'data: a\r\r' })
    expect(datas(reader.finish())).toEqual(['a'])
  })
})

describe('helpers', () => {
  it('isDone and dataEvents', () => {
    const result = parseSse('data: {"a":1}\n\ndata: [DONE]\n\ndata: [DONE] \n\n')
    expect(result.events.map(isDone)).toEqual([false, true, false])
    expect(dataEvents(result).map((e) => e.data)).toEqual(['{"a":1}', '[DONE] '])
  })
})

/** A realistic OpenAI chat completion stream, with the given framing. */
function chatStream(options: { eol: string; sep: string; keepAlive: boolean }): string {
  const { eol, sep, keepAlive } = options
  const chunk = (delta: object, finish: string | null = null) =>
    JSON.stringify({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1700000000,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    })
  const payloads = [
    chunk({ role: 'assistant', content: '', refusal: null }),
    ...['h', 'éllo', ' 👋', ' ünï', 'cödé'].map((content) => chunk({ content })),
    chunk({}, 'stop'),
    '[DONE]',
  ]
  return payloads
    .map((data, i) => `${keepAlive && i % 3 === 0 ? `: keep-alive${eol}${eol}` : ''}data:${sep}${data}${eol}${eol}`)
    .join('')
}

describe('benign stream', () => {
  const plain = parseSse(chatStream({ eol: '\n', sep: ' ', keepAlive: false }))

  it('the plain LF version parses as expected', () => {
    expect(plain.events).toHaveLength(8)
    expect(plain.events.at(-1)?.data).toBe('[DONE]')
    const content = dataEvents(plain)
      .map((e) => JSON.parse(e.data).choices[0].delta.content ?? '')
      .join('')
    expect(content).toBe('héllo 👋 ünïcödé')
  })

  it('CRLF, no space after `data:`, keep-alive comments, split at every byte: the same events', () => {
    const bytes = utf8(chatStream({ eol: '\r\n', sep: '', keepAlive: true }))
    const result = parseSse(
      cutBytes(
        bytes,
        Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
      ),
    )
    expect(semantics(result.events)).toEqual(semantics(plain.events))
    expect(result.comments.map((c) => c.text)).toEqual([' keep-alive', ' keep-alive', ' keep-alive'])
    expect(result.notes).toEqual({ bom: false, lineEndings: ['crlf'], unknownFields: [], ignoredFields: [] })
    expect(result.discarded).toEqual([])
    expect(result.trailing).toBe('')
    expect(result.invalidUtf8).toBe(false)
  })
})

describe('split invariance (property)', () => {
  // Every rule at once: BOM, all line endings, multi-byte characters, comments, fields,
  // a discarded block, an ignored retry and a trailing incomplete event.
  const stream = utf8(
    '\uFEFF: héllo\r\ndata: {"c":"👋"}\r\n\r\nevent: e\rid: 1\rdata:ünï\rdata\r\r' +
      'retry: 10\nretry: x\nfoo: bar\n\nevent: skip\r\n\r\ndata: ü\r\ndata: [DONE]\n\ndata: cödé',
  )
  const whole = parseSse([{ t: null, bytes: stream }])

  it('the whole stream parses as expected', () => {
    expect(datas(whole)).toEqual(['{"c":"👋"}', 'ünï\n', 'ü\n[DONE]'])
    expect(whole.discarded).toHaveLength(2)
    expect(whole.trailingData).toBe('cödé')
    expect(whole.notes.lineEndings).toEqual(['crlf', 'cr', 'lf'])
  })

  it('every 2-way split of the bytes gives the identical result', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(parseSse(cutBytes(stream, [cut])), `cut at ${cut}`).toEqual(whole)
    }
  })

  it('random n-way splits of the bytes give the identical result', () => {
    const random = prng(42)
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(random() * 12)
      const cuts = Array.from({ length: n }, () => Math.floor(random() * (stream.length + 1))).sort((a, b) => a - b)
      expect(parseSse(cutBytes(stream, cuts)), `cuts ${cuts.join(',')}`).toEqual(whole)
    }
  })

  it('text chunks split at every position give the identical result', () => {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(stream)
    for (let cut = 0; cut <= text.length; cut++) {
      expect(parseSse(texts(text.slice(0, cut), text.slice(cut))), `cut at ${cut}`).toEqual(whole)
    }
  })
})

const REAL_TRAFFIC = fileURLToPath(new URL('../../../shared/real-traffic/', import.meta.url))

interface Recording {
  response: { headers: Record<string, string>; body_text: string | null }
}

function realStreams(): Array<[string, string]> {
  if (!existsSync(REAL_TRAFFIC)) return []
  return readdirSync(REAL_TRAFFIC)
    .filter((name) => name.endsWith('.json'))
    .map((name): [string, Recording] => [name, JSON.parse(readFileSync(REAL_TRAFFIC + name, 'utf8'))])
    .filter(
      ([, rec]) =>
        (rec.response.headers['content-type'] ?? '').startsWith('text/event-stream') && rec.response.body_text,
    )
    .map(([name, rec]) => [name, rec.response.body_text as string])
}

describe.skipIf(!existsSync(REAL_TRAFFIC))('real OpenAI traffic', () => {
  const streams = realStreams()

  it('has SSE recordings', () => {
    expect(streams.length).toBeGreaterThan(0)
  })

  it.each(streams)('%s: JSON events, then [DONE] last, nothing lost', (_name, body) => {
    const result = parseSse(body)
    expect(result.events.length).toBeGreaterThan(1)
    for (const event of result.events) {
      if (!isDone(event)) expect(() => JSON.parse(event.data), `event ${event.index}`).not.toThrow()
    }
    expect(result.events.at(-1)?.data).toBe('[DONE]')
    expect(result.events.filter(isDone)).toHaveLength(1)
    expect(result.trailing).toBe('')
    expect(result.discarded).toEqual([])
    expect(result.notes.unknownFields).toEqual([])

    // Chunked at random as bytes, the same result.
    const bytes = utf8(body)
    const random = prng(bytes.length)
    const cuts = Array.from({ length: 20 }, () => Math.floor(random() * bytes.length)).sort((a, b) => a - b)
    expect(parseSse(cutBytes(bytes, cuts))).toEqual(result)
  })
})
