/**
 * A JSON value that satisfies a JSON Schema: how the reference model fills in tool
 * arguments and structured outputs honestly, from the schema the request declared.
 *
 * Covers what function parameters and structured-output schemas use (OpenAI's strict
 * subset and a little more): `type` (one or a list), `const`, `enum`, objects (every
 * declared property, so `required` and `additionalProperties: false` both hold), arrays
 * (`items`, `prefixItems`, `minItems` / `maxItems`, `uniqueItems`), strings (`minLength`,
 * `maxLength`, common `format`s), numbers (`minimum`, `maximum`, the exclusive forms,
 * `multipleOf`), `anyOf` / `oneOf` (the first branch that is not `null`), `allOf` (merged),
 * and local `$ref`s into `$defs` / `definitions` (recursion stops at a depth limit by
 * taking a `null` branch or the fewest items).
 *
 * Not covered: `pattern` beyond a few candidate strings, `not`, `if`/`then`, `dependent*`.
 * Deterministic: the same schema and seed give the same value.
 */
import { fnv1a } from '../../../../reference/hash.ts'
import { WORDS } from './reply.ts'

export interface JsonFromSchemaOptions {
  /** Varies the generated strings between calls (e.g. the prompt, or a call's position). */
  seed?: string
  /** Nesting depth after which optional structure is kept minimal; default 8. */
  maxDepth?: number
}

type Schema = Record<string, unknown>

const DEFAULT_MAX_DEPTH = 8

/** Sample values for the string formats JSON Schema defines and ajv-formats checks. */
const FORMAT_SAMPLES: Record<string, string> = {
  'date-time': '2025-01-15T09:30:00Z',
  date: '2025-01-15',
  time: '09:30:00Z',
  duration: 'P1D',
  email: 'ada@example.com',
  'idn-email': 'ada@example.com',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uri: 'https://example.com/',
  'uri-reference': 'https://example.com/',
  iri: 'https://example.com/',
  url: 'https://example.com/',
  uuid: '123e4567-e89b-42d3-a456-426614174000',
  'json-pointer': '/a',
  regex: '^a$',
}

export function jsonFromSchema(schema: unknown, options: JsonFromSchemaOptions = {}): unknown {
  const generator = new Generator(schema, options.seed ?? '', options.maxDepth ?? DEFAULT_MAX_DEPTH)
  return generator.value(schema, '', 0)
}

class Generator {
  readonly root: unknown
  readonly seed: string
  readonly maxDepth: number

  constructor(root: unknown, seed: string, maxDepth: number) {
    this.root = root
    this.seed = seed
    this.maxDepth = maxDepth
  }

