import { describe, expect, it } from 'vitest'
import { createRedactor, REDACTED } from '../../src/transport/redact.ts'

const SECRET = 'sk-canary-5f3a9c1e7b'

describe('createRedactor', () => {
  it('replaces every occurrence of a secret', () => {
    const r = createRedactor([SECRET])
    expect(r.text(`Bearer ${SECRET} and again ${SECRET}.`)).toBe(`Bearer ${REDACTED} and again ${REDACTED}.`)
  })

  it('finds the JSON-escaped and URL-encoded forms', () => {
    const secret = 'pa"ss/wo rd\\x'
    const r = createRedactor([secret])
    const json = JSON.stringify({ key: secret })
    expect(r.text(json)).toBe(`{"key":"${REDACTED}"}`)
    expect(r.text(`https://h/p?key=${encodeURIComponent(secret)}`)).toBe(`https://h/p?key=${REDACTED}`)
  })

  it('ignores secrets shorter than 3 characters', () => {
    const r = createRedactor(['a', 'xy', ''])
    expect(r.text('a xy banana')).toBe('a xy banana')
  })

  it('redacts credential headers whatever they hold, and secrets in other headers', () => {
    const r = createRedactor([SECRET])
    expect(
      r.headers({
        Authorization: 'Bearer anything',
        'x-api-key': 'k',
        cookie: 'c=1',
        'set-cookie': 's',
        'x-echo': `got ${SECRET}`,
        'content-type': 'application/json',
      }),
    ).toEqual({
      Authorization: REDACTED,
      'x-api-key': REDACTED,
      cookie: REDACTED,
      'set-cookie': REDACTED,
      'x-echo': `got ${REDACTED}`,
      'content-type': 'application/json',
    })
  })

  it('deep-copies with strings and keys redacted', () => {
    const r = createRedactor([SECRET])
    const input = { a: [SECRET, 1, null, { [SECRET]: true }], b: { c: `x${SECRET}` }, n: 3 }
    const out = r.deep(input)
    expect(out).toEqual({ a: [REDACTED, 1, null, { [REDACTED]: true }], b: { c: `x${REDACTED}` }, n: 3 })
    expect(input.a[0]).toBe(SECRET) // the input is untouched
  })

  it('redacts a secret split across segments, keeping one piece per segment', () => {
    const r = createRedactor([SECRET])
    const parts = [`data: {"k":"${SECRET.slice(0, 7)}`, `${SECRET.slice(7, 12)}`, `${SECRET.slice(12)}"}\n\n`, 'tail']
    const out = r.segments(parts)
    expect(out).toHaveLength(4)
    expect(out.join('')).toBe(r.text(parts.join('')))
    expect(out.join('')).toBe(`data: {"k":"${REDACTED}"}\n\ntail`)
    expect(out[0]).toBe(`data: {"k":"${REDACTED}`)
    expect(out[1]).toBe('')
  })

  it('redacts a trailing prefix of a secret only when the text was cut', () => {
    const r = createRedactor([SECRET])
    const cutText = `echo: ${SECRET.slice(0, 9)}`
    expect(r.text(cutText)).toBe(cutText)
    expect(r.text(cutText, { cut: true })).toBe(`echo: ${REDACTED}`)
  })

  it('redacts secrets inside binary bytes', () => {
    const r = createRedactor([SECRET])
    const bytes = Buffer.concat([Buffer.from([0xff, 0x00]), Buffer.from(SECRET), Buffer.from([0x80])])
    const out = Buffer.from(r.bytes(bytes))
    expect(out.includes(Buffer.from(SECRET))).toBe(false)
    expect(out).toEqual(Buffer.concat([Buffer.from([0xff, 0x00]), Buffer.from(REDACTED), Buffer.from([0x80])]))
  })
})
