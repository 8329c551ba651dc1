/**
 * The streaming checks on hand-made exchanges: a well-formed stream passes everything, a
 * benign one (CRLF, no space after `data:`, comments, events split anywhere) too, and
 * each deviation fails the check that owns it.
 */
import { describe, expect, it } from 'vitest'
import { checkUseId } from '../../src/engine/evaluate.ts'
import { STREAM_COMPLETION } from '../../src/apis/chat/check-sets.ts'
import {
  bytePieces,
  chunk,
  choice,
  DONE,
  jsonExchange,
  judge,
  messages,
  pieces,
  sse,
  STREAM_REQUEST,
  streamExchange,
  textChunks,
  verdict,
} from './stream-fixtures.ts'

const COUNT = Array.from({ length: 30 }, (_, i) => (i === 0 ? '1' : ` ${i + 1}`))
const WIRE_CHECKS = [
  ...STREAM_COMPLETION.checks.map(checkUseId).filter((id) => id !== 'sdk.call.succeeds'),
  'stream.content.multiple-chunks',
  'stream.usage.absent-without-option',
]

function expectAllPass(exchange: ReturnType<typeof streamExchange>, checks: readonly string[] = WIRE_CHECKS) {
  const failing = checks
    .map((id) => [id, judge(id, exchange)] as const)
    .filter(([, result]) => verdict(result) !== 'pass')
  expect(failing.map(([id, result]) => `${id}: ${messages(result).join('; ')}`)).toEqual([])
}

describe('a well-formed stream', () => {
  it('passes every wire check', () => {
    expectAllPass(streamExchange(sse(textChunks(COUNT))))
  })

  it('passes with the real recording shape: usage: null keys, obfuscation, service_tier', () => {
    const chunks = textChunks(COUNT, { includeUsage: true }).map((c) => ({
      ...c,
      service_tier: 'default',
      obfuscation: 'Wcw',
    }))
    const exchange = streamExchange(sse(chunks), {
      request: { ...STREAM_REQUEST, stream_options: { include_usage: true } },
    })
    for (const id of WIRE_CHECKS.filter((id) => id !== 'stream.usage.absent-without-option'))
      expect(messages(judge(id, exchange)), id).toEqual([])
  })

  it('passes finish.expected with the finish reason it got', () => {
    expect(
      verdict(
        judge('stream.finish.expected', streamExchange(sse(textChunks(COUNT))), { params: { finishReason: 'stop' } }),
      ),
    ).toBe('pass')
  })
})

describe('a benign stream: everything the SSE rules allow', () => {
  const tokens = ['Caf', 'é ', 'au ', 'lait ', '😀', ' is ', 'ready', ', with ', 'a ', 'croissant ', 'too.']
  const frames = textChunks(tokens).map((c) => `data:${JSON.stringify(c)}\r\n\r\n`)
  const body = `: keep-alive\r\n\r\n${frames.slice(0, 3).join('')}: ping\r\n${frames.slice(3).join('')}event: message\r\ndata:[DONE]\r\n\r\n`

  it.each([
    ['split every 7 characters', pieces(body, 7)],
    ['split every 3 bytes, through multi-byte characters', bytePieces(body, 3)],
    ['split after every CR (CRLF across pieces)', body.split(/(?<=\r)/).map((text, i) => ({ t: i, text }))],
  ])('%s: no findings', (_name, chunks) => {
    expectAllPass(streamExchange(chunks))
  })

  it('as one piece: no findings by the SSE rules; only the delivery (all at once) is reported, as buffering', () => {
    const exchange = streamExchange([{ t: 1, text: body }])
    expectAllPass(
      exchange,
      WIRE_CHECKS.filter((id) => id !== 'stream.content.multiple-chunks'),
    )
    expect(messages(judge('stream.content.multiple-chunks', exchange))[0]).toMatch(
      /arrived all at once: its 11 content chunks came in one read of the body at 1 ms/,
    )
  })

  it('assembles the content across the splits', () => {
    const exchange = streamExchange(bytePieces(body, 2), { request: { ...STREAM_REQUEST, logprobs: false } })
    expect(verdict(judge('stream.content.multiple-chunks', exchange))).toBe('pass')
  })
})

