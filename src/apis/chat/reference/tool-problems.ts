/**
 * Request validation for function calling and structured outputs, after OpenAI's: `tools`
 * must be function (or custom) tools with names, `tool_choice` needs `tools` and must name
 * a declared function, and a `json_schema` response format needs its `json_schema` object
 * (so the vendor dialect `{type: "json_schema", schema}` is rejected, as OpenAI rejects it).
 *
 * Runs after the generic parameter checks (./validate-chat.ts); like them it yields
 * problems lazily, in the order OpenAI reports them. Wording not on record is ours, in
 * OpenAI's style.
 */
import { apiError, invalidType, invalidValue, missingParameter, type ApiError } from '../../../reference/errors.ts'

const TOOL_TYPES = ['function', 'custom'] as const
const TOOL_CHOICE_MODES = ['none', 'auto', 'required'] as const
/** OpenAI's rule for function names: a-z, A-Z, 0-9, underscores and dashes, at most 64. */
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/

type Body = Record<string, unknown>

export function* toolAndFormatProblems(body: Body): Generator<ApiError> {
  yield* toolsProblems(body.tools)
  yield* toolChoiceProblems(body.tool_choice, body.tools)
  yield* responseFormatProblems(body.response_format)
}

function* toolsProblems(tools: unknown): Generator<ApiError> {
  if (tools === undefined || tools === null) return
  if (!Array.isArray(tools)) return yield invalidType('tools', 'an array', tools)
  for (const [i, tool] of tools.entries()) {
    const at = `tools[${i}]`
    if (!isObject(tool)) {
      yield invalidType(at, 'an object', tool)
      continue
    }
    if (typeof tool.type !== 'string' || !(TOOL_TYPES as readonly string[]).includes(tool.type)) {
      yield invalidValue(`${at}.type`, String(tool.type), TOOL_TYPES)
      continue
    }
    if (tool.type !== 'function') continue
    if (!isObject(tool.function)) {
      yield missingParameter(`${at}.function`)
      continue
    }
    const name = tool.function.name
    if (name === undefined) yield missingParameter(`${at}.function.name`)
    else if (typeof name !== 'string' || !FUNCTION_NAME.test(name)) {
      yield apiError(
        400,
        `Invalid '${at}.function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
        {
          param: `${at}.function.name`,
          code: 'invalid_value',
        },
      )
    }
    const parameters = tool.function.parameters
    if (parameters !== undefined && !isObject(parameters))
      yield invalidType(`${at}.function.parameters`, 'an object', parameters)
  }
}

function* toolChoiceProblems(choice: unknown, tools: unknown): Generator<ApiError> {
  if (choice === undefined || choice === null) return
  const declared = Array.isArray(tools) ? tools : []
  if (declared.length === 0) {
    return yield apiError(
      400,
      "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
      { param: 'tool_choice' },
    )
  }
  if (typeof choice === 'string') {
    if (!(TOOL_CHOICE_MODES as readonly string[]).includes(choice))
      yield invalidValue('tool_choice', choice, TOOL_CHOICE_MODES)
    return
  }
  if (!isObject(choice)) return yield invalidType('tool_choice', 'one of a string or object', choice)
  if (choice.type !== 'function') return
  const name = isObject(choice.function) ? choice.function.name : undefined
  if (typeof name !== 'string') return yield missingParameter('tool_choice.function.name')
  const names = declared.map((tool) => (isObject(tool) && isObject(tool.function) ? tool.function.name : undefined))
  if (!names.includes(name)) {
    yield apiError(400, `Invalid value for 'tool_choice': function '${name}' is not one of the functions in 'tools'.`, {
      param: 'tool_choice',
      code: 'invalid_value',
    })
  }
}

function* responseFormatProblems(format: unknown): Generator<ApiError> {
  if (!isObject(format) || format.type !== 'json_schema') return
  if (format.json_schema === undefined || format.json_schema === null)
    return yield missingParameter('response_format.json_schema')
  if (!isObject(format.json_schema))
    return yield invalidType('response_format.json_schema', 'an object', format.json_schema)
  if (format.json_schema.name === undefined) yield missingParameter('response_format.json_schema.name')
  const schema = format.json_schema.schema
  if (schema !== undefined && !isObject(schema))
    yield invalidType('response_format.json_schema.schema', 'an object', schema)
}

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
