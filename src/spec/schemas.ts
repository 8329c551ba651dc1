/**
 * Validation against the recorded bundle (strict ajv, each schema compiled on first use)
 * and against ad-hoc schemas (lenient ajv, cached by the schema's JSON text).
 */
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js'
import { ADHOC_AJV_OPTIONS, createAjv } from './ajv.ts'
import { loadBundle, type SchemaBundle } from './bundle.ts'
import { toSchemaErrors, type BranchResolver } from './errors.ts'
import { escapePointerToken, getAtPointer, schemaPointer } from './pointer.ts'
import {
  loadPrecompiledValidators,
  objectPointers,
  type PrecompiledValidators,
  RECORDED_BUNDLE_AJV_OPTIONS,
} from './precompiled.ts'
import type { SchemaError } from './types.ts'

/** Validation over one bundle. The process-wide one is `recordedBundle()`; tests make others. */
export interface CompiledBundle {
  /** The value at a pointer into the bundle, or undefined. */
  resolvePointer(pointer: string): unknown
  /** Validates against the schema at `pointer` (`#/components/schemas/X`, `#/$defs/Y`); `[]` when valid. Throws for a pointer that leads nowhere. */
  schemaErrorsAt(pointer: string, value: unknown): SchemaError[]
  /** Validates as schemaErrorsAt does, telling absent nullable members apart (see SchemaJudgement). */
  schemaJudgementAt(pointer: string, value: unknown): SchemaJudgement
}

/**
 * A value judged against a recorded schema. A required member whose schema accepts null,
 * left out (most compatible servers omit `message.refusal`), is told apart from what the
 * value violates: `errors` are the violations of the value with every such member sent as
 * null, `absentNulls` the `required` errors of the members it left out.
 */
export interface SchemaJudgement {
  errors: SchemaError[]
  absentNulls: SchemaError[]
}

/** Rounds of filling absent nullable members with null: a filled member can reveal another (a nullable object's). */
const NULL_FILL_ROUNDS = 4

/**
 * Validation over `bundle`. `precompiled`: validators compiled ahead of time for some pointers
 * (./precompiled.ts); every other pointer is compiled on first use.
 */
export function compileBundle(bundle: SchemaBundle, precompiled?: PrecompiledValidators): CompiledBundle {
  let ajv: Ajv2020 | undefined
  const resolvePointer = (pointer: string): unknown => getAtPointer(bundle, pointer)
  // `verbose` links each error to its schema object, which error pruning needs.
  const compile = (pointer: string): ValidateFunction => {
    const ready = precompiled?.validator(pointer)
    if (ready !== undefined) return ready
    if (ajv === undefined) {
      ajv = createAjv(RECORDED_BUNDLE_AJV_OPTIONS)
      ajv.addSchema(bundle as object)
    }
    if (resolvePointer(pointer) === undefined) throw new Error(`no schema at ${pointer} in the recorded bundle`)
    const validate = ajv.getSchema(`${bundle.$id}${pointer}`)
    if (validate === undefined) throw new Error(`ajv could not resolve ${pointer}`)
    return validate
  }
  const resolveBranch: BranchResolver = (branch) => {
    const ref = typeof branch === 'object' && branch !== null ? (branch as { $ref?: unknown }).$ref : undefined
    return typeof ref === 'string' && ref.startsWith('#/') ? resolvePointer(ref) : branch
  }
  const missingNullable = nullableMembers(bundle, (member) => precompiled?.acceptsNull(member) ?? compile(member)(null))
  const schemaErrorsAt = (pointer: string, value: unknown): SchemaError[] => {
    const validate = compile(pointer)
    return validate(value) ? [] : toSchemaErrors(validate.errors, resolveBranch, missingNullable)
  }
  return {
    resolvePointer,
    schemaErrorsAt,
    schemaJudgementAt(pointer, value) {
      let errors = schemaErrorsAt(pointer, value)
      const absentNulls: SchemaError[] = []
      let filled = value
      for (let round = 0; round < NULL_FILL_ROUNDS; round++) {
        const absent = errors.filter((error) => error.missing?.allowsNull)
        if (absent.length === 0) break
        absentNulls.push(...absent)
        filled = withNulls(filled, absent)
        errors = schemaErrorsAt(pointer, filled)
      }
      return { errors, absentNulls }
    },
  }
}