describe('HTTP', () => {
  it('fails a stream labelled text/plain', () => {
    const exchange = streamExchange(sse(textChunks(COUNT)), { contentType: 'text/plain; charset=utf-8' })
    expect(messages(judge('stream.http.content-type', exchange))).toEqual([
      'expected content-type text/event-stream, got text/plain',
    ])
  })

  it('fails a stream: true request answered with a plain JSON completion, twice, and never passes it as an empty stream', () => {
    const completion = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1770674959,
      model: 'm',
      choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
    }
    const exchange = jsonExchange(completion)
    expect(verdict(judge('stream.http.content-type', exchange))).toBe('deviation')
    expect(messages(judge('stream.http.not-json', exchange))[0]).toMatch(
      /plain JSON body \(object "chat.completion"\): it ignored stream/,
    )
    for (const id of WIRE_CHECKS.filter(
      (id) => !['http.status.success', 'stream.http.content-type', 'stream.http.not-json'].includes(id),
    )) {
      expect(messages(judge(id, exchange)), id).toEqual([
        'skip: the body is plain JSON, not an event stream; see stream.http.not-json',
      ])
    }
  })

  it('reads JSON nested too deep to parse as JSON (refused, with the reason), never as a stream', () => {
    const bomb = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    const exchange = { ...jsonExchange(null), response: { ...jsonExchange(null).response!, bodyText: bomb } }
    expect(messages(judge('stream.http.not-json', exchange))).toEqual([
      'the endpoint answered stream: true with a plain JSON body (the body is JSON this tool refused to parse: it nests 100000 levels deep, more than the 256 this tool parses (RFC 8259 §9 lets a parser limit it)): it ignored stream',
    ])
    expect(messages(judge('stream.done.terminates', exchange))).toEqual([
      'skip: the body is plain JSON, not an event stream; see stream.http.not-json',
    ])
  })

  it('reads an event stream whose events leave brackets open as a stream, not as JSON too deep to parse', () => {
    const exchange = streamExchange(`${'data: [\n\n'.repeat(300)}${DONE}`)
    expect(verdict(judge('stream.http.not-json', exchange))).toBe('pass')
    expect(messages(judge('stream.payload.json', exchange))[0]).toMatch(/^the payload is not JSON/)
  })

  it('reports a payload nested too deep as JSON it refused to parse, not as "not JSON"', () => {
    const deep = `${'['.repeat(1_000)}${']'.repeat(1_000)}`
    const exchange = streamExchange(sse([...textChunks(['hi']).slice(0, 2), deep, ...textChunks(['hi']).slice(2)]))
    expect(messages(judge('stream.payload.json', exchange))).toEqual([
      'the payload is JSON this tool refused to parse (it nests 1000 levels deep, more than the 256 this tool parses (RFC 8259 §9 lets a parser limit it))',
    ])
  })

  it('skips body checks on an error status', () => {
    const exchange = jsonExchange(
      { error: { message: 'no', type: 'invalid_request_error', param: null, code: null } },
      { status: 400 },
    )
    expect(verdict(judge('stream.chunk.schema', exchange))).toBe('skip')
    expect(verdict(judge('stream.http.content-type', exchange))).toBe('skip')
  })
})

