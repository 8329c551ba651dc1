/**
 * `POST /audio/speech` (createSpeech): a 200 carries audio, in the format `response_format`
 * asks for, whole, labelled as that format, as long as the text read at the speed asked for.
 */
import { defineCheck, finding, skip } from '../../core/define.ts'
import type { Exchange } from '../../core/exchange.ts'
import type { CheckContext, CheckResult, Finding, SpecRef } from '../../core/types.ts'
import type { Applicable } from '../shared/applicability.ts'
import { mediaType, show } from '../shared/body.ts'
import { schemaRef } from '../shared/spec.ts'
import { askedFormat, audioBytes, BODY_CHECK, FORMAT_CHECK, notAudio, sdkSpeech } from './body.ts'
import {
  CHARACTERS_PER_SECOND,
  describeReading,
  expectedSeconds,
  FORMAT_SPECS,
  formatOf,
  PCM_BYTES_PER_SECOND,
  PCM_LAYOUT,
  type SpeechFormat,
} from './formats.ts'
import type { SpeechOutcome } from './operations.ts'
import { type AudioReading, TRUNCATION_WARNINGS } from './read-audio.ts'

/** The recorded spec's binary 200 answer of createSpeech. */
const AUDIO_BODY: SpecRef = {
  operationId: 'createSpeech',
  pointer: '#/$defs/createSpeech-200-application-octet-stream',
}
const requestParam = (name: string): SpecRef => schemaRef('createSpeech', 'CreateSpeechRequest', 'properties', name)

/** OpenAI's description of the formats (the spec lists their names only). */
const FORMATS_DOC = 'https://platform.openai.com/docs/guides/text-to-speech#supported-output-formats'

export const bodyAudio = defineCheck({
  id: BODY_CHECK,
  title: 'A 200 carries the audio, not a document or nothing',
  level: 'required',
  spec: AUDIO_BODY,
  description:
    'A successful POST /audio/speech MUST answer with the audio file itself as a non-empty binary body; a JSON document (an error, base64 audio in an object) or an empty body with 200 is not audio.',
  run({ exchange }) {
    const bytes = audioBytes(exchange)
    if (!('skip' in bytes)) return []
    const instead = notAudio(exchange)
    if (!instead) return skip(bytes.skip)
    if (instead.kind === 'empty') return [finding('HTTP 200 with an empty body: no audio', { actual: '' })]
    return [
      finding('HTTP 200 with a JSON document instead of the audio file', {
        actual: show(instead.value, 500),
        expected: 'the audio bytes (application/octet-stream)',
      }),
    ]
  },
})

/** A successful answer's audio: the speech outcome that read it, the format asked for, the bytes. */
interface Audio {
  outcome: SpeechOutcome
  format: SpeechFormat
  bytes: Buffer
}

/** The exchange's audio and the format its request asked for, or why a check of the audio does not apply. */
function audioOf(exchange: Exchange, request: Record<string, unknown>): Applicable<Audio> {
  const bytes = audioBytes(exchange)
  if ('skip' in bytes) return bytes
  const format = askedFormat(request)
  if ('skip' in format) return format
  const outcome = sdkSpeech(exchange)
  if ('skip' in outcome) return outcome
  return { value: { outcome: outcome.value, format: format.value, bytes: bytes.value } }
}

/** As audioOf, for checks of what the format asked for holds: they skip when the body is another format. */
function requestedAudioOf(exchange: Exchange, request: Record<string, unknown>): Applicable<Audio> {
  const audio = audioOf(exchange, request)
  if ('skip' in audio) return audio
  const { outcome, format } = audio.value
  return formatOf(outcome.audio) === format ? audio : skip(`the body is not ${format}; see ${FORMAT_CHECK}`)
}

/** The rule over the case's audio, or the reason it does not apply. */
function onAudio(ctx: CheckContext<unknown>, read: typeof audioOf, rule: (audio: Audio) => CheckResult): CheckResult {
  const audio = read(ctx.exchange, ctx.request)
  return 'skip' in audio ? audio : rule(audio.value)
}

export const formatRequested = defineCheck({
  id: FORMAT_CHECK,
  title: 'The audio is in the format asked for',
  level: 'required',
  spec: requestParam('response_format'),
  description:
    'The body MUST be the container and codec `response_format` names (mp3: MPEG layer III; opus: Opus in Ogg; aac: AAC in ADTS; flac: FLAC; wav: RIFF WAVE with PCM samples; pcm: raw samples, no header), mp3 when it is absent; a server that always sends one format, or falls back to raw PCM, does not.',
  notes:
    'What the body is, is read from its bytes: file-type by signature, music-metadata for the container and codec. `aac` is taken as ADTS, the stream form OpenAI sends; raw PCM has no signature, so pcm is a body that neither library recognises as a file.',
  run: (ctx) =>
    onAudio(ctx, audioOf, ({ outcome: { audio }, format }) => {
      const found = formatOf(audio)
      if (found === format) return []
      const what =
        found === null ? 'raw bytes no signature identifies (no container header)' : FORMAT_SPECS[found].title
      return [
        finding(`asked for ${format}, the body is ${what}`, {
          actual: describeReading(audio),
          expected: FORMAT_SPECS[format].title,
        }),
      ]
    }),
})

