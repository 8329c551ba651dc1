/**
 * Text to speech: every `response_format`, `speed`, `instructions`. The voice is the target's
 * (`--voice`, `target.voice`), alloy unless it configures one.
 */
import { SPEECH_AUDIO, SPEECH_SPEED, SPEECH_WAV } from '../src/apis/audio/check-sets.ts'
import { SPEED_BASELINE } from '../src/apis/audio/checks.ts'
import { SPEECH_FORMATS, type SpeechFormat } from '../src/apis/audio/formats.ts'
import type { RequestSpec } from '../src/core/types.ts'
import { defineSuite, type KnownCase, type KnownCheckUse } from './common.ts'

/** The spec's own example input: about 3 s of speech. */
const INPUT = 'The quick brown fox jumped over the lazy dog.'

/** OpenAI's first voice; a target with voices of its own names one. */
const DEFAULT_VOICE = 'alloy'

/** A speech request: the voice from the target, the rest as given. */
function speech(body: Record<string, unknown>): RequestSpec {
  return {
    operation: 'audio.speech.create',
    body: { input: INPUT, voice: DEFAULT_VOICE, ...body },
    fromTarget: ['voice'],
  }
}

/** What a speech answer in `format` is judged on. */
function checksFor(format: SpeechFormat): KnownCheckUse[] {
  return [...SPEECH_AUDIO.checks, ...(format === 'wav' ? SPEECH_WAV.checks : [])]
}

const formatCase = (format: SpeechFormat): KnownCase => ({
  id: `speech.format.${format}`,
  title: `Speech as ${format}`,
  capability: 'speech',
  request: speech({ response_format: format }),
  checks: checksFor(format),
})

/** The speed the speed case asks for (its baseline is the same request at speed 1). */
const SPEED = 2

export default defineSuite({
  capability: 'speech',
  title: 'Text to speech: every format, speed, instructions',
  cases: [
    ...SPEECH_FORMATS.map(formatCase),
    {
      id: 'speech.format.default',
      title: 'Speech without response_format is mp3',
      capability: 'speech',
      request: speech({}),
      checks: checksFor('mp3'),
    },
    {
      id: 'speech.speed',
      title: `Speech at speed ${SPEED} is about ${SPEED} times shorter`,
      capability: 'speech',
      request: speech({ response_format: 'wav', speed: SPEED }),
      related: { [SPEED_BASELINE]: speech({ response_format: 'wav', speed: 1 }) },
      checks: [...checksFor('wav'), ...SPEECH_SPEED.checks],
    },
    {
      id: 'speech.instructions',
      title: 'Speech with instructions, where the model takes them',
      capability: 'speech',
      request: speech({ response_format: 'mp3', instructions: 'Speak in a calm, friendly tone.' }),
      checks: checksFor('mp3'),
      // tts-1 and tts-1-hd reject instructions: a model that does so the OpenAI way is skipped.
      optionalParams: ['instructions'],
    },
  ],
})