/** A copy of `value` with null set where each error's absent member belongs. */
function withNulls(value: unknown, absent: readonly SchemaError[]): unknown {
  const copy = structuredClone(value)
  for (const error of absent) {
    const parent = getAtPointer(copy, error.path)
    if (typeof parent === 'object' && parent !== null && !Array.isArray(parent))
      (parent as Record<string, unknown>)[error.missing!.property] = null
  }
  return copy
}

/**
 * For a `required` error: the absent member, and whether its schema (the one beside the
 * `required` list, found by the identity of the schema object ajv reports: `verbose`) accepts
 * null. A member declared elsewhere (another `allOf` part) is taken as not nullable.
 */
function nullableMembers(
  bundle: SchemaBundle,
  acceptsNull: (member: string) => boolean,
): (error: ErrorObject) => { property: string; allowsNull: boolean } | undefined {
  let pointers: WeakMap<object, string> | undefined
  const verdicts = new Map<string, boolean>()
  return (error) => {
    const property = error.params.missingProperty
    if (typeof property !== 'string') return undefined
    pointers ??= objectPointers(bundle)
    const parent = error.parentSchema as { properties?: Record<string, unknown> } | undefined
    const at = parent && pointers.get(parent)
    if (at === undefined || !parent?.properties || !Object.hasOwn(parent.properties, property))
      return { property, allowsNull: false }
    const member = `${at}/properties/${escapePointerToken(property)}`
    if (!verdicts.has(member)) verdicts.set(member, acceptsNull(member))
    return { property, allowsNull: verdicts.get(member)! }
  }
}

let defaultBundleValidator: CompiledBundle | undefined

/** The validator over `schemas/openai.schema.json`, created on first use (its validators precompiled). */
export function recordedBundle(): CompiledBundle {
  if (defaultBundleValidator === undefined) {
    const bundle = loadBundle()
    defaultBundleValidator = compileBundle(bundle, loadPrecompiledValidators(bundle))
  }
  return defaultBundleValidator
}

/**
 * The value at a pointer into the recorded bundle, or undefined: e.g.
 * `#/components/schemas/CreateChatCompletionResponse/properties/usage`.
 */
export function resolvePointer(pointer: string): unknown {
  return recordedBundle().resolvePointer(pointer)
}

/** Validates `value` against the schema at `pointer` in the recorded bundle; `[]` when valid. */
export function schemaErrorsAt(pointer: string, value: unknown): SchemaError[] {
  return recordedBundle().schemaErrorsAt(pointer, value)
}

/**
 * Validates `value` against a recorded component schema, e.g.
 * `schemaErrors('CreateChatCompletionResponse', body)`; `[]` when valid. Throws for a
 * name that is not recorded.
 */
export function schemaErrors(name: string, value: unknown): SchemaError[] {
  return schemaErrorsAt(schemaPointer(name), value)
}

/** As schemaErrors, telling absent nullable members apart (see SchemaJudgement). */
export function schemaJudgement(name: string, value: unknown): SchemaJudgement {
  return recordedBundle().schemaJudgementAt(schemaPointer(name), value)
}

/** Names of the recorded component schemas. */
export function schemaNames(): string[] {
  return Object.keys(loadBundle().components.schemas)
}

let adhocAjv: Ajv2020 | undefined
const adhocValidators = new Map<string, ValidateFunction>()

/**
 * Validates `value` against an ad-hoc JSON Schema (2020-12, unknown keywords tolerated):
 * tool parameters, structured-output schemas. Compiled validators are cached by the
 * schema's JSON text. Throws when the schema itself does not compile.
 */
export function schemaErrorsAgainst(schema: object, value: unknown): SchemaError[] {
  const key = JSON.stringify(schema)
  let validate = adhocValidators.get(key)
  if (validate === undefined) {
    adhocAjv ??= createAjv({ ...ADHOC_AJV_OPTIONS, verbose: true })
    // ajv registers a schema's $id; the same $id with other content would be a conflict.
    const id = (schema as { $id?: unknown }).$id
    if (typeof id === 'string') adhocAjv.removeSchema(id)
    validate = adhocAjv.compile(schema)
    adhocValidators.set(key, validate)
  }
  return validate(value) ? [] : toSchemaErrors(validate.errors)
}
