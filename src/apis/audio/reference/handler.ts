/**
 * `POST /audio/speech` (createSpeech): validate like OpenAI, then answer with real audio in
 * the format asked for: a tone as long as reading the input takes at the speed asked for,
 * made in code for wav and pcm (./tone.ts), a committed fixture for the compressed formats
 * (./fixtures.ts).
 */
import type { RequestContext } from '../../../reference/context.ts'
import {
  apiError,
  invalidJsonBody,
  invalidType,
  invalidValue,
  missingParameter,
  modelNotFound,
  outOfRange,
  unrecognizedArgument,
  type ApiError,
} from '../../../reference/errors.ts'
import type { ReferenceRoute } from '../../../reference/router.ts'
import { REFERENCE_SPEECH_MODEL } from '../../../reference/served-models.ts'
import { DEFAULT_SPEECH_FORMAT, FORMAT_SPECS, isSpeechFormat, SPEECH_FORMATS, type SpeechFormat } from '../formats.ts'
import { fixtureFor } from './fixtures.ts'
import { speechSamples, wavFile } from './tone.ts'

/** The properties of `CreateSpeechRequest` in the recorded spec. */
const SPEECH_REQUEST_PARAMETERS: ReadonlySet<string> = new Set([
  'model',
  'input',
  'instructions',
  'voice',
  'response_format',
  'speed',
  'stream_format',
])

/** The spec's limits on `input` and `instructions` (characters) and on `speed`. */
const MAX_TEXT = 4096
const SPEED = { min: 0.25, max: 4 } as const

/** What a speech request asks for, read after validation (total: a fault may have waived it). */
export interface SpeechRequest {
  input: string
  format: SpeechFormat
  speed: number
}

export function readSpeechRequest(body: any): SpeechRequest {
  const speed = typeof body?.speed === 'number' && body.speed > 0 ? body.speed : 1
  return {
    input: typeof body?.input === 'string' ? body.input : '',
    format: isSpeechFormat(body?.response_format) ? body.response_format : DEFAULT_SPEECH_FORMAT,
    speed,
  }
}

/** The audio for a request, in its format. */
export function speechAudio({ input, format, speed }: SpeechRequest): Uint8Array {
  if (format === 'pcm') return speechSamples(input, speed)
  if (format === 'wav') return wavFile(speechSamples(input, speed))
  return fixtureFor(format, input, speed)
}

/** The problems OpenAI would reject the request for, in the order it reports them. */
export function* speechRequestProblems(body: unknown): Generator<ApiError> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    yield invalidJsonBody()
    return
  }
  const b = body as Record<string, unknown>
  for (const name of Object.keys(b)) if (!SPEECH_REQUEST_PARAMETERS.has(name)) yield unrecognizedArgument(name)
  if (b.model === undefined) yield missingParameter('model')
  else if (typeof b.model !== 'string') yield invalidType('model', 'a string', b.model)
  else if (b.model !== REFERENCE_SPEECH_MODEL) yield modelNotFound(b.model)
  yield* textProblems('input', b.input, true)
  yield* textProblems('instructions', b.instructions, false)
  if (b.voice === undefined) yield missingParameter('voice')
  else if (!isVoice(b.voice)) yield invalidType('voice', 'a string or an object with an id', b.voice)
  if (b.response_format !== undefined && !isSpeechFormat(b.response_format))
    yield invalidValue('response_format', String(b.response_format), SPEECH_FORMATS)
  if (b.speed !== undefined) {
    if (typeof b.speed !== 'number') yield invalidType('speed', 'a decimal', b.speed)
    else if (b.speed < SPEED.min) yield outOfRange('speed', 'decimal', 'min', SPEED.min, b.speed)
    else if (b.speed > SPEED.max) yield outOfRange('speed', 'decimal', 'max', SPEED.max, b.speed)
  }
  if (b.stream_format !== undefined && b.stream_format !== 'audio')
    yield apiError(400, `stream_format ${JSON.stringify(b.stream_format)} is not supported by this model.`, {
      param: 'stream_format',
      code: 'unsupported_value',
    })
}

function* textProblems(name: string, value: unknown, required: boolean): Generator<ApiError> {
  if (value === undefined) {
    if (required) yield missingParameter(name)
  } else if (typeof value !== 'string') yield invalidType(name, 'a string', value)
  else if (value.length > MAX_TEXT)
    yield apiError(400, `'${name}' is too long: ${value.length} characters, the maximum is ${MAX_TEXT}.`, {
      param: name,
      code: 'string_above_max_length',
    })
}

/** A voice name, or a custom voice `{ id }` (`VoiceIdsOrCustomVoice`); any name, as vendors have their own. */
function isVoice(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== ''
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string'
}

export function createSpeech(ctx: RequestContext): Response {
  for (const problem of speechRequestProblems(ctx.malformedBody ? null : ctx.req.body)) {
    const response = ctx.reject(problem)
    if (response) return response
  }
  const request = readSpeechRequest(ctx.req.body)
  return ctx.answerBytes(speechAudio(request), FORMAT_SPECS[request.format].mediaType)
}

export const AUDIO_ROUTES: readonly ReferenceRoute[] = [
  { method: 'POST', path: '/audio/speech', operationId: 'createSpeech', handle: createSpeech },
]