/** Why the audio is not a whole file of its format: it does not parse, or holds less than its header declares. */
function cutShort(audio: AudioReading, format: SpeechFormat, bytes: Buffer): Finding[] {
  if (format === 'pcm')
    return bytes.byteLength % 2 === 0
      ? []
      : [finding(`${bytes.byteLength} bytes: not a whole number of 16-bit samples`, { actual: bytes.byteLength })]
  if (audio.error) return [finding(`the ${format} file does not parse: ${audio.error}`)]
  return audio.warnings
    .filter((warning) => TRUNCATION_WARNINGS.some((pattern) => pattern.test(warning)))
    .map((warning) => finding(`the ${format} file is not whole: ${warning}`, { actual: describeReading(audio) }))
}

/** The id of the check that judges the file is whole; checks of its length point to it. */
const WELL_FORMED_CHECK = 'speech.audio.well-formed'

export const audioWellFormed = defineCheck({
  id: WELL_FORMED_CHECK,
  title: 'The audio file is whole',
  level: 'required',
  spec: AUDIO_BODY,
  description:
    'The audio MUST be a whole file of its format: its container parses, it holds what its own header declares (a WAV data chunk, an Ogg stream up to its last page), and raw PCM is a whole number of 16-bit samples.',
  notes:
    'MP3, AAC and FLAC frames declare no total length, so a file cut at a frame boundary reads as a shorter whole file; speech.duration.plausible sees it when it is much shorter.',
  run: (ctx) =>
    onAudio(ctx, requestedAudioOf, ({ outcome: { audio }, format, bytes }) => cutShort(audio, format, bytes)),
})

export const wavLayout = defineCheck({
  id: 'speech.wav.layout',
  title: 'WAV audio is 24 kHz 16-bit mono PCM',
  level: 'recommended',
  spec: { doc: FORMATS_DOC },
  description:
    'WAV audio SHOULD carry the samples OpenAI sends: 24 kHz, 16-bit, mono (its docs describe pcm as "similar to WAV" with "raw samples in 24kHz (16-bit signed, low-endian)").',
  notes:
    'The spec does not give the WAV sample layout; another layout stated truly in the header still plays, so it is a warning. A header that states another rate than the samples have plays at the wrong pitch and speed.',
  run: (ctx) =>
    onAudio(ctx, requestedAudioOf, ({ outcome: { audio } }) => {
      const actual = { sampleRate: audio.sampleRate, bitsPerSample: audio.bitsPerSample, channels: audio.channels }
      return (Object.keys(PCM_LAYOUT) as (keyof typeof PCM_LAYOUT)[])
        .filter((key) => actual[key] !== PCM_LAYOUT[key])
        .map((key) =>
          finding(`the WAV header says ${key} ${show(actual[key])}, OpenAI's WAV has ${PCM_LAYOUT[key]}`, {
            at: key,
            actual: actual[key],
            expected: PCM_LAYOUT[key],
          }),
        )
    }),
})

export const contentType = defineCheck({
  id: 'speech.content-type',
  title: 'The content type names the audio format',
  level: 'recommended',
  spec: AUDIO_BODY,
  description:
    "The audio's `Content-Type` SHOULD be its format's media type (audio/mpeg for mp3, audio/wav for wav, …) or the spec's `application/octet-stream`; players and proxies pick their handling from it.",
  notes:
    'The spec declares application/octet-stream for every format, while OpenAI labels each format with its own audio type; either is accepted, and a type naming another format, or a text type, is a warning. When the body is not the format asked for, that is speech.format.requested, not this.',
  reads: 'head',
  run: (ctx) => {
    const format = askedFormat(ctx.request)
    if ('skip' in format) return format
    const outcome = sdkSpeech(ctx.exchange)
    if (!('skip' in outcome) && formatOf(outcome.value.audio) !== format.value)
      return skip(`the body is not ${format.value}; see ${FORMAT_CHECK}`)
    if ('skip' in outcome && outcome.skip.includes(BODY_CHECK)) return outcome
    const type = mediaType(ctx.exchange)
    const accepted = [...FORMAT_SPECS[format.value].mediaTypes, 'application/octet-stream']
    if (type !== null && accepted.includes(type)) return []
    return [
      finding(`${format.value} audio labelled ${type ?? 'with no content type'}`, {
        actual: ctx.exchange.response?.headers['content-type'] ?? null,
        expected: accepted,
      }),
    ]
  },
})

