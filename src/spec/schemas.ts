/**
 * Validation against the recorded bundle (strict ajv, each schema compiled on first use)
 * and against ad-hoc schemas (lenient ajv, cached by the schema's JSON text).
 */
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js'
import { ADHOC_AJV_OPTIONS, BUNDLE_AJV_OPTIONS, createAjv } from './ajv.ts'
import { loadBundle, type SchemaBundle } from './bundle.ts'
import { toSchemaErrors, type BranchResolver } from './errors.ts'
import { getAtPointer, schemaPointer } from './pointer.ts'
import type { SchemaError } from './types.ts'

/** Validation over one bundle. The process-wide one is `recordedBundle()`; tests make others. */
export interface CompiledBundle {
  /** The value at a pointer into the bundle, or undefined. */
  resolvePointer(pointer: string): unknown
  /** Validates against the schema at `pointer` (`#/components/schemas/X`, `#/$defs/Y`); `[]` when valid. Throws for a pointer that leads nowhere. */
  schemaErrorsAt(pointer: string, value: unknown): SchemaError[]
}

export function compileBundle(bundle: SchemaBundle): CompiledBundle {
  let ajv: Ajv2020 | undefined
  const resolvePointer = (pointer: string): unknown => getAtPointer(bundle, pointer)
  // `verbose` links each error to its schema object, which error pruning needs.
  const compile = (pointer: string): ValidateFunction => {
    if (ajv === undefined) {
      ajv = createAjv({ ...BUNDLE_AJV_OPTIONS, verbose: true })
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
  return {
    resolvePointer,
    schemaErrorsAt(pointer, value) {
      const validate = compile(pointer)
      return validate(value) ? [] : toSchemaErrors(validate.errors, resolveBranch)
    },
  }
}

let defaultBundleValidator: CompiledBundle | undefined

/** The validator over `schemas/openai.schema.json`, created on first use. */
export function recordedBundle(): CompiledBundle {
  defaultBundleValidator ??= compileBundle(loadBundle())
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
