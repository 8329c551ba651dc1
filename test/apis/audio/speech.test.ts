/**
 * The speech slice's pieces: the reference's audio reads as the format it is served as, with
 * the length the text asks for; the capture keeps a binary body whole and the SDK's helpers
 * return the same bytes; the target's voice replaces the cases' default.
 */
import { describe, expect, it } from 'vitest'
import { expectedSeconds, formatOf, SPEECH_FORMATS } from '../../../src/apis/audio/formats.ts'
import { readAudio, sha256 } from '../../../src/apis/audio/read-audio.ts'
import { FIXTURE_SECONDS, fixture } from '../../../src/apis/audio/reference/fixtures.ts'
import { speechAudio } from '../../../src/apis/audio/reference/handler.ts'
import { OPERATIONS } from '../../../src/apis/index.ts'
import { REFERENCE_API_KEY, REFERENCE_MODELS, startReferenceServer } from '../../../src/apis/reference.ts'
import { withTargetParams } from '../../../src/engine/run-case.ts'
import { createTargetClient } from '../../../src/transport/index.ts'

const INPUT = 'The quick brown fox jumped over the lazy dog.'

describe('the reference audio', () => {
  it.each(SPEECH_FORMATS)('%s reads as %s, as long as the text', async (format) => {
    const bytes = speechAudio({ input: INPUT, format, speed: 1 })
    const reading = await readAudio(bytes)
    expect(formatOf(reading)).toBe(format)
    const seconds = format === 'pcm' ? bytes.byteLength / 48_000 : reading.durationSeconds!
    expect(seconds).toBeCloseTo(expectedSeconds(INPUT, 1), 0)
  })

  it.each(['mp3', 'opus', 'aac', 'flac'] as const)(
    'the %s fixtures last as long as their names say',
    async (format) => {
      for (const seconds of FIXTURE_SECONDS) {
        const reading = await readAudio(fixture(format, seconds))
        expect(reading.durationSeconds).toBeCloseTo(seconds, 0)
        expect(reading.sampleRate).toBe(24_000)
      }
    },
  )
})

describe('capturing speech', () => {
  it('keeps a binary body whole, and the SDK returns the same bytes from arrayBuffer() and a file', async () => {
    const server = await startReferenceServer({ apiKey: REFERENCE_API_KEY })
    try {
      const client = createTargetClient(
        { baseURL: server.url, apiKey: REFERENCE_API_KEY },
        { timeoutMs: 10_000, retries: 0, concurrency: 2 },
        OPERATIONS,
      )
      const input = INPUT.repeat(20) // about 60 s of 24 kHz WAV: some 2.9 MB
      const exchange = await client.perform({
        operation: 'audio.speech.create',
        body: { model: REFERENCE_MODELS.speech, input, voice: 'alloy', response_format: 'wav' },
      })
      const wire = Buffer.from(exchange.response!.bodyBase64!, 'base64')
      expect(wire.byteLength).toBe(exchange.response!.receivedBytes)
      expect(exchange.response!.keptBytes).toBeUndefined()
      const value = (exchange.sdk as { ok: true; value: any }).value
      expect(value.arrayBuffer).toEqual({ byteLength: wire.byteLength, sha256: sha256(wire) })
      expect(value.file).toEqual(value.arrayBuffer)
    } finally {
      await server.close()
    }
  })
})

describe('the target voice', () => {
  const spec = { operation: 'audio.speech.create' as const, body: { voice: 'alloy' }, fromTarget: ['voice'] as const }
  it("replaces the case's voice when the target configures one", () => {
    expect(withTargetParams(spec, { voice: 'helpful woman' }).body.voice).toBe('helpful woman')
  })
  it("keeps the case's voice otherwise, and leaves requests that do not ask alone", () => {
    expect(withTargetParams(spec, {}).body.voice).toBe('alloy')
    expect(withTargetParams({ ...spec, fromTarget: [] }, { voice: 'x' }).body.voice).toBe('alloy')
  })
})
