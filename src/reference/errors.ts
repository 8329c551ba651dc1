/**
 * The OpenAI error envelope and the errors the reference raises, worded like OpenAI's
 * (see ../shared/real-traffic/*error*.json for recorded ones).
 */

export interface ApiErrorObject {
  message: string
  type: string
  param: string | null
  code: string | null
}

/** An error as the pipeline carries it: the HTTP status and the JSON body. */
export interface ApiError {
  status: number
  body: { error: ApiErrorObject }
}

export function apiError(
  status: number,
  message: string,
  { type = 'invalid_request_error', param = null, code = null }: Partial<Omit<ApiErrorObject, 'message'>> = {},
): ApiError {
  return { status, body: { error: { message, type, param, code } } }
}

const API_KEYS_URL = 'https://platform.openai.com/account/api-keys'

/**
 * Masks a key the way OpenAI's 401 message does: the first 8 and last 4 characters, a star
 * for each one between ("invalid-*****2345"). Short keys show less, so at least half of any
 * key stays hidden: the full key is never echoed.
 */
export function maskApiKey(key: string): string {
  const [head, tail] = key.length >= 16 ? [8, 4] : [Math.floor(key.length / 4), Math.floor(key.length / 8)]
  return key.slice(0, head) + '*'.repeat(key.length - head - tail) + key.slice(key.length - tail)
}

export function missingApiKey(): ApiError {
  return apiError(
    401,
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth " +
      "(i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API " +
      `from your browser and are prompted for a username and password. You can obtain an API key from ${API_KEYS_URL}.`,
  )
}

export function invalidApiKey(key: string): ApiError {
  return apiError(
    401,
    `Incorrect API key provided: ${maskApiKey(key)}. You can find your API key at ${API_KEYS_URL}.`,
    {
      code: 'invalid_api_key',
    },
  )
}

export function invalidJsonBody(): ApiError {
  return apiError(
    400,
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library " +
      'correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble ' +
      'figuring out how to fix this, please contact us through our help center at help.openai.com.)',
  )
}

/** Unknown model on an inference route (copied from the real 404 recordings). */
export function modelNotFound(model: string): ApiError {
  return apiError(404, `The model \`${model}\` does not exist or you do not have access to it.`, {
    code: 'model_not_found',
  })
}

/** Unknown model on `GET /models/{id}`. */
export function retrieveModelNotFound(model: string): ApiError {
  return apiError(404, `The model '${model}' does not exist`, { param: 'model', code: 'model_not_found' })
}

export function invalidUrl(method: string, path: string): ApiError {
  return apiError(404, `Invalid URL (${method} ${path})`)
}

export function serverError(): ApiError {
  return apiError(500, 'The server had an error while processing your request. Sorry about that!', {
    type: 'server_error',
  })
}

export function missingParameter(param: string): ApiError {
  return apiError(400, `Missing required parameter: '${param}'.`, { param, code: 'missing_required_parameter' })
}

export function unrecognizedArgument(name: string): ApiError {
  return apiError(400, `Unrecognized request argument supplied: ${name}`)
}

/** "expected an integer, but got a string instead." */
export function invalidType(param: string, expected: string, value: unknown): ApiError {
  return apiError(400, `Invalid type for '${param}': expected ${expected}, but got ${describeType(value)} instead.`, {
    param,
    code: 'invalid_type',
  })
}

export function invalidValue(param: string, value: string, supported: readonly string[]): ApiError {
  return apiError(400, `Invalid value: '${value}'. Supported values are: ${listQuoted(supported)}.`, {
    param,
    code: 'invalid_value',
  })
}

export type NumberKind = 'integer' | 'decimal'

export function outOfRange(
  param: string,
  kind: NumberKind,
  bound: 'min' | 'max',
  limit: number,
  value: number,
): ApiError {
  const [relation, comparison] = bound === 'min' ? ['below minimum', '>='] : ['above maximum', '<=']
  return apiError(
    400,
    `Invalid '${param}': ${kind} ${relation} value. Expected a value ${comparison} ${limit}, but got ${value} instead.`,
    { param, code: `${kind}_${bound === 'min' ? 'below_min' : 'above_max'}_value` },
  )
}

/** OpenAI's article + type names: "a string", "an integer", "a decimal", "an array", "an object". */
export function describeType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'boolean') return 'a boolean'
  return `a ${typeof value}`
}

/** 'a', 'b', and 'c' */
function listQuoted(values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`)
  if (quoted.length <= 1) return quoted.join('')
  return `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}`
}
