/**
 * Request validation for `POST /chat/completions`, after OpenAI's: the same parameters,
 * ranges and error codes (`missing_required_parameter`, `invalid_type`, `invalid_value`,
 * `integer_above_max_value`, …).
 *
 * Problems are yielded in the order OpenAI reports them (roughly: unknown arguments, model,
 * messages, parameters) and lazily, so the handler sends the first one that no fault waives.
 * Where OpenAI's exact wording is not on record the message is ours, in OpenAI's style.
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
  type NumberKind,
} from '../../../reference/errors.ts'
import { toolAndFormatProblems } from './tool-problems.ts'

/** The properties of `CreateChatCompletionRequest` in the recorded spec (with its allOf parts). */
export const CHAT_REQUEST_PARAMETERS: ReadonlySet<string> = new Set([
  'messages',
  'model',
  'audio',
  'frequency_penalty',
  'function_call',
  'functions',
  'logit_bias',
  'logprobs',
  'max_completion_tokens',
  'max_tokens',
  'metadata',
  'modalities',
  'moderation',
  'n',
  'parallel_tool_calls',
  'prediction',
  'presence_penalty',
  'prompt_cache_key',
  'prompt_cache_options',
  'prompt_cache_retention',
  'reasoning_effort',
  'response_format',
  'safety_identifier',
  'seed',
  'service_tier',
  'stop',
  'store',
  'stream',
  'stream_options',
  'temperature',
  'tool_choice',
  'tools',
  'top_logprobs',
  'top_p',
  'user',
  'verbosity',
  'web_search_options',
])

/** Message roles in the order OpenAI's error message lists them. */
export const MESSAGE_ROLES = ['system', 'assistant', 'user', 'function', 'tool', 'developer'] as const

/** Content part types each role accepts. */
const PART_TYPES: Record<string, readonly string[]> = {
  system: ['text'],
  developer: ['text'],
  user: ['text', 'image_url', 'input_audio', 'file'],
  assistant: ['text', 'refusal'],
  tool: ['text'],
  function: ['text'],
}

/** Roles whose messages must carry `content`. */
const CONTENT_REQUIRED = new Set(['system', 'developer', 'user', 'tool'])

interface NumberRule {
  kind: NumberKind
  min?: number
  max?: number
}

/** Numeric parameters; each also accepts null. */
const NUMBER_RULES: Record<string, NumberRule> = {
  n: { kind: 'integer', min: 1, max: 128 },
  temperature: { kind: 'decimal', min: 0, max: 2 },
  top_p: { kind: 'decimal', min: 0, max: 1 },
  frequency_penalty: { kind: 'decimal', min: -2, max: 2 },
  presence_penalty: { kind: 'decimal', min: -2, max: 2 },
  top_logprobs: { kind: 'integer', min: 0, max: 20 },
  max_tokens: { kind: 'integer', min: 1 },
  max_completion_tokens: { kind: 'integer', min: 1 },
  seed: { kind: 'integer' },
}

type ValueKind = 'boolean' | 'string' | 'object'

/** Other typed parameters; each also accepts null. */
const TYPE_RULES: Record<string, ValueKind> = {
  stream: 'boolean',
  logprobs: 'boolean',
  store: 'boolean',
  parallel_tool_calls: 'boolean',
  user: 'string',
  safety_identifier: 'string',
  prompt_cache_key: 'string',
  metadata: 'object',
  logit_bias: 'object',
  stream_options: 'object',
  response_format: 'object',
}

const EXPECTED: Record<ValueKind, string> = { boolean: 'a boolean', string: 'a string', object: 'an object' }

const SERVICE_TIERS = ['auto', 'default', 'flex', 'scale', 'priority', 'fast'] as const
const RESPONSE_FORMAT_TYPES = ['text', 'json_object', 'json_schema'] as const
const MAX_STOP_SEQUENCES = 4

