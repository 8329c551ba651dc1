/**
 * The reference's speech in the two uncompressed formats, made in code: a sine tone in
 * OpenAI's layout (24 kHz, 16-bit signed little-endian, mono) lasting as long as the input
 * takes to read at the speed asked for, as raw samples (pcm) or in a RIFF WAVE file (wav).
 */
import { expectedSeconds, PCM_LAYOUT } from '../formats.ts'

/** The tone's pitch, Hz, and its amplitude (of the 16-bit range). */
const TONE_HZ = 440
const AMPLITUDE = 0.3 * 0x7fff

/** The bytes of a RIFF WAVE header with one `fmt ` and one `data` chunk. */
export const WAV_HEADER_BYTES = 44

/** Offsets of the header fields faults rewrite. */
export const WAV_FIELDS = { sampleRate: 24, byteRate: 28 } as const

/** Raw samples for `seconds` of the tone. */
export function toneSamples(seconds: number): Uint8Array {
  const count = Math.max(1, Math.round(seconds * PCM_LAYOUT.sampleRate))
  const bytes = Buffer.alloc(count * 2)
  for (let i = 0; i < count; i++) {
    const sample = Math.round(AMPLITUDE * Math.sin((2 * Math.PI * TONE_HZ * i) / PCM_LAYOUT.sampleRate))
    bytes.writeInt16LE(sample, i * 2)
  }
  return bytes
}

/** Samples in a WAV file. */
export function wavFile(samples: Uint8Array): Uint8Array {
  const { sampleRate, bitsPerSample, channels } = PCM_LAYOUT
  const blockAlign = (channels * bitsPerSample) / 8
  const header = Buffer.alloc(WAV_HEADER_BYTES)
  header.write('RIFF', 0, 'ascii')
  header.writeUInt32LE(WAV_HEADER_BYTES - 8 + samples.byteLength, 4)
  header.write('WAVE', 8, 'ascii')
  header.write('fmt ', 12, 'ascii')
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20) // PCM
  header.writeUInt16LE(channels, 22)
  header.writeUInt32LE(sampleRate, WAV_FIELDS.sampleRate)
  header.writeUInt32LE(sampleRate * blockAlign, WAV_FIELDS.byteRate)
  header.writeUInt16LE(blockAlign, 32)
  header.writeUInt16LE(bitsPerSample, 34)
  header.write('data', 36, 'ascii')
  header.writeUInt32LE(samples.byteLength, 40)
  return Buffer.concat([header, samples])
}

/** The tone for reading `input` at `speed`, as raw samples. */
export function speechSamples(input: string, speed: number): Uint8Array {
  return toneSamples(expectedSeconds(input, speed))
}
