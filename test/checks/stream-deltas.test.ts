/** Deltas carry new text only: cumulative snapshots are caught, repeated tokens are not. */
import { describe, expect, it } from 'vitest'
import {
  chunk,
  choice,
  judge,
  messages,
  sse,
  STREAM_REQUEST,
  streamExchange,
  textChunks,
  toolCallChunks,
  verdict,
} from './stream-fixtures.ts'

const COUNT = Array.from({ length: 10 }, (_, i) => (i === 0 ? '1' : ` ${i + 1}`))

/** Each piece replaced by the text so far: "1", "1 2", "1 2 3" … */
function cumulative(pieces: string[]): string[] {
  return pieces.map((_, i) => pieces.slice(0, i + 1).join(''))
}

const incremental = (chunks: Record<string, unknown>[], request = STREAM_REQUEST) =>
  judge('stream.delta.incremental', streamExchange(sse(chunks), { request }))

describe('stream.delta.incremental', () => {
  it("passes token deltas, OpenAI's shape", () => {
    expect(messages(incremental(textChunks(COUNT)))).toEqual([])
    expect(messages(incremental(toolCallChunks(['{"', 'location', '":"', 'Paris', '"}'])))).toEqual([])
  })

  it('fails cumulative content (swuecho/chat#687), saying where and what clients assemble', () => {
    expect(messages(incremental(textChunks(cumulative(COUNT))))).toEqual([
      'choice 0 content: the deltas are cumulative (each restates the text so far): sse event 3 sends "1 2 3", which starts with all of "1 2" sent before it; a client appending deltas assembles "11 21 2 31 2 3 41 2 3 4 51 2 3 4 5 61 2 3 4 5 6 71 2 3 4 5 6 7 81 2 3 4 5 6 7 8…',
    ])
  })

  it('fails snapshots of words (Gemini-style cumulative chunks, freellmapi#1007)', () => {
    expect(verdict(incremental(textChunks(['Hello', 'Hello, how', 'Hello, how are', 'Hello, how are you?'])))).toBe(
      'deviation',
    )
  })

  it('fails cumulative tool-call arguments and refusals', () => {
    const args = incremental(toolCallChunks(cumulative(['{"', 'location', '":"', 'Paris', '"}'])))
    expect(messages(args)[0]).toMatch(/^choice 0, tool call 0 arguments: the deltas are cumulative/)
    const refusal = cumulative(["I'm", ' sorry', ', I', ' cannot']).map((text) => chunk([choice(0, { refusal: text })]))
    expect(messages(incremental(refusal))[0]).toMatch(/^choice 0 refusal: the deltas are cumulative/)
  })

  it('judges each choice on its own', () => {
    const ofChoice = (chunks: Record<string, unknown>[], index: number) =>
      chunks.filter((c) => (c.choices as { index: number }[])[0]!.index === index)
    const chunks = [
      ...ofChoice(textChunks(COUNT, { n: 2 }), 0),
      ...ofChoice(textChunks(cumulative(COUNT), { n: 2 }), 1),
    ]
    const result = incremental(chunks, { ...STREAM_REQUEST, n: 2 })
    expect(messages(result)).toHaveLength(1)
    expect(messages(result)[0]).toMatch(/^choice 1 content/)
  })

  it.each([
    ['repeated tokens', ['1', ' 1', ' 1', ' 1']],
    ['a repeated short token', ['ha', 'ha', 'ha']],
    ['one token extending the first, once', ['**', '**Note', ': read this']],
    ['whitespace growing at the start', ['\n', '\n\n', '\n\n\n', 'Hi']],
    ['a final chunk restating the whole reply once', ['The', ' cat', ' sat', 'The cat sat.']],
    ['one extension of a two-character text, then tokens', ['ab', 'abc', ' and', ' more']],
  ])('passes %s', (_name, pieces) => {
    expect(messages(incremental(textChunks(pieces)))).toEqual([])
  })

  it("does not flag repeated full arguments (that is stream.tool-calls.arguments-json's)", () => {
    const repeated = toolCallChunks(['{"location":"Paris"}', '{"', 'location', '":"', 'Paris', '"}'])
    expect(messages(incremental(repeated))).toEqual([])
    expect(verdict(judge('stream.tool-calls.arguments-json', streamExchange(sse(repeated))))).toBe('deviation')
  })
})
