/** Per-choice streaming checks: role, finish, content split, n, logprobs, equivalence, errors, timing. */
import { describe, expect, it } from 'vitest'
import { streamTiming } from '../../src/apis/chat/stream/timing.ts'
import {
  chunk,
  choice,
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

type Json = Record<string, unknown>
const TOKENS = ['The', ' lighthouse', ' keeper', ' watched', ' the', ' storm', ' roll', ' in.']
const N2 = { ...STREAM_REQUEST, n: 2 }

/** The chunks with `edit` applied to each choice object. */
function eachChoice(chunks: Json[], edit: (choice: Json, position: number) => Json | null): Json[] {
  return chunks.map((c, position) => ({
    ...c,
    choices: (c.choices as Json[]).map((ch) => edit({ ...ch }, position)).filter((ch) => ch !== null),
  }))
}

describe('role', () => {
  it('fails when the first delta has no role, and says where it arrives', () => {
    const chunks = textChunks(TOKENS)
    chunks[0] = chunk([choice(0, { content: '' })])
    chunks[2] = chunk([choice(0, { role: 'assistant', content: ' keeper' })])
    expect(messages(judge('stream.choice.role-first', streamExchange(sse(chunks))))).toEqual([
      'choice 0\'s first delta has role undefined, expected "assistant"; a role first arrives at sse event 2',
    ])
  })

  it('fails when no delta has a role', () => {
    const chunks = eachChoice(textChunks(TOKENS), (ch) => ({
      ...ch,
      delta: { ...(ch.delta as Json), role: undefined },
    }))
    expect(messages(judge('stream.choice.role-first', streamExchange(sse(chunks))))[0]).toMatch(
      /no delta of this choice carries a role/,
    )
  })

  it('warns when the role is repeated', () => {
    const chunks = eachChoice(textChunks(TOKENS), (ch) => ({
      ...ch,
      delta: { role: 'assistant', ...(ch.delta as Json) },
    }))
    const result = judge('stream.choice.role-once', streamExchange(sse(chunks)))
    expect(messages(result)).toHaveLength(TOKENS.length + 1)
    expect(messages(result)[0]).toBe('choice 0 repeats role "assistant"')
  })
})

describe('finish_reason', () => {
  const chunks = textChunks(TOKENS)

  it('a missing finish_reason key before the end: recommended once, never a schema failure', () => {
    const edited = eachChoice(chunks, ({ finish_reason, ...rest }) =>
      finish_reason === null ? rest : { ...rest, finish_reason },
    )
    const exchange = streamExchange(sse(edited))
    expect(messages(judge('stream.chunk.nulls-explicit', exchange))).toEqual([
      `/choices/*/finish_reason is absent: the schema requires it and allows null, so send null explicitly (and in ${TOKENS.length} more places)`,
    ])
    expect(messages(judge('stream.chunk.schema', exchange))).toEqual([])
  })

  it('fails a choice that never finishes, and one that finishes twice', () => {
    expect(messages(judge('stream.finish.once', streamExchange(sse(chunks.slice(0, -1)))))).toEqual([
      'choice 0 never finished: no chunk carries a finish_reason for it',
    ])
    expect(messages(judge('stream.finish.once', streamExchange(sse([...chunks, chunks.at(-1)]))))).toEqual([
      'choice 0 finished 2 times ("stop", "stop")',
    ])
  })

  it('fails a finish_reason outside the enum', () => {
    const edited = [...chunks.slice(0, -1), chunk([choice(0, {}, 'eos_token')])]
    expect(messages(judge('stream.finish.enum', streamExchange(sse(edited))))).toEqual([
      'choice 0: finish_reason is "eos_token", expected one of stop, length, tool_calls, content_filter, function_call',
    ])
  })

  it('fails a delta after the finish chunk, but leaves a second finish to finish.once', () => {
    const after = [...chunks, chunk([choice(0, { content: ' More.' })])]
    expect(messages(judge('stream.finish.no-delta-after', streamExchange(sse(after))))).toEqual([
      'choice 0 sends a delta after its finish chunk',
    ])
    expect(verdict(judge('stream.finish.no-delta-after', streamExchange(sse([...chunks, chunks.at(-1)]))))).toBe('pass')
  })

  it('compares with the expected finish reason, and skips when nothing finished', () => {
    const exchange = streamExchange(sse(chunks))
    expect(messages(judge('stream.finish.expected', exchange, { params: { finishReason: 'length' } }))).toEqual([
      'choice 0: finish_reason is "stop", expected "length"',
    ])
    expect(
      verdict(
        judge('stream.finish.expected', streamExchange(sse(chunks.slice(0, -1))), { params: { finishReason: 'stop' } }),
      ),
    ).toBe('skip')
  })
})

describe('content split', () => {
  it('warns when a long reply arrives in one chunk', () => {
    const oneChunk = textChunks([TOKENS.join('')])
    expect(messages(judge('stream.content.multiple-chunks', streamExchange(sse(oneChunk))))).toEqual([
      "choice 0's 48-character reply arrived in one chunk",
    ])
  })

  describe('delivery: content chunks that all arrive in one piece of the body', () => {
    const body = sse(textChunks(TOKENS))
    const judged = (chunks: { t: number; text: string }[]) =>
      messages(judge('stream.content.multiple-chunks', streamExchange(chunks)))

    it('passes one read per event, however close together', () => {
      expect(judged(body.split(/(?<=\n\n)/).map((text) => ({ t: 5, text })))).toEqual([])
    })

    it('passes reads that coalesce some events, when the content still spans several', () => {
      const events = body.split(/(?<=\n\n)/)
      const reads = [events.slice(0, 4).join(''), events.slice(4).join('')].map((text, i) => ({ t: 5 + i, text }))
      expect(judged(reads)).toEqual([])
    })

    it('warns when every event came in one read (one write at the end)', () => {
      expect(judged([{ t: 2400, text: body }])).toEqual([
        "choice 0's 48-character reply arrived all at once: its 8 content chunks came in one read of the body at 2400 ms (buffered by the server or a proxy)",
      ])
    })

    it('warns when the network cut that one write mid-line into several reads arriving together', () => {
      const reads = [body.slice(0, 700), body.slice(700, 1500), body.slice(1500)].map((text, i) => ({
        t: 2400 + i,
        text,
      }))
      expect(reads.slice(0, -1).every((read) => !/[\r\n]$/.test(read.text))).toBe(true)
      expect(judged(reads)[0]).toMatch(
        /arrived all at once: its 8 content chunks came in 3 reads cut mid-line, between 2400 and 2402 ms/,
      )
    })

    it('passes reads cut mid-line that are spread over the generation (a timed flush, not buffering)', () => {
      expect(judged(pieces(body, 50).map((read, i) => ({ ...read, t: 100 + 40 * i })))).toEqual([])
    })

    it('judges a recording without per-read times on the chunk count only', () => {
      const exchange = streamExchange(body)
      delete exchange.response!.chunks
      expect(messages(judge('stream.content.multiple-chunks', exchange))).toEqual([])
    })
  })

  it('skips a reply too short to judge', () => {
    expect(verdict(judge('stream.content.multiple-chunks', streamExchange(sse(textChunks(['OK'])))))).toBe('skip')
  })
})

describe('n choices', () => {
  it('passes two interleaved choices', () => {
    const exchange = streamExchange(sse(textChunks(TOKENS, { n: 2 })), { request: N2 })
    for (const id of [
      'stream.choices.count',
      'stream.choice.role-first',
      'stream.finish.once',
      'stream.finish.no-delta-after',
      'stream.content.multiple-chunks',
    ]) {
      expect(messages(judge(id, exchange)), id).toEqual([])
    }
  })

  it('fails when a choice never finishes', () => {
    const chunks = textChunks(TOKENS, { n: 2 }).filter(
      (c) => !(c.choices as Json[]).some((ch) => ch.index === 1 && ch.finish_reason !== null),
    )
    expect(messages(judge('stream.finish.once', streamExchange(sse(chunks), { request: N2 })))).toEqual([
      'choice 1 never finished: no chunk carries a finish_reason for it',
    ])
  })

  it('fails when n is ignored, or the stream carries no choice at all', () => {
    expect(messages(judge('stream.choices.count', streamExchange(sse(textChunks(TOKENS)), { request: N2 })))).toEqual([
      'the stream carried choices [0], the request asked for n=2',
    ])
    expect(messages(judge('stream.choices.count', streamExchange(sse([]))))).toEqual([
      'the stream carried no choices, the request asked for n=1',
    ])
  })
})

describe('logprobs', () => {
  const request = { ...STREAM_REQUEST, logprobs: true, top_logprobs: 1 }
  const entry = (token: string) => ({
    token,
    logprob: -0.25,
    bytes: [...new TextEncoder().encode(token)],
    top_logprobs: [{ token, logprob: -0.25, bytes: null }],
  })
  const withLogprobs = (logprobs: (token: string) => unknown) =>
    eachChoice(textChunks(TOKENS), (ch) => {
      const content = (ch.delta as Json).content
      return typeof content === 'string' && content !== '' ? { ...ch, logprobs: logprobs(content) } : ch
    })

  it('passes the chat shape', () => {
    expect(
      messages(
        judge(
          'stream.logprobs.shape',
          streamExchange(sse(withLogprobs((t) => ({ content: [entry(t)], refusal: null }))), { request }),
        ),
      ),
    ).toEqual([])
  })

  it('fails the legacy completions shape', () => {
    const legacy = withLogprobs((t) => ({
      tokens: [t],
      token_logprobs: [-0.25],
      top_logprobs: [{ [t]: -0.25 }],
      text_offset: [0],
    }))
    const result = judge('stream.logprobs.shape', streamExchange(sse(legacy), { request }))
    expect(messages(result)[0]).toMatch(/legacy completions shape/)
  })

  it('fails missing logprobs on a content delta, and an empty list', () => {
    expect(messages(judge('stream.logprobs.shape', streamExchange(sse(textChunks(TOKENS)), { request })))[0]).toMatch(
      /^logprobs is null/,
    )
    expect(
      messages(
        judge(
          'stream.logprobs.shape',
          streamExchange(sse(withLogprobs(() => ({ content: [], refusal: null }))), { request }),
        ),
      )[0],
    ).toBe('logprobs.content is empty although the delta carries content')
  })

  it('fails a content delta whose tokens are only in logprobs.refusal', () => {
    const misplaced = withLogprobs((t) => ({ content: null, refusal: [entry(t)] }))
    expect(messages(judge('stream.logprobs.shape', streamExchange(sse(misplaced), { request })))[0]).toBe(
      'logprobs.content is null although the delta carries content',
    )
  })

  it('skips when logprobs were not requested', () => {
    expect(verdict(judge('stream.logprobs.shape', streamExchange(sse(textChunks(TOKENS)))))).toBe('skip')
  })
})

describe('equivalence with the non-streamed twin', () => {
  const twin = (content: string) =>
    jsonExchange(
      {
        id: 'chatcmpl-2',
        object: 'chat.completion',
        created: 1770674959,
        model: 'm',
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      },
      { request: { model: 'm', messages: [] } },
    )
  const exchange = streamExchange(sse(textChunks(TOKENS)))

  it('passes equal content', () => {
    expect(
      messages(judge('stream.equivalence.content', exchange, { related: { twin: twin(TOKENS.join('')) } })),
    ).toEqual([])
  })

  it('warns with the place the texts part', () => {
    const result = judge('stream.equivalence.content', exchange, {
      related: { twin: twin('The lighthouse keeper slept through the storm.') },
    })
    expect(messages(result)).toEqual([
      'choice 0: the streamed content differs from the non-streamed one; first difference at character 22: "The lighthouse keeper watched the storm roll i…" vs "The lighthouse keeper slept through the storm."',
    ])
  })

  it('skips without a twin', () => {
    expect(verdict(judge('stream.equivalence.content', exchange))).toBe('skip')
  })
})

describe('invalid streamed requests', () => {
  it('passes an HTTP error', () => {
    expect(
      verdict(
        judge(
          'stream.errors.status',
          jsonExchange(
            { error: { message: 'x', type: 'invalid_request_error', param: null, code: 'model_not_found' } },
            { status: 404 },
          ),
        ),
      ),
    ).toBe('pass')
  })

  it('fails a 200 stream carrying the error', () => {
    const body =
      'event: error\ndata: {"error":{"message":"The model `x` does not exist","type":"invalid_request_error","param":null,"code":"model_not_found"}}\n\n'
    expect(messages(judge('stream.errors.status', streamExchange(body)))[0]).toMatch(
      /^the invalid streamed request was answered HTTP 200 with an event stream carrying the error \{"error"/,
    )
  })
})

describe('timing evidence', () => {
  it('counts events and times the first content', () => {
    const chunks = textChunks(TOKENS)
    const body = sse(chunks)
    const frames = body.split(/(?<=\n\n)/).map((text, i) => ({ t: 100 + i * 10, text }))
    expect(streamTiming(streamExchange(frames))).toEqual({ events: chunks.length + 1, firstContentMs: 110 })
  })

  it('is null for a JSON answer', () => {
    expect(streamTiming(jsonExchange({}))).toBeNull()
  })
})
