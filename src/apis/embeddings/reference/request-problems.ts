/**
 * Request validation for `POST /embeddings`, after OpenAI's: the parameters of
 * `CreateEmbeddingRequest` (which allows no others), its input forms and limits, and the
 * error codes of the chat reference (`missing_required_parameter`, `invalid_type`,
 * `invalid_value`, `integer_below_min_value`, …).
 *
 * Problems are yielded lazily, in the order OpenAI reports them (unknown arguments, model,
 * input, parameters), so the handler sends the first one that no fault waives. An input
 * OpenAI rejects as a whole (an empty string, an empty list, a list mixing forms) gets its
 * `'$.input' is invalid` answer; the context-length message is OpenAI's too. Where OpenAI's
 * wording is not on record the message is ours, in its style.
 */
import {
  apiError,
  invalidType,
  invalidValue,
  missingParameter,
  modelNotFound,
  outOfRange,
  unrecognizedArgument,
  type ApiError,
} from '../../../reference/errors.ts'
import { isPlainObject } from '../../shared/body.ts'
import { EMBEDDING_DIMENSIONS, tokenCount, type EmbeddingInput } from './model.ts'

/** The properties of `CreateEmbeddingRequest` in the recorded spec. */
export const EMBEDDING_REQUEST_PARAMETERS: ReadonlySet<string> = new Set([
  'input',
  'model',
  'encoding_format',
  'dimensions',
  'user',
])

export const ENCODING_FORMATS = ['float', 'base64'] as const

/** Inputs per request (`maxItems` of every array form of `input`). */
export const MAX_INPUTS = 2048

/** Tokens per input (the spec: "8192 tokens for all embedding models"). */
export const MAX_INPUT_TOKENS = 8192

type Body = Record<string, unknown>

/** What a served model is, for `model`: served at all, and served for embeddings. */
export interface ModelLookup {
  isServed(model: string): boolean
  embeds(model: string): boolean
}

export function* embeddingRequestProblems(body: unknown, models: ModelLookup): Generator<ApiError> {
  if (!isPlainObject(body)) return yield invalidType('body', 'an object', body)
  for (const name of Object.keys(body)) if (!EMBEDDING_REQUEST_PARAMETERS.has(name)) yield unrecognizedArgument(name)
  yield* modelProblems(body.model, models)
  yield* inputProblems(body.input)
  yield* parameterProblems(body)
}

/** The inputs of a valid `input`, one per vector the answer carries; null when `input` is not valid. */
export function inputsOf(input: unknown): EmbeddingInput[] | null {
  if (typeof input === 'string') return input === '' ? null : [input]
  if (!Array.isArray(input) || input.length === 0 || input.length > MAX_INPUTS) return null
  if (input.every((item) => typeof item === 'string' && item !== '')) return input
  if (input.every(isTokenId)) return [input]
  if (input.every((item) => Array.isArray(item) && item.length > 0 && item.every(isTokenId))) return input
  return null
}

function* modelProblems(model: unknown, models: ModelLookup): Generator<ApiError> {
  if (model === undefined || model === null || model === '') yield apiError(400, 'you must provide a model parameter')
  else if (typeof model !== 'string') yield invalidType('model', 'a string', model)
  else if (!models.isServed(model)) yield modelNotFound(model)
  else if (!models.embeds(model))
    yield apiError(400, `The model \`${model}\` does not support embeddings.`, { param: 'model' })
}

function* inputProblems(input: unknown): Generator<ApiError> {
  if (input === undefined || input === null) return yield missingParameter('input')
  const inputs = inputsOf(input)
  if (!inputs) return yield invalidInput()
  for (const item of inputs) {
    const tokens = tokenCount(item)
    if (tokens > MAX_INPUT_TOKENS) yield contextLengthExceeded(tokens)
  }
}

function* parameterProblems(body: Body): Generator<ApiError> {
  const format = body.encoding_format
  if (isPresent(format) && !(ENCODING_FORMATS as readonly unknown[]).includes(format)) {
    yield invalidValue('encoding_format', String(format), ENCODING_FORMATS)
  }
  const dimensions = body.dimensions
  if (isPresent(dimensions)) {
    if (typeof dimensions !== 'number' || !Number.isInteger(dimensions)) {
      yield invalidType('dimensions', 'an integer', dimensions)
    } else if (dimensions < 1) yield outOfRange('dimensions', 'integer', 'min', 1, dimensions)
    else if (dimensions > EMBEDDING_DIMENSIONS)
      yield outOfRange('dimensions', 'integer', 'max', EMBEDDING_DIMENSIONS, dimensions)
  }
  if (isPresent(body.user) && typeof body.user !== 'string') yield invalidType('user', 'a string', body.user)
}

/** OpenAI's answer to an `input` it cannot read as any of its forms (an empty string or list, mixed items). */
function invalidInput(): ApiError {
  return apiError(
    400,
    "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
  )
}

function contextLengthExceeded(tokens: number): ApiError {
  return apiError(
    400,
    `This model's maximum context length is ${MAX_INPUT_TOKENS} tokens, however you requested ${tokens} tokens ` +
      `(${tokens} in your prompt; 0 for the completion). Please reduce your prompt; or completion length.`,
  )
}

function isTokenId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
}

/** Present and not null: null means "default" for every optional parameter. */
function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null
}
