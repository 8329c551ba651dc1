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