/** Seconds of silence around the speech a voice may add, on top of the tolerance below. */
const SILENCE_SECONDS = 1
/** How far a duration may be from the expected one, as a factor either way: voices and texts differ. */
const DURATION_TOLERANCE = 2.5

/** The audio's duration in seconds: what the container says, or for pcm the samples there are. */
function secondsOf(exchange: Exchange, request: Record<string, unknown>): Applicable<number> {
  const audio = requestedAudioOf(exchange, request)
  if ('skip' in audio) return audio
  const { outcome, format, bytes } = audio.value
  if (cutShort(outcome.audio, format, bytes).length > 0)
    return skip(`the ${format} file is not whole; see ${WELL_FORMED_CHECK}`)
  const seconds = format === 'pcm' ? bytes.byteLength / PCM_BYTES_PER_SECOND : outcome.audio.durationSeconds
  return seconds === undefined ? skip(`the ${format} file declares no duration`) : { value: seconds }
}

/** The speed a request asks for (the spec's default 1). */
function speedOf(request: Record<string, unknown>): number {
  return typeof request.speed === 'number' ? request.speed : 1
}

export const durationPlausible = defineCheck({
  id: 'speech.duration.plausible',
  title: 'The audio is as long as the text read at the speed asked for',
  level: 'recommended',
  spec: requestParam('input'),
  description: `The audio SHOULD last about as long as reading \`input\` takes at \`speed\`: ${CHARACTERS_PER_SECOND} characters a second at speed 1, divided by the speed, within a factor of ${DURATION_TOLERANCE} either way (and ${SILENCE_SECONDS} s of silence).`,
  notes:
    'Speaking rates differ between voices and texts, hence the wide margin and the warning level; audio far outside it is a canned clip, the wrong text, or audio cut short. pcm is taken as 24 kHz 16-bit mono, as documented.',
  run: (ctx) => {
    const measured = secondsOf(ctx.exchange, ctx.request)
    if ('skip' in measured) return measured
    const seconds = measured.value
    const input = typeof ctx.request.input === 'string' ? ctx.request.input : ''
    const expected = expectedSeconds(input, speedOf(ctx.request))
    const [low, high] = [expected / DURATION_TOLERANCE, expected * DURATION_TOLERANCE + SILENCE_SECONDS]
    if (seconds >= low && seconds <= high) return []
    return [
      finding(
        `${seconds.toFixed(2)} s of audio for ${input.length} characters at speed ${speedOf(ctx.request)}: expected ${low.toFixed(2)} to ${high.toFixed(2)} s`,
        { actual: seconds, expected: { low, high } },
      ),
    ]
  },
})

/** The exchange a speed case compares with: the same request at speed 1. */
export const SPEED_BASELINE = 'baseline'

export const speedHonoured = defineCheck({
  id: 'speech.speed.honoured',
  title: '`speed` changes how long the audio lasts',
  level: 'recommended',
  spec: requestParam('speed'),
  description:
    'Audio at `speed` s SHOULD last about 1/s of the same text at speed 1: the ratio of the two durations is between s^0.5 and s^1.5 (2 s: between 1.41 and 2.83).',
  notes:
    'The spec does not say how speed is applied; a voice may stretch pauses more than words, hence the margin. A server that ignores speed (the same duration) is the deviation this finds.',
  run: (ctx) => {
    const baseline = ctx.exchanges[SPEED_BASELINE]
    if (!baseline) return skip(`the case has no ${SPEED_BASELINE} exchange at speed 1`)
    const fast = secondsOf(ctx.exchange, ctx.request)
    if ('skip' in fast) return fast
    const slow = secondsOf(baseline, { ...ctx.request, speed: 1 })
    if ('skip' in slow) return skip(`the ${SPEED_BASELINE} request: ${slow.skip}`)
    const speed = speedOf(ctx.request)
    const ratio = slow.value / fast.value
    const [low, high] = [speed ** 0.5, speed ** 1.5].sort((a, b) => a - b) as [number, number]
    if (ratio >= low && ratio <= high) return []
    return [
      finding(
        `at speed ${speed} the audio lasts ${fast.value.toFixed(2)} s, at speed 1 ${slow.value.toFixed(2)} s: ${ratio.toFixed(2)} times shorter, expected ${low.toFixed(2)} to ${high.toFixed(2)}`,
        { actual: ratio, expected: { low, high } },
      ),
    ]
  },
})

export const SPEECH_CHECKS = [
  bodyAudio,
  formatRequested,
  audioWellFormed,
  wavLayout,
  contentType,
  durationPlausible,
  speedHonoured,
]

export type SpeechCheckId = (typeof SPEECH_CHECKS)[number]['id']
