/** The usage chunk of `stream_options: {include_usage: true}`, and its absence without it. */
import { describe, expect, it } from 'vitest'
import { STREAM_USAGE } from '../../src/apis/chat/check-sets.ts'
import { checkUseId } from '../../src/engine/evaluate.ts'
import { chunk, judge, messages, sse, STREAM_REQUEST, streamExchange, textChunks, verdict } from './stream-fixtures.ts'

type Json = Record<string, unknown>
const TOKENS = ['one', ' two', ' three']
const WITH_USAGE = { ...STREAM_REQUEST, stream_options: { include_usage: true } }
const usageIds = STREAM_USAGE.checks.map(checkUseId)

function withUsage(chunks: Json[]) {
  return streamExchange(sse(chunks), { request: WITH_USAGE })
}

describe('with include_usage', () => {
  const chunks = textChunks(TOKENS, { includeUsage: true })

  it("passes OpenAI's shape", () => {
    for (const id of usageIds) expect(messages(judge(id, withUsage(chunks))), id).toEqual([])
  })

  it('passes n=2: the usage chunk after both finishes', () => {
    const exchange = streamExchange(sse(textChunks(TOKENS, { n: 2, includeUsage: true })), {
      request: { ...WITH_USAGE, n: 2 },
    })
    for (const id of usageIds) expect(messages(judge(id, exchange)), id).toEqual([])
  })

  it('fails a missing usage chunk; the checks on it then skip', () => {
    const exchange = withUsage(chunks.slice(0, -1))
    expect(messages(judge('stream.usage.single-chunk', exchange))).toEqual([
      'include_usage was set, but no chunk carries usage',
    ])
    for (const id of [
      'stream.usage.empty-choices',
      'stream.usage.position',
      'stream.usage.integers',
      'stream.usage.total',
    ]) {
      expect(verdict(judge(id, exchange)), id).toBe('skip')
    }
  })

  it('usage on every chunk (continuous usage) and still the choices: [] chunk last: no failure, a warning on each other one', () => {
    const every = chunks.map((c, i) =>
      i === chunks.length - 1 ? c : { ...c, usage: { prompt_tokens: 12, completion_tokens: i, total_tokens: 12 + i } },
    )
    for (const id of usageIds.filter((id) => id !== 'stream.usage.null-elsewhere'))
      expect(messages(judge(id, withUsage(every))), id).toEqual([])
    expect(messages(judge('stream.usage.null-elsewhere', withUsage(every)))).toHaveLength(every.length - 1)
  })

  it('usage on the finish chunk too, the choices: [] chunk last: only the null-elsewhere warning', () => {
    const usage = chunks.at(-1)!.usage
    const finishToo = chunks.map((c, i) => (i === chunks.length - 2 ? { ...c, usage } : c))
    for (const id of usageIds.filter((id) => id !== 'stream.usage.null-elsewhere'))
      expect(messages(judge(id, withUsage(finishToo))), id).toEqual([])
    expect(messages(judge('stream.usage.null-elsewhere', withUsage(finishToo)))).toEqual([
      expect.stringMatching(/^usage is \{"prompt_tokens".*expected null on a chunk before the usage chunk$/),
    ])
  })

  it('fails two choices: [] usage chunks', () => {
    const twice = [...chunks, chunks.at(-1)!]
    expect(messages(judge('stream.usage.single-chunk', withUsage(twice)))).toEqual([
      '2 chunks with choices: [] carry usage, expected one',
    ])
  })

  it('fails a usage chunk that still carries choices (usage merged into the finish chunk)', () => {
    const usage = chunks.at(-1)!.usage
    const merged = [...chunks.slice(0, -2), { ...chunks.at(-2)!, usage }]
    expect(messages(judge('stream.usage.empty-choices', withUsage(merged)))[0]).toMatch(
      /^the usage chunk's choices is \[\{"index":0/,
    )
    // One root cause: the other usage checks do not echo it.
    expect(messages(judge('stream.usage.position', withUsage(merged)))).toEqual([])
    expect(messages(judge('stream.usage.single-chunk', withUsage(merged)))).toEqual([
      'skip: usage comes only on chunks with choices; see stream.usage.empty-choices',
    ])
  })

  it('fails a usage chunk that is not last', () => {
    const early = [...chunks.slice(0, -2), chunks.at(-1)!, chunks.at(-2)!]
    expect(messages(judge('stream.usage.position', withUsage(early)))).toEqual([
      'the usage chunk is followed by 1 more chunk(s)',
      'choice 0 finishes after the usage chunk',
    ])
  })

  it('warns when other chunks omit usage instead of sending null', () => {
    const omitted = chunks.map((c, i) => (i === chunks.length - 1 ? c : (({ usage: _u, ...rest }) => rest)(c)))
    const result = judge('stream.usage.null-elsewhere', withUsage(omitted))
    expect(messages(result)).toHaveLength(chunks.length - 1)
    expect(messages(result)[0]).toBe('usage is missing, expected null on a chunk before the usage chunk')
  })

  it('fails totals that do not add up, and counts that are not integers', () => {
    const wrong = [
      ...chunks.slice(0, -1),
      chunk([], { usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 16 } }),
    ]
    expect(messages(judge('stream.usage.total', withUsage(wrong)))).toEqual([
      'usage.total_tokens is 16, but prompt_tokens + completion_tokens = 15',
    ])
    const fractional = [
      ...chunks.slice(0, -1),
      chunk([], { usage: { prompt_tokens: 12, completion_tokens: 2.5, total_tokens: 14.5 } }),
    ]
    expect(messages(judge('stream.usage.integers', withUsage(fractional)))).toEqual([
      'usage.completion_tokens is 2.5, expected a non-negative integer',
      'usage.total_tokens is 14.5, expected a non-negative integer',
    ])
  })

  it('skip when the request did not ask for usage', () => {
    for (const id of usageIds) expect(verdict(judge(id, streamExchange(sse(chunks)))), id).toBe('skip')
  })
})

describe('without include_usage', () => {
  it('passes a stream without usage, null usage keys included', () => {
    const nulls = textChunks(TOKENS).map((c) => ({ ...c, usage: null }))
    expect(messages(judge('stream.usage.absent-without-option', streamExchange(sse(nulls))))).toEqual([])
  })

  it('warns when usage is sent anyway', () => {
    const exchange = streamExchange(sse(textChunks(TOKENS, { includeUsage: true })))
    expect(messages(judge('stream.usage.absent-without-option', exchange))).toEqual([
      'a chunk carries usage although the request did not ask for it',
    ])
  })

  it('skips when the request asked for usage', () => {
    expect(
      verdict(judge('stream.usage.absent-without-option', withUsage(textChunks(TOKENS, { includeUsage: true })))),
    ).toBe('skip')
  })
})

describe('the recorded OpenAI shape', () => {
  it('passes a gpt-5 stream whose only content is the empty role delta', () => {
    const chunks = [
      chunk([{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, finish_reason: null }], {
        usage: null,
      }),
      chunk([{ index: 0, delta: {}, finish_reason: 'length' }], { usage: null }),
      chunk([], { usage: { prompt_tokens: 13, completion_tokens: 50, total_tokens: 63 } }),
    ]
    for (const id of usageIds) expect(messages(judge(id, withUsage(chunks))), id).toEqual([])
  })
})
