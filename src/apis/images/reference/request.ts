/**
 * `POST /images/generations` as the reference reads it: validated after OpenAI's (the same
 * parameters, ranges and error codes), then the generation it asks for.
 */
import {
  invalidType,
  invalidValue,
  missingParameter,
  modelNotFound,
  outOfRange,
  type ApiError,
} from '../../../reference/errors.ts'
import type { ImageFormat } from '../../../core/target-options.ts'
import { IMAGE_FORMATS } from '../../../core/target-options.ts'
import { DEFAULT_IMAGE_SIZE, isImageFormat, isReferenceSize, MAX_IMAGES, REFERENCE_IMAGE_SIZES } from './model.ts'

/** What a valid request asks the model for. */
export interface ImageGeneration {
  n: number
  size: string
  /** How each image is returned: in the JSON (`b64_json`) or as a URL to fetch. */
  form: 'b64_json' | 'url'
  format: ImageFormat
  /** The request named `output_format` (a GPT image model's request): the answer says the format. */
  namesFormat: boolean
}

const RESPONSE_FORMATS = ['url', 'b64_json'] as const

/** The problems of the request, in the order OpenAI reports them; lazily, so the first one not waived is sent. */
export function* imageRequestProblems(body: any, isServed: (model: string) => boolean): Generator<ApiError> {
  const { model, prompt, n, size, response_format: responseFormat, output_format: outputFormat } = body ?? {}
  if (typeof model === 'string' && !isServed(model)) yield modelNotFound(model)
  if (prompt === undefined || prompt === null) yield missingParameter('prompt')
  else if (typeof prompt !== 'string') yield invalidType('prompt', 'a string', prompt)
  if (n !== undefined && n !== null) {
    if (typeof n !== 'number' || !Number.isInteger(n)) yield invalidType('n', 'an integer', n)
    else if (n < 1) yield outOfRange('n', 'integer', 'min', 1, n)
    else if (n > MAX_IMAGES) yield outOfRange('n', 'integer', 'max', MAX_IMAGES, n)
  }
  if (size !== undefined && size !== null && size !== 'auto' && !(typeof size === 'string' && isReferenceSize(size)))
    yield invalidValue('size', String(size), [...REFERENCE_IMAGE_SIZES, 'auto'])
  if (responseFormat !== undefined && responseFormat !== null && !RESPONSE_FORMATS.includes(responseFormat))
    yield invalidValue('response_format', String(responseFormat), RESPONSE_FORMATS)
  if (outputFormat !== undefined && outputFormat !== null && !isImageFormat(outputFormat))
    yield invalidValue('output_format', String(outputFormat), IMAGE_FORMATS)
}

/**
 * The generation a request validated by imageRequestProblems asks for. Without
 * `response_format` the answer is a URL (`dall-e-2`'s default), unless the request names
 * `output_format` (a GPT image model's parameter): those answer base64 only.
 */
export function readImageRequest(body: any): ImageGeneration {
  const namesFormat = isImageFormat(body?.output_format)
  const asked = body?.response_format
  return {
    n: Number.isInteger(body?.n) && body.n >= 1 ? Math.min(body.n, MAX_IMAGES) : 1,
    size: typeof body?.size === 'string' && isReferenceSize(body.size) ? body.size : DEFAULT_IMAGE_SIZE,
    form: asked === 'b64_json' || asked === 'url' ? asked : namesFormat ? 'b64_json' : 'url',
    format: namesFormat ? body.output_format : 'png',
    namesFormat,
  }
}
