/** chat.logprobs.shape: `bytes` is null or the UTF-8 bytes of the token (a placeholder `[0]` is not). */
import { describe, expect, it } from 'vitest'
import { completion, exchange, run, said, textMessage, verdict } from './tools-fixtures.ts'

const REQUEST = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Say hi.' }], logprobs: true, top_logprobs: 1 }
const utf8 = (token: string) => [...new TextEncoder().encode(token)]

function withLogprobs(entries: Array<{ token: string; bytes: number[] | null }>) {
  const body = completion([textMessage(entries.map((e) => e.token).join(''))])
  ;(body.choices as Array<Record<string, unknown>>)[0]!.logprobs = {
    content: entries.map(({ token, bytes }) => ({ token, logprob: -0.1, bytes, top_logprobs: [] })),
    refusal: null,
  }
  return exchange(body, REQUEST)
}

describe('chat.logprobs.shape: bytes', () => {
  it('passes the UTF-8 bytes of each token, null bytes, and the raw piece of a split character', () => {
    const result = run(
      'chat.logprobs.shape',
      withLogprobs([
        { token: 'Hé', bytes: utf8('Hé') },
        { token: ' there', bytes: null },
        { token: '\uFFFD', bytes: [0xe2, 0x80] },
      ]),
    )
    expect(verdict(result), said(result)).toBe('pass')
  })

  it('fails placeholder bytes, naming the token', () => {
    expect(said(run('chat.logprobs.shape', withLogprobs([{ token: 'string', bytes: [0] }])))).toBe(
      'bytes [0] are not the UTF-8 bytes of the token "string"',
    )
  })
})
