/** What a request's `response_format` asked for: structured outputs, JSON mode, or a vendor dialect. */
import { isPlainObject } from '../../shared/body.ts'

/** `response_format` as these checks judge it. */
export type ResponseFormat =
  /** OpenAI's structured outputs: `{type: "json_schema", json_schema: {name, schema, strict}}`. */
  | { kind: 'json_schema'; name: unknown; schema: Record<string, unknown> | undefined; strict: boolean }
  /** JSON mode: `{type: "json_object"}`. */
  | { kind: 'json_object' }
  /** A vendor dialect: `{type: "json_schema", schema}` with the schema at the top level (not OpenAI's shape). */
  | { kind: 'vendor_schema'; schema: Record<string, unknown> }

export function responseFormat(request: Record<string, unknown>): ResponseFormat | null {
  const format = request.response_format
  if (!isPlainObject(format)) return null
  if (format.type === 'json_object') return { kind: 'json_object' }
  if (format.type !== 'json_schema') return null
  if (isPlainObject(format.json_schema)) {
    const config = format.json_schema
    return {
      kind: 'json_schema',
      name: config.name,
      schema: isPlainObject(config.schema) ? config.schema : undefined,
      strict: config.strict === true,
    }
  }
  return isPlainObject(format.schema) ? { kind: 'vendor_schema', schema: format.schema } : null
}
