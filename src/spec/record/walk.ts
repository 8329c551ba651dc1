/**
 * Schema-aware traversal: which keys of a JSON Schema object hold subschemas (and so are
 * walked) and which hold data (`enum`, `default`, `required`, property *names*, ...), which
 * must never be rewritten. Everything record-time (normalise, closure, discriminators) walks
 * through here so no pass mistakes a property called `nullable` or `x-foo` for a keyword.
 */
import { escapePointerToken } from '../pointer.ts'

/** A JSON Schema node as it comes out of the YAML: an object, or a boolean schema. */
export type SchemaNode = { [keyword: string]: unknown } | boolean

/** Keywords whose value is one subschema. */
const SINGLE = new Set([
  'additionalProperties',
  'items',
  'additionalItems',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
])
/** Keywords whose value is an array of subschemas. */
const ARRAY = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems'])
/** Keywords whose value maps names to subschemas. */
const MAP = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'])

/** Keywords that only describe a schema and never change what it accepts. */
export const ANNOTATION_KEYWORDS = [
  'title',
  'description',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'examples',
  '$comment',
] as const

export function isSchemaObject(value: unknown): value is { [keyword: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Returns a copy of `node` with every direct subschema replaced by `fn(subschema, pointer)`
 * (pointer relative to `node`, e.g. `/properties/id`). Other keys are copied as they are.
 */
export function mapSubschemas(
  node: { [keyword: string]: unknown },
  fn: (sub: unknown, pointer: string) => unknown,
): { [keyword: string]: unknown } {
  const out: { [keyword: string]: unknown } = {}
  for (const [key, value] of Object.entries(node)) {
    const at = `/${escapePointerToken(key)}`
    if (SINGLE.has(key) && (isSchemaObject(value) || typeof value === 'boolean')) {
      out[key] = fn(value, at)
    } else if (ARRAY.has(key) && Array.isArray(value)) {
      out[key] = value.map((sub, i) => fn(sub, `${at}/${i}`))
    } else if (MAP.has(key) && isSchemaObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, fn(sub, `${at}/${escapePointerToken(name)}`)]),
      )
    } else {
      out[key] = value
    }
  }
  return out
}

/** Calls `visit` on `node` and every subschema below it, depth first, with its pointer. */
export function visitSchemas(
  node: unknown,
  visit: (node: { [keyword: string]: unknown }, pointer: string) => void,
  pointer = '',
): void {
  if (!isSchemaObject(node)) return
  visit(node, pointer)
  mapSubschemas(node, (sub, at) => {
    visitSchemas(sub, visit, pointer + at)
    return sub
  })
}