type Body = Record<string, unknown>

export function* chatRequestProblems(body: unknown, isServed: (model: string) => boolean): Generator<ApiError> {
  if (!isObject(body)) {
    yield invalidType('body', 'an object', body)
    return
  }
  for (const name of Object.keys(body)) if (!CHAT_REQUEST_PARAMETERS.has(name)) yield unrecognizedArgument(name)
  yield* modelProblems(body.model, isServed)
  yield* messagesProblems(body.messages)
  yield* parameterProblems(body)
  yield* toolAndFormatProblems(body)
}

function* modelProblems(model: unknown, isServed: (model: string) => boolean): Generator<ApiError> {
  if (model === undefined || model === null || model === '') yield apiError(400, 'you must provide a model parameter')
  else if (typeof model !== 'string') yield invalidType('model', 'a string', model)
  else if (!isServed(model)) yield modelNotFound(model)
}

function* messagesProblems(messages: unknown): Generator<ApiError> {
  if (messages === undefined) return yield missingParameter('messages')
  if (!Array.isArray(messages)) return yield invalidType('messages', 'an array of objects', messages)
  if (messages.length === 0) yield emptyArray('messages')
  for (const [i, message] of messages.entries()) yield* messageProblems(message, `messages[${i}]`)
}

function* messageProblems(message: unknown, at: string): Generator<ApiError> {
  if (!isObject(message)) return yield invalidType(at, 'an object', message)
  const role = message.role
  if (role === undefined) return yield missingParameter(`${at}.role`)
  if (typeof role !== 'string' || !(MESSAGE_ROLES as readonly string[]).includes(role)) {
    return yield invalidValue(`${at}.role`, String(role), MESSAGE_ROLES)
  }
  const content = message.content
  if (content === undefined || content === null) {
    if (CONTENT_REQUIRED.has(role)) yield missingParameter(`${at}.content`)
  } else if (Array.isArray(content)) {
    if (content.length === 0) yield emptyArray(`${at}.content`)
    const allowed = PART_TYPES[role] ?? []
    for (const [j, part] of content.entries()) yield* partProblems(part, `${at}.content[${j}]`, allowed)
  } else if (typeof content !== 'string') {
    yield invalidType(`${at}.content`, 'one of a string or array of objects', content)
  }
  if (role === 'tool' && message.tool_call_id === undefined) yield missingParameter(`${at}.tool_call_id`)
}

function* partProblems(part: unknown, at: string, allowed: readonly string[]): Generator<ApiError> {
  if (!isObject(part)) return yield invalidType(at, 'an object', part)
  if (part.type === undefined) return yield missingParameter(`${at}.type`)
  if (typeof part.type !== 'string' || !allowed.includes(part.type)) {
    return yield invalidValue(`${at}.type`, String(part.type), allowed)
  }
  if (part.type === 'text') {
    if (part.text === undefined) yield missingParameter(`${at}.text`)
    else if (typeof part.text !== 'string') yield invalidType(`${at}.text`, 'a string', part.text)
  }
  if (part.type === 'image_url') yield* imagePartProblems(part.image_url, `${at}.image_url`)
}

/** `image_url.detail` values (ChatCompletionRequestMessageContentPartImage). */
const IMAGE_DETAILS = ['auto', 'low', 'high'] as const

/** An image part's `image_url`: an object with a string `url` (a data: or http(s) URL) and an optional `detail`. */
function* imagePartProblems(image: unknown, at: string): Generator<ApiError> {
  if (image === undefined) return yield missingParameter(at)
  if (!isObject(image)) return yield invalidType(at, 'an object', image)
  if (image.url === undefined) yield missingParameter(`${at}.url`)
  else if (typeof image.url !== 'string') yield invalidType(`${at}.url`, 'a string', image.url)
  else if (!/^(data:|https?:\/\/)/i.test(image.url)) {
    yield apiError(
      400,
      `Invalid '${at}.url'. Expected a base64-encoded data URL with an image MIME type or an http(s) URL, but got a value that is neither.`,
      { param: `${at}.url`, code: 'invalid_value' },
    )
  }
  yield* enumProblem(`${at}.detail`, image.detail, IMAGE_DETAILS)
}