describe('framing', () => {
  const chunks = textChunks(COUNT)

  it('fails a payload that is not a JSON object', () => {
    const exchange = streamExchange(sse([...chunks.slice(0, 2), '{"id": truncated', ...chunks.slice(2)]))
    expect(messages(judge('stream.payload.json', exchange))[0]).toMatch(/^the payload is not JSON/)
    const array = streamExchange(sse([...chunks, '[1,2]']))
    expect(messages(judge('stream.payload.json', array))).toEqual(['the payload is JSON but not an object (an array)'])
  })

  it('fails a foreign object in the chunk stream', () => {
    const exchange = streamExchange(sse([...chunks, { choices: [], cost: '0' }]))
    expect(messages(judge('stream.payload.foreign', exchange))).toEqual([
      'a payload that is not a chat.completion.chunk (keys: choices, cost)',
    ])
    // …and the chunk checks do not report it again.
    expect(verdict(judge('stream.chunk.schema', exchange))).toBe('pass')
  })

  it("fails an in-band error, even one shaped like a chunk (OpenRouter's mid-stream errors)", () => {
    const error = { ...chunks[0], choices: [], error: { code: 502, message: 'Provider disconnected unexpectedly' } }
    const exchange = streamExchange(sse([...chunks.slice(0, 3), error]))
    expect(messages(judge('stream.payload.foreign', exchange))).toEqual([
      'an in-band error: {"code":502,"message":"Provider disconnected unexpectedly"}; the stream failed after it started',
    ])
    expect(verdict(judge('stream.chunk.schema', exchange))).toBe('pass')
  })

  it('fails an `event: error` event, whatever its payload', () => {
    const body = `${sse(chunks.slice(0, 3), { done: false })}event: error\ndata: ${JSON.stringify(chunks[3])}\n\n${DONE}`
    expect(messages(judge('stream.payload.foreign', streamExchange(body)))[0]).toMatch(
      /^an in-band error \(event: error\): \{"id"/,
    )
  })

  it('passes chunks that carry `error: null`', () => {
    expect(
      verdict(judge('stream.payload.foreign', streamExchange(sse(chunks.map((c) => ({ ...c, error: null })))))),
    ).toBe('pass')
  })

  it('fails a stream without [DONE]', () => {
    expect(messages(judge('stream.done.terminates', streamExchange(sse(chunks, { done: false }))))).toEqual([
      `no data: [DONE] event in ${chunks.length} events`,
    ])
  })

  it('fails a [DONE] without its blank line (a spec-following reader never dispatches it)', () => {
    const exchange = streamExchange(`${sse(chunks, { done: false })}data: [DONE]`)
    expect(messages(judge('stream.done.terminates', exchange))[0]).toMatch(/without the blank line/)
  })

  it('fails a stream that ends mid-event', () => {
    const exchange = streamExchange(sse(chunks, { done: false }).slice(0, -2))
    expect(messages(judge('stream.done.terminates', exchange))[0]).toMatch(/ended mid-event/)
  })

  it('fails anything after [DONE], and skips when there is no [DONE]', () => {
    const exchange = streamExchange(sse(chunks) + sse([chunks.at(-1)], { done: false }))
    expect(messages(judge('stream.done.nothing-after', exchange))[0]).toMatch(/^an event after \[DONE\]/)
    expect(messages(judge('stream.done.nothing-after', streamExchange(sse(chunks) + DONE)))[0]).toMatch(
      /an event after \[DONE\]: "\[DONE\]"/,
    )
    expect(verdict(judge('stream.done.nothing-after', streamExchange(sse(chunks, { done: false }))))).toBe('skip')
  })
})

describe('the chunk envelope', () => {
  const chunks = textChunks(COUNT)
  const edit = (position: number, change: Record<string, unknown>) =>
    chunks.map((c, i) => (i === position ? { ...c, ...change } : c))

  it.each([
    [
      'stream.chunk.schema',
      edit(3, { choices: [{ index: 0, finish_reason: null }] }),
      /must have required property 'delta'/,
    ],
    [
      'stream.chunk.nulls-explicit',
      edit(3, { choices: [{ index: 0, delta: { content: 'x' } }] }),
      /^\/choices\/\*\/finish_reason is absent: the schema requires it and allows null, so send null explicitly$/,
    ],
    [
      'stream.chunk.object',
      chunks.map((c) => ({ ...c, object: 'chat.completion' })),
      /object is "chat.completion", expected "chat.completion.chunk"/,
    ],
    [
      'stream.chunk.id',
      chunks.map((c, i) => ({ ...c, id: `chatcmpl-${i}` })),
      /id is "chatcmpl-1", but sse event 0 has "chatcmpl-0"/,
    ],
    ['stream.chunk.id', edit(5, { id: '' }), /id is "", expected a non-empty string/],
    ['stream.chunk.created', edit(4, { created: 1770674960 }), /created is 1770674960, but sse event 0 has 1770674959/],
    ['stream.chunk.created', chunks.map((c) => ({ ...c, created: 1770674959000 })), /that is milliseconds/],
    ['stream.chunk.model', edit(2, { model: '' }), /model is "", expected a non-empty string/],
    [
      'stream.chunk.model-consistent',
      edit(6, { model: 'gpt-4o-mini' }),
      /model is "gpt-4o-mini", but sse event 0 has "gpt-4o-2024-08-06"/,
    ],
  ])('%s fails: %s', (id, edited, message) => {
    const result = judge(id, streamExchange(sse(edited)))
    expect(verdict(result)).toBe('deviation')
    expect(messages(result)[0]).toMatch(message)
  })

  it('reports one bad chunk once, even when it comes first', () => {
    expect(messages(judge('stream.chunk.id', streamExchange(sse(edit(0, { id: '' })))))).toEqual([
      'id is "", expected a non-empty string',
    ])
  })

  it('locates findings by SSE event and pointer', () => {
    const [first] = judge('stream.chunk.object', streamExchange(`: hello\n\n${sse(edit(2, { object: 'x' }))}`)) as {
      at?: string
    }[]
    expect(first!.at).toBe('sse event 2 /object')
  })

  it('caps a deviation on every chunk', () => {
    const result = judge('stream.chunk.object', streamExchange(sse(chunks.map((c) => ({ ...c, object: 'x' })))))
    expect(messages(result)).toHaveLength(13)
    expect(messages(result).at(-1)).toBe(`… and ${chunks.length - 12} more like these`)
  })
})

describe('chunks that only look odd', () => {
  it('a multi-line data payload is one JSON object', () => {
    const chunks = textChunks(COUNT)
    const body =
      chunks.map((c) => `data: ${JSON.stringify(c, null, 1).split('\n').join('\ndata: ')}\n\n`).join('') + DONE
    expectAllPass(streamExchange(body))
  })

  it('n=1 with the role chunk carrying no content key', () => {
    const chunks = textChunks(COUNT)
    chunks[0] = chunk([choice(0, { role: 'assistant' })])
    expectAllPass(streamExchange(sse(chunks)))
  })
})
