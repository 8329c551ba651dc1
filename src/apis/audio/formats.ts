/**
 * The speech formats `response_format` names (`CreateSpeechRequest.response_format`), and what
 * each one is on the wire: the one table the checks, the reference and the faults read.
 */
import type { AudioReading } from './read-audio.ts'

/** The formats the spec lists, in its order. */
export const SPEECH_FORMATS = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const
export type SpeechFormat = (typeof SPEECH_FORMATS)[number]

/** The format the spec says a request without `response_format` gets. */
export const DEFAULT_SPEECH_FORMAT: SpeechFormat = 'mp3'

/** What a body of one format is. */
export interface SpeechFormatSpec {
  /** What the format is, for messages: `MP3 (MPEG audio layer III)`. */
  title: string
  /** The media type the reference sends, as OpenAI does. */
  mediaType: string
  /**
   * Media types that name this format. `application/octet-stream`, the type the spec
   * declares for every format, is accepted apart from these (see speech.content-type).
   */
  mediaTypes: readonly string[]
  /** The file-type extension of the body; null: raw samples that no signature identifies. */
  fileType: string | null
  /** The music-metadata container and codec of the body (`MPEG` and `MPEG 2 Layer 3`); null for raw samples. */
  container: RegExp | null
  codec: RegExp | null
}

export const FORMAT_SPECS: Readonly<Record<SpeechFormat, SpeechFormatSpec>> = {
  mp3: {
    title: 'MP3 (MPEG audio layer III)',
    mediaType: 'audio/mpeg',
    mediaTypes: ['audio/mpeg', 'audio/mp3', 'audio/mpeg3'],
    fileType: 'mp3',
    container: /^MPEG$/,
    codec: /^MPEG (1|2|2\.5) Layer 3$/,
  },
  opus: {
    title: 'Opus in an Ogg container',
    mediaType: 'audio/opus',
    mediaTypes: ['audio/opus', 'audio/ogg'],
    fileType: 'opus',
    container: /^Ogg$/,
    codec: /^Opus$/,
  },
  aac: {
    title: 'AAC in ADTS frames',
    mediaType: 'audio/aac',
    mediaTypes: ['audio/aac', 'audio/x-aac', 'audio/aacp'],
    fileType: 'aac',
    container: /^ADTS\//,
    codec: /^AAC/,
  },
  flac: {
    title: 'FLAC',
    mediaType: 'audio/flac',
    mediaTypes: ['audio/flac', 'audio/x-flac'],
    fileType: 'flac',
    container: /^FLAC$/,
    codec: /^FLAC$/,
  },
  wav: {
    title: 'WAV (RIFF WAVE, PCM samples)',
    mediaType: 'audio/wav',
    mediaTypes: ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'],
    fileType: 'wav',
    container: /^WAVE$/,
    codec: /^PCM$/,
  },
  pcm: {
    title: 'raw PCM samples (24 kHz, 16-bit signed little-endian, mono), no header',
    mediaType: 'audio/pcm',
    mediaTypes: ['audio/pcm', 'audio/l16', 'audio/raw'],
    fileType: null,
    container: null,
    codec: null,
  },
}

/**
 * The sample layout OpenAI documents for `pcm` ("raw samples in 24kHz (16-bit signed,
 * low-endian), without the header"), and sends in its WAV files ("similar to WAV").
 */
export const PCM_LAYOUT = { sampleRate: 24_000, bitsPerSample: 16, channels: 1 } as const

/** Bytes per second of PCM_LAYOUT audio. */
export const PCM_BYTES_PER_SECOND = (PCM_LAYOUT.sampleRate * PCM_LAYOUT.bitsPerSample * PCM_LAYOUT.channels) / 8

export function isSpeechFormat(value: unknown): value is SpeechFormat {
  return typeof value === 'string' && (SPEECH_FORMATS as readonly string[]).includes(value)
}

/** The format a request asks for: its `response_format`, or the spec's default. */
export function requestedFormat(request: Record<string, unknown>): SpeechFormat | null {
  const format = request.response_format ?? DEFAULT_SPEECH_FORMAT
  return isSpeechFormat(format) ? format : null
}

/**
 * How long speech of `text` at `speed` lasts, roughly: about 15 characters a second at
 * speed 1 (some 150 words a minute, a usual speaking rate), divided by the speed.
 */
export const CHARACTERS_PER_SECOND = 15

export function expectedSeconds(text: string, speed: number): number {
  return text.length / CHARACTERS_PER_SECOND / speed
}

/**
 * The format a reading says the body is, or null when neither library recognises it as a file
 * (raw samples: pcm, or bytes that are no audio at all).
 */
export function formatOf(reading: AudioReading): SpeechFormat | null {
  for (const format of SPEECH_FORMATS) {
    const spec = FORMAT_SPECS[format]
    if (spec.fileType === null || reading.fileType?.ext !== spec.fileType) continue
    if (spec.container?.test(reading.container ?? '') && spec.codec?.test(reading.codec ?? '')) return format
  }
  return reading.fileType === null && reading.container === undefined ? 'pcm' : null
}

/** A reading for messages and evidence: what each library said. */
export function describeReading(reading: AudioReading): Record<string, unknown> {
  const { fileType, warnings, ...parsed } = reading
  return { fileType: fileType?.mime ?? null, ...parsed, ...(warnings.length > 0 ? { warnings } : {}) }
}