function* parameterProblems(body: Body): Generator<ApiError> {
  for (const [name, rule] of Object.entries(NUMBER_RULES)) yield* numberProblems(name, body[name], rule)
  for (const [name, kind] of Object.entries(TYPE_RULES)) {
    if (isPresent(body[name]) && !hasKind(body[name], kind)) yield invalidType(name, EXPECTED[kind], body[name])
  }
  yield* stopProblems(body.stop)
  yield* enumProblem('service_tier', body.service_tier, SERVICE_TIERS)
  if (isObject(body.response_format)) {
    yield* enumProblem('response_format.type', body.response_format.type, RESPONSE_FORMAT_TYPES)
  }
  yield* streamOptionsProblems(body)
  if (isPresent(body.top_logprobs) && body.logprobs !== true) {
    yield apiError(
      400,
      "Invalid value for 'top_logprobs': 'logprobs' must be set to true when 'top_logprobs' is used.",
      {
        param: 'top_logprobs',
        code: 'invalid_value',
      },
    )
  }
}

function* streamOptionsProblems(body: Body): Generator<ApiError> {
  if (!isPresent(body.stream_options)) return
  if (body.stream !== true) {
    yield apiError(400, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", {
      param: 'stream_options',
    })
  }
  const includeUsage = isObject(body.stream_options) ? body.stream_options.include_usage : undefined
  if (isPresent(includeUsage) && typeof includeUsage !== 'boolean') {
    yield invalidType('stream_options.include_usage', 'a boolean', includeUsage)
  }
}

function* numberProblems(name: string, value: unknown, rule: NumberRule): Generator<ApiError> {
  if (!isPresent(value)) return
  const expected = rule.kind === 'integer' ? 'an integer' : 'a decimal'
  if (typeof value !== 'number' || (rule.kind === 'integer' && !Number.isInteger(value))) {
    return yield invalidType(name, expected, value)
  }
  if (rule.min !== undefined && value < rule.min) yield outOfRange(name, rule.kind, 'min', rule.min, value)
  else if (rule.max !== undefined && value > rule.max) yield outOfRange(name, rule.kind, 'max', rule.max, value)
}

function* stopProblems(stop: unknown): Generator<ApiError> {
  if (!isPresent(stop) || typeof stop === 'string') return
  if (!Array.isArray(stop)) return yield invalidType('stop', 'one of a string or array of strings', stop)
  if (stop.length > MAX_STOP_SEQUENCES) {
    const message =
      `Invalid 'stop': array too long. Expected an array with maximum length ${MAX_STOP_SEQUENCES}, ` +
      `but got an array with length ${stop.length} instead.`
    yield apiError(400, message, { param: 'stop', code: 'array_above_max_length' })
  }
  for (const [i, sequence] of stop.entries()) {
    if (typeof sequence !== 'string') yield invalidType(`stop[${i}]`, 'a string', sequence)
  }
}

function* enumProblem(name: string, value: unknown, allowed: readonly string[]): Generator<ApiError> {
  if (isPresent(value) && (typeof value !== 'string' || !allowed.includes(value))) {
    yield invalidValue(name, String(value), allowed)
  }
}

function emptyArray(param: string): ApiError {
  return apiError(
    400,
    `Invalid '${param}': empty array. Expected an array with minimum length 1, but got an empty array instead.`,
    { param, code: 'empty_array' },
  )
}

function hasKind(value: unknown, kind: ValueKind): boolean {
  return kind === 'object' ? isObject(value) : typeof value === kind
}

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Present and not null: null means "default" for every optional parameter. */
function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null
}
