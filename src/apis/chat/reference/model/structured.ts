/**
 * Structured outputs: the reply when the request sets `response_format`. For `json_schema`
 * a JSON value generated from the schema (./json-from-schema.ts), for `json_object` a JSON
 * object around the ordinary reply. Compact JSON, as OpenAI's structured outputs are.
 */
import { jsonFromSchema } from './json-from-schema.ts'
import { composeReply } from './reply.ts'

/** `response_format` as the model reads it (text is no format at all). */
export type ResponseFormatParam = { type: 'json_schema'; schema: unknown } | { type: 'json_object' }

export function structuredReply(format: ResponseFormatParam, prompt: string): string {
  if (format.type === 'json_schema') return JSON.stringify(jsonFromSchema(format.schema ?? {}, { seed: prompt }))
  return JSON.stringify({ answer: composeReply(prompt) })
}

/** JSON punctuation runs and the text between them. */
const JSON_TOKEN = /[{}[\],:"]+|[^{}[\],:"]+/g

/**
 * JSON text as tokens the way OpenAI streams it: punctuation runs and the text between
 * them (`{"`, `output`, `":`, `7`, `}`). Joining the tokens gives the text back exactly.
 */
export function tokenizeJson(text: string): string[] {
  return text.match(JSON_TOKEN) ?? []
}

/** A `key: value` line of a prompt. */
const STATED_LINE = /^([a-z_][a-z0-9_]*): *(.+?) *$/gm

/**
 * The values a prompt spells out as `key: value` lines, each read as a JSON scalar where it
 * is one (`36`, `true`, `null`), else kept as text. What a model without constrained decoding
 * copies into its JSON whatever the schema says, so the faults that model an unenforced
 * `strict` use it; the reference model never does (it generates from the schema).
 */
export function statedValues(prompt: string): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const [, key, text] of prompt.matchAll(STATED_LINE)) values[key!] = scalar(text!)
  return values
}

function scalar(text: string): unknown {
  if (/^(?:-?\d+(?:\.\d+)?|true|false|null)$/.test(text)) return JSON.parse(text)
  return text
}
