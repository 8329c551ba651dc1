/**
 * The Audio API's check sets: what every successful speech answer is judged on, what a WAV
 * answer adds, and the speed comparison only a declared case can make.
 */
import { defineCheckSet } from '../../core/define.ts'
import type { CheckSetPremise } from '../../core/types.ts'
import type { SharedCheckId } from '../shared/checks/index.ts'
import type { SpeechCheckId } from './checks.ts'

/** The checks this slice's sets may name. */
type SetCheckId = SpeechCheckId | SharedCheckId

/** A successful answer to a speech request. */
const SPOKEN: CheckSetPremise = { endpoint: { method: 'POST', path: '/audio/speech' }, status: 'success' }

/** Every successful speech answer: audio, in the format asked for, whole, labelled, as long as the text. */
export const SPEECH_AUDIO = defineCheckSet<SetCheckId>({
  name: 'speech.audio',
  title: 'POST /audio/speech: the audio file, in the format asked for, whole and labelled, as long as the text',
  premise: SPOKEN,
  checks: [
    'http.status.success',
    'sdk.call.succeeds',
    'speech.body.audio',
    'speech.format.requested',
    'speech.audio.well-formed',
    'speech.content-type',
    'speech.duration.plausible',
  ],
})

/** A WAV answer: the sample layout in its header. */
export const SPEECH_WAV = defineCheckSet<SetCheckId>({
  name: 'speech.wav',
  title: 'A WAV speech answer: 24 kHz 16-bit mono samples',
  premise: { ...SPOKEN, request: { response_format: { is: 'wav' } } },
  checks: ['speech.wav.layout'],
})

/** A request at a speed other than 1, compared with the same request at speed 1. */
export const SPEECH_SPEED = defineCheckSet<SetCheckId>({
  name: 'speech.speed',
  title: 'speed: the audio is shorter or longer by the speed asked for',
  premise: { ...SPOKEN, request: { speed: { present: true } } },
  checks: ['speech.speed.honoured'],
  needsCase: 'it compares the audio with that of the same request at speed 1, which a recording does not hold',
})

export const SPEECH_CHECK_SETS = [SPEECH_AUDIO, SPEECH_WAV, SPEECH_SPEED]