  value(input: unknown, path: string, depth: number): unknown {
    if (input === true || input === undefined) return this.word(path)
    if (input === false || !isSchema(input)) return null
    const schema = this.resolve(input)
    if ('const' in schema) return schema.const
    if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0]
    if (Array.isArray(schema.allOf))
      return this.value(
        mergeAll(
          schema,
          schema.allOf.map((part) => (isSchema(part) ? this.resolve(part) : {})),
        ),
        path,
        depth,
      )
    const branches = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : null
    if (branches) return this.value(this.pickBranch(branches, depth), path, depth + 1)
    switch (this.type(schema, depth)) {
      case 'null':
        return null
      case 'boolean':
        return true
      case 'integer':
        return this.number(schema, true)
      case 'number':
        return this.number(schema, false)
      case 'array':
        return this.array(schema, path, depth)
      case 'object':
        return this.object(schema, path, depth)
      default:
        return this.string(schema, path)
    }
  }

  /** Follows a local `$ref` (`#/$defs/X`, `#/definitions/X`, `#`); siblings of `$ref` are kept. */
  resolve(schema: Schema, seen: ReadonlySet<string> = new Set()): Schema {
    const ref = schema.$ref
    if (typeof ref !== 'string' || !ref.startsWith('#') || seen.has(ref)) return schema
    const target = pointer(this.root, ref.slice(1))
    if (!isSchema(target)) return schema
    const { $ref: _ref, ...siblings } = schema
    return this.resolve({ ...target, ...siblings }, new Set([...seen, ref]))
  }

  /** The schema's type: the first listed that is not null (null only when it is the only one, or deep). */
  type(schema: Schema, depth: number): string {
    const types = Array.isArray(schema.type)
      ? (schema.type as unknown[]).filter((t): t is string => typeof t === 'string')
      : typeof schema.type === 'string'
        ? [schema.type]
        : []
    if (types.length > 0) {
      const concrete = types.filter((t) => t !== 'null')
      if (concrete.length === 0 || (depth >= this.maxDepth && types.includes('null'))) return 'null'
      return concrete[0]!
    }
    if (isSchema(schema.properties) || 'additionalProperties' in schema || Array.isArray(schema.required))
      return 'object'
    if ('items' in schema || 'prefixItems' in schema) return 'array'
    if ('minimum' in schema || 'maximum' in schema || 'multipleOf' in schema) return 'number'
    return 'string'
  }

  /** The first branch that is not plain `null`; past the depth limit, a `null` branch if there is one. */
  pickBranch(branches: unknown[], depth: number): unknown {
    const isNull = (branch: unknown) => isSchema(branch) && this.resolve(branch).type === 'null'
    if (depth >= this.maxDepth) {
      const nullBranch = branches.find(isNull)
      if (nullBranch !== undefined) return nullBranch
    }
    return branches.find((branch) => !isNull(branch)) ?? branches[0]
  }

  object(schema: Schema, path: string, depth: number): Record<string, unknown> {
    const properties = isSchema(schema.properties) ? schema.properties : {}
    const required = Array.isArray(schema.required)
      ? schema.required.filter((name): name is string => typeof name === 'string')
      : []
    const result: Record<string, unknown> = {}
    for (const [name, property] of Object.entries(properties)) {
      // Past the depth limit only required properties are filled in, so recursion ends.
      if (depth >= this.maxDepth && !required.includes(name)) continue
      result[name] = this.value(property, `${path}/${name}`, depth + 1)
    }
    for (const name of required)
      if (!(name in result))
        result[name] = this.value(schema.additionalProperties ?? true, `${path}/${name}`, depth + 1)
    return result
  }

  array(schema: Schema, path: string, depth: number): unknown[] {
    const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : []
    const min = nonNegative(schema.minItems) ?? 0
    const max = nonNegative(schema.maxItems) ?? Infinity
    const wanted = depth >= this.maxDepth ? min : Math.max(min, prefix.length, 1)
    const count = Math.min(wanted, max)
    const items: unknown[] = []
    for (let i = 0; i < count; i++) {
      const itemSchema = i < prefix.length ? prefix[i] : (schema.items ?? true)
      items.push(this.distinct(itemSchema, `${path}/${i}`, depth + 1, items, schema.uniqueItems === true))
    }
    return items
  }

  /** An item; with uniqueItems, varied (enum values in turn, other seeds) until it differs from the others. */
  distinct(itemSchema: unknown, path: string, depth: number, others: unknown[], unique: boolean): unknown {
    const item = this.value(itemSchema, path, depth)
    if (!unique || !others.some((other) => sameJson(other, item))) return item
    const resolved = isSchema(itemSchema) ? this.resolve(itemSchema) : {}
    if (Array.isArray(resolved.enum))
      return resolved.enum.find((value) => !others.some((other) => sameJson(other, value))) ?? item
    const type = this.type(resolved, depth)
    if (type === 'integer' || type === 'number')
      return (item as number) + others.length * (typeof resolved.multipleOf === 'number' ? resolved.multipleOf : 1)
    return this.value(itemSchema, `${path}#${others.length}`, depth)
  }

  number(schema: Schema, integer: boolean): number {
    const step = typeof schema.multipleOf === 'number' && schema.multipleOf > 0 ? schema.multipleOf : integer ? 1 : 0
    let low = typeof schema.minimum === 'number' ? schema.minimum : -Infinity
    if (typeof schema.exclusiveMinimum === 'number') low = Math.max(low, schema.exclusiveMinimum + (step || 0.5))
    let high = typeof schema.maximum === 'number' ? schema.maximum : Infinity
    if (typeof schema.exclusiveMaximum === 'number') high = Math.min(high, schema.exclusiveMaximum - (step || 0.5))
    let value = Number.isFinite(low) ? low : Number.isFinite(high) ? Math.min(high, 0) : 1
    if (value > high) value = high
    if (step > 0) value = Math.ceil(value / step) * step
    if (integer) value = Math.ceil(value)
    return value
  }

  string(schema: Schema, path: string): string {
    const format = typeof schema.format === 'string' ? FORMAT_SAMPLES[schema.format] : undefined
    let text = format ?? this.word(path)
    if (typeof schema.pattern === 'string') text = patternCandidate(schema.pattern, text)
    const min = nonNegative(schema.minLength) ?? 0
    const max = nonNegative(schema.maxLength) ?? Infinity
    while (text.length < min) text += 'x'
    return text.length > max ? text.slice(0, max) : text
  }

  /** A word from the reply vocabulary, picked by the seed and where the value sits. */
  word(path: string): string {
    return WORDS[fnv1a(`${this.seed}|${path}`) % WORDS.length]!
  }
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function nonNegative(value: unknown): number | undefined {
  return typeof value === 'number' && value >= 0 ? Math.floor(value) : undefined
}

/** The value at a JSON pointer (`/$defs/Item`; '' is the root). */
function pointer(root: unknown, path: string): unknown {
  if (path === '') return root
  let node = root
  for (const raw of path.split('/').slice(1)) {
    const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
    if (!isSchema(node) && !Array.isArray(node)) return undefined
    node = (node as Record<string, unknown>)[token]
  }
  return node
}

/** `allOf` merged into one schema: properties and required lists joined, other keywords from the last part that sets them. */
function mergeAll(schema: Schema, parts: Schema[]): Schema {
  const { allOf: _allOf, ...base } = schema
  const merged: Schema = { ...base }
  const properties: Schema = { ...(isSchema(base.properties) ? base.properties : {}) }
  const required = new Set<string>(Array.isArray(base.required) ? (base.required as string[]) : [])
  for (const part of parts) {
    Object.assign(merged, part)
    if (isSchema(part.properties)) Object.assign(properties, part.properties)
    if (Array.isArray(part.required)) for (const name of part.required) required.add(name as string)
  }
  if (Object.keys(properties).length > 0) merged.properties = properties
  if (required.size > 0) merged.required = [...required]
  return merged
}

/** Strings to try against a `pattern`: the generated text first, then a few common shapes. */
function patternCandidate(pattern: string, text: string): string {
  let regex: RegExp
  try {
    regex = new RegExp(pattern, 'u')
  } catch {
    return text
  }
  const candidates = [text, 'a', 'abc', 'A1', 'abc123', '0', '123', 'a-b', 'a_b', 'ABC']
  return candidates.find((candidate) => regex.test(candidate)) ?? text
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
