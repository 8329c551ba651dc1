/**
 * OpenAPI-isms -> JSON Schema 2020-12 that ajv accepts in strict mode.
 *
 * The recorded spec (OpenAPI 3.1) mixes 3.0 forms with 2020-12 ones. Per node:
 * - `nullable: true` -> `null` joins `type`, and `enum`/`const` where present (a nullable
 *   enum must accept null too). A node that composes or refers (`$ref`, `allOf`, `anyOf`,
 *   `oneOf`, `not`: their constraints would still reject null) becomes
 *   `anyOf: [node, {type: 'null'}]`, its annotations moved to the wrapper. A node with
 *   neither `type` nor composition already accepts null (bar its enum/const).
 *   `nullable: false` is dropped.
 * - `x-*` extensions dropped (ajv strict rejects unknown keywords).
 * - `example` dropped (not a 2020-12 keyword); `examples` kept when it is an array.
 * - `format` values ajv-formats does not define (the spec's `unixtime`) dropped; `type`
 *   still applies. Known ones (`uri`, `binary`, `int64`, `double`, ...) are kept.
 * - A component schema (top level only) with `properties` but no `type` and no
 *   composition gets `type: object` (`normaliseComponent`). OpenAPI tooling reads such a
 *   schema as an object model (the SDK's `Model` is an interface); as JSON Schema it would
 *   accept any string or number, so a `GET /models/{id}` answering `"gpt-4o"` would pass.
 *   This is the one tightening (ajv's strictTypes check found the site: `Model`).
 *
 * `discriminator` is kept here and settled by `settleDiscriminators`, which needs the
 * whole bundle to resolve the `oneOf` branches.
 */
import { formatNames } from 'ajv-formats/dist/formats.js'
import { ANNOTATION_KEYWORDS, isSchemaObject, mapSubschemas, type SchemaNode } from './walk.ts'

/** Formats ajv-formats defines: kept. Others are dropped (and counted). */
const KNOWN_FORMATS: ReadonlySet<string> = new Set(formatNames)

/** Keywords that compose or reference other schemas: a nullable node with any of them is wrapped. */
const COMPOSING = ['$ref', 'allOf', 'anyOf', 'oneOf', 'not'] as const

/** What normalisation did, counted; `describeNormalisations` turns it into PROVENANCE lines. */
export interface NormaliseLog {
  nullableTyped: number
  nullableEnum: number
  nullableWrapped: number
  nullableUntyped: number
  nullableFalse: number
  /** Extension name -> count. */
  extensions: Map<string, number>
  example: number
  examplesNotArray: number
  /** Dropped format -> count. */
  formats: Map<string, number>
  /** Component names that got `type: object`. */
  objectTyped: string[]
}

export function createNormaliseLog(): NormaliseLog {
  return {
    nullableTyped: 0,
    nullableEnum: 0,
    nullableWrapped: 0,
    nullableUntyped: 0,
    nullableFalse: 0,
    extensions: new Map(),
    example: 0,
    examplesNotArray: 0,
    formats: new Map(),
    objectTyped: [],
  }
}

/** `normaliseSchema` for a top-level component schema, plus the `type: object` inference. */
export function normaliseComponent(
  name: string,
  schema: unknown,
  log: NormaliseLog = createNormaliseLog(),
): SchemaNode {
  const out = normaliseSchema(schema, log)
  if (typeof out === 'boolean' || out.type !== undefined || !('properties' in out)) return out
  if (COMPOSING.some((k) => k in out)) return out
  log.objectTyped.push(name)
  return { type: 'object', ...out }
}

