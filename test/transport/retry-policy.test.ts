import { describe, expect, it } from 'vitest'
import { isRetryableStatus, parseRetryAfter, retryDelayMs } from '../../src/transport/retry-policy.ts'

describe('retry policy', () => {
  it('retries 429 and 5xx only', () => {
    expect([429, 500, 502, 503, 599].every(isRetryableStatus)).toBe(true)
    expect([200, 400, 401, 404, 408, 409, 422].some(isRetryableStatus)).toBe(false)
  })

  it('parses Retry-After as seconds or an HTTP-date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z')
    expect(parseRetryAfter('0', now)).toBe(0)
    expect(parseRetryAfter('2', now)).toBe(2000)
    expect(parseRetryAfter('1.5', now)).toBe(1500)
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:03 GMT', now)).toBe(3000)
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeNull()
    expect(parseRetryAfter('-1', now)).toBeNull()
    expect(parseRetryAfter(null, now)).toBeNull()
  })

  it('honours the hint, caps it, and otherwise backs off exponentially', () => {
    const base = { retryAfterMs: null, baseDelayMs: 100, maxDelayMs: 1000 }
    expect(retryDelayMs({ ...base, retryIndex: 0, retryAfter: null })).toBe(100)
    expect(retryDelayMs({ ...base, retryIndex: 2, retryAfter: null })).toBe(400)
    expect(retryDelayMs({ ...base, retryIndex: 5, retryAfter: null })).toBe(1000)
    expect(retryDelayMs({ ...base, retryIndex: 0, retryAfter: '0' })).toBe(0)
    expect(retryDelayMs({ ...base, retryIndex: 0, retryAfter: '120' })).toBe(1000)
    expect(retryDelayMs({ ...base, retryIndex: 0, retryAfter: '5', retryAfterMs: '250' })).toBe(250)
  })
})
