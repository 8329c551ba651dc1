/**
 * Faults in `POST /audio/speech`: audio in another format than asked for, a document or
 * nothing instead of audio, a mislabelled or cut file, a WAV header that lies, a length that
 * ignores the text or the speed.
 */
import type { Fault, ReferenceRequest } from '../../reference/fault.ts'
import { ignoresParameters, limitedTo, vendorJson } from '../shared/faults/helpers.ts'
import { FORMAT_SPECS } from './formats.ts'
import { fixtureFor } from './reference/fixtures.ts'
import { readSpeechRequest, speechAudio } from './reference/handler.ts'
import { speechSamples, WAV_FIELDS } from './reference/tone.ts'

/** What a request asks for, as the reference reads it. */
const asked = (req: ReferenceRequest) => readSpeechRequest(req.body)

/** Labels audio (not the JSON errors) as MP3. */
function labelAudioAsMpeg(headers: Headers): void {
  if (headers.get('content-type')?.startsWith('audio/')) headers.set('content-type', FORMAT_SPECS.mp3.mediaType)
}

/** What a server with a fixed 44.1 kHz header writes over 24 kHz samples. */
const CD_RATE = 44_100

/** The text a server that ignores the input reads instead: a placeholder clip. */
const PLACEHOLDER = 'Hello.'

export const speechFaults: Fault[] = limitedTo(
  ['createSpeech'],
  [
    {
      name: 'speech-always-mp3',
      description: '`POST /audio/speech` sends MP3 (labelled audio/mpeg) whatever `response_format` asks for.',
      modelledOn:
        'TTS wrappers whose encoder is fixed to MP3 and that ignore response_format (a common shortcut in OpenAI-compatible TTS proxies around engines with one output format).',
      proves: ['speech.format.requested'],
      hooks: {
        bytes: (_bytes, req) => fixtureFor('mp3', asked(req).input, asked(req).speed),
        headers: labelAudioAsMpeg,
      },
    },
    {
      name: 'speech-pcm-fallback',
      description: '`POST /audio/speech` sends raw PCM samples, without any container, for every format.',
      modelledOn:
        "Servers that fall back to the model's raw samples when no encoder is available (no ffmpeg in the image) instead of encoding the format asked for.",
      proves: ['speech.format.requested'],
      hooks: { bytes: (_bytes, req) => speechSamples(asked(req).input, asked(req).speed) },
    },
    {
      name: 'speech-json-200',
      description:
        '`POST /audio/speech` answers 200 with a JSON object holding the audio in base64 (`{"audioContent": …}`) instead of the audio file.',
      modelledOn:
        "Gateways passing through a TTS API that returns JSON with base64 audio (Google Cloud Text-to-Speech's `audioContent`, ElevenLabs' `/with-timestamps`) as if it were OpenAI's binary answer.",
      proves: ['speech.body.audio'],
      hooks: {
        respond: (req) => vendorJson(200, { audioContent: Buffer.from(speechAudio(asked(req))).toString('base64') }),
      },
    },
    {
      name: 'speech-empty-body',
      description: '`POST /audio/speech` answers 200 with an empty body.',
      modelledOn:
        'TTS servers that send the 200 status and headers before synthesis and end the body empty when synthesis fails (an unknown voice, a crashed engine).',
      proves: ['speech.body.audio'],
      hooks: { bytes: () => new Uint8Array(0) },
    },
    {
      name: 'speech-content-type-mpeg',
      description: '`POST /audio/speech` labels every format `audio/mpeg`, whatever the bytes are.',
      modelledOn:
        'Servers that hard-code the MP3 media type on the speech response while encoding the format asked for (a FastAPI `media_type="audio/mpeg"` left in place).',
      proves: ['speech.content-type'],
      hooks: { headers: labelAudioAsMpeg },
    },
    {
      name: 'speech-wav-header-44100',
      description: "`POST /audio/speech` writes a 44.1 kHz WAV header over the model's 24 kHz samples.",
      modelledOn:
        "Servers that wrap the model's samples in a WAV header with their audio library's default rate (44.1 kHz) instead of the model's: the audio plays too fast and high.",
      proves: ['speech.wav.layout'],
      hooks: {
        bytes: (bytes, req) => {
          if (asked(req).format !== 'wav') return bytes
          const header = Buffer.from(bytes)
          header.writeUInt32LE(CD_RATE, WAV_FIELDS.sampleRate)
          header.writeUInt32LE(CD_RATE * 2, WAV_FIELDS.byteRate)
          return header
        },
      },
    },
    {
      name: 'speech-truncated',
      description:
        '`POST /audio/speech` sends about half of the file, ending mid-sample, while its header declares the whole (Content-Length counts what is sent).',
      modelledOn:
        'Streaming TTS servers that write the header for the whole audio up front and stop when synthesis is cut off (a generation limit, a timeout), ending the body short.',
      proves: ['speech.audio.well-formed'],
      // An odd length, so raw 16-bit samples are cut mid-sample too.
      hooks: { bytes: (bytes) => bytes.subarray(0, Math.floor(bytes.byteLength / 2) | 1) },
    },
    {
      name: 'speech-speed-ignored',
      description: '`POST /audio/speech` ignores `speed`: every request is read at speed 1.',
      modelledOn:
        'OpenAI-compatible TTS servers that accept `speed` and drop it (engines without time-stretching behind an OpenAI-shaped API).',
      proves: ['speech.speed.honoured'],
      hooks: { respond: ignoresParameters('speed') },
    },
    {
      name: 'speech-placeholder-clip',
      description: '`POST /audio/speech` answers every input with the same short clip.',
      modelledOn:
        'Stub and mock OpenAI-compatible servers (test doubles left in a deployment) that return one canned sample whatever the text.',
      proves: ['speech.duration.plausible'],
      hooks: {
        respond: (req) => {
          if (typeof req.body === 'object' && req.body !== null && typeof req.body.input === 'string')
            req.body.input = PLACEHOLDER
          return undefined
        },
      },
    },
  ],
)