/** Returns a normalised copy of `schema` (the input is not changed). */
export function normaliseSchema(schema: unknown, log: NormaliseLog = createNormaliseLog()): SchemaNode {
  if (typeof schema === 'boolean') return schema
  if (!isSchemaObject(schema)) throw new TypeError(`not a schema: ${JSON.stringify(schema)}`)
  const node = mapSubschemas(schema, (sub) => normaliseSchema(sub, log))
  const out: { [keyword: string]: unknown } = {}
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-')) {
      count(log.extensions, key)
    } else if (key === 'example') {
      log.example++
    } else if (key === 'examples' && !Array.isArray(value)) {
      log.examplesNotArray++
    } else if (key === 'format' && typeof value === 'string' && !KNOWN_FORMATS.has(value)) {
      count(log.formats, value)
    } else if (key !== 'nullable') {
      out[key] = value
    }
  }
  if (node.nullable === true) return makeNullable(out, log)
  if (node.nullable === false) log.nullableFalse++
  return out
}

/** The node, also accepting null. */
export function makeNullable(
  node: { [keyword: string]: unknown },
  log: NormaliseLog = createNormaliseLog(),
): SchemaNode {
  if (COMPOSING.some((k) => k in node)) {
    log.nullableWrapped++
    return withAlternative(node, { type: 'null' })
  }
  const out = { ...node }
  if (typeof out.type === 'string' || Array.isArray(out.type)) {
    log.nullableTyped++
    const types = typeof out.type === 'string' ? [out.type] : out.type
    if (!types.includes('null')) out.type = [...types, 'null']
  } else {
    // No type: every type but the ones `enum`/`const` exclude already passes.
    log.nullableUntyped++
  }
  if (Array.isArray(out.enum) && !out.enum.includes(null)) {
    log.nullableEnum++
    out.enum = [...out.enum, null]
  }
  if ('const' in out && out.const !== null) {
    log.nullableEnum++
    out.enum = [out.const, null]
    delete out.const
  }
  return out
}

/**
 * `anyOf: [node, alternative]`, the node's annotations (description, default, ...) moved
 * to the wrapper so they still describe the whole.
 */
export function withAlternative(
  node: { [keyword: string]: unknown },
  alternative: SchemaNode,
): { [keyword: string]: unknown } {
  const inner = { ...node }
  const wrapper: { [keyword: string]: unknown } = {}
  for (const k of ANNOTATION_KEYWORDS) {
    if (k in inner) {
      wrapper[k] = inner[k]
      delete inner[k]
    }
  }
  return { anyOf: [inner, alternative], ...wrapper }
}

/** PROVENANCE lines for what a run of `normaliseSchema` changed. */
export function describeNormalisations(log: NormaliseLog): string[] {
  const lines: string[] = []
  const nullable = log.nullableTyped + log.nullableWrapped + log.nullableUntyped
  if (nullable > 0) {
    const parts = [
      log.nullableTyped > 0 && `"null" added to type (${log.nullableTyped}x)`,
      log.nullableEnum > 0 && `null added to enum/const (${log.nullableEnum}x)`,
      log.nullableWrapped > 0 &&
        `anyOf [schema, {type: null}] where the node has $ref/allOf/anyOf/oneOf/not (${log.nullableWrapped}x)`,
      log.nullableUntyped > 0 && `nothing more where the node has no type (${log.nullableUntyped}x)`,
    ]
    lines.push(`nullable: true (${nullable}x) -> ${parts.filter(Boolean).join('; ')}`)
  }
  if (log.nullableFalse > 0) lines.push(`nullable: false dropped (${log.nullableFalse}x)`)
  if (log.extensions.size > 0) lines.push(`x-* extensions dropped: ${listCounts(log.extensions)}`)
  if (log.example > 0) lines.push(`example (OpenAPI, not JSON Schema) dropped (${log.example}x)`)
  if (log.examplesNotArray > 0) lines.push(`examples that are not an array dropped (${log.examplesNotArray}x)`)
  if (log.formats.size > 0) lines.push(`formats unknown to ajv-formats dropped, type kept: ${listCounts(log.formats)}`)
  if (log.objectTyped.length > 0) {
    lines.push(
      `type: object added to component schemas that have properties but no type: ${[...log.objectTyped].sort().join(', ')}`,
    )
  }
  return lines
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1)
}

function listCounts(map: Map<string, number>): string {
  return [...map]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} (${n}x)`)
    .join(', ')
}
