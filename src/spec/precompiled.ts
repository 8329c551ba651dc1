/**
 * The recorded bundle's validators, compiled ahead of time: `schemas/openai.validators.cjs`,
 * written by `npm run schemas:record` beside the bundle (src/spec/record/outputs.ts). Compiling
 * the bundle's schemas with ajv takes most of a second, in every process that validates (each
 * vitest worker of a run); loading the compiled code takes a few milliseconds.
 *
 * The file is ajv's standalone code for every component schema and `$defs` entry, compiled
 * with the options the run would use (strict, `allErrors`, `verbose`, formats), so the
 * validators are the ones ajv would compile, function for function. One change: the schema
 * objects the code refers to (`verbose` errors carry them as `schema` and `parentSchema`) are
 * not copies written into the file but the loaded bundle's own objects, looked up by pointer,
 * so error pruning and the nullable-member lookup, which go by object identity, work as they
 * do on compiled validators. The file names the digest of the bundle it was compiled from; a
 * bundle with another digest gets no precompiled validators (they are compiled as before).
 * `test/schemas/precompiled.test.ts` proves the precompiled validators judge as compiled ones.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { ValidateFunction } from 'ajv/dist/2020.js'
import standaloneModule from 'ajv/dist/standalone/index.js'
import { BUNDLE_AJV_OPTIONS, createAjv } from './ajv.ts'
import { SCHEMAS_DIR, type SchemaBundle } from './bundle.ts'
import { COMPONENT_SCHEMAS, escapePointerToken, getAtPointer } from './pointer.ts'

// ajv's standalone entry is CommonJS: its `module.exports` is the function (see ./ajv.ts on ajv-formats).
const standaloneCode = standaloneModule as unknown as typeof standaloneModule.default

/** The file under `schemas/`. */
export const PRECOMPILED_FILE = 'openai.validators.cjs'

/** The ajv options of the recorded bundle's validators, precompiled or not (`verbose`: see ./schemas.ts). */
export const RECORDED_BUNDLE_AJV_OPTIONS = { ...BUNDLE_AJV_OPTIONS, verbose: true } as const

/** What the file exports. */
interface PrecompiledModule {
  bundleDigest: string
  /** Per member a `required` list names (`#/components/schemas/X/properties/y`): whether its schema accepts null. */
  nullableMembers: Record<string, boolean>
  createValidators(at: (pointer: string) => unknown): Record<string, ValidateFunction>
}

/** What was compiled ahead of time; undefined for what was not. */
export interface PrecompiledValidators {
  /** The validator of a pointer. */
  validator(pointer: string): ValidateFunction | undefined
  /** Whether a required member's schema accepts null (see `nullableMembers` in ./schemas.ts). */
  acceptsNull(member: string): boolean | undefined
}

/** The pointers the file holds validators for: every component schema and `$defs` entry, sorted. */
export function precompiledPointers(bundle: SchemaBundle): string[] {
  return [
    ...Object.keys(bundle.components.schemas).map((name) => `${COMPONENT_SCHEMAS}${escapePointerToken(name)}`),
    ...Object.keys(bundle.$defs ?? {}).map((name) => `#/$defs/${escapePointerToken(name)}`),
  ].sort()
}

/** A digest of the bundle's content (its JSON text), named in the file. */
export function bundleDigest(bundle: SchemaBundle): string {
  return createHash('sha256').update(JSON.stringify(bundle)).digest('hex')
}

/** The text of `schemas/openai.validators.cjs` for a bundle. Pure (ajv's output for the same version is). */
export function renderPrecompiledValidators(bundle: SchemaBundle): string {
  // The bundle is compiled as it is (ajv keeps references to its objects): the code's schema
  // constants are then told apart by identity and replaced with lookups by pointer.
  const ajv = createAjv({ ...RECORDED_BUNDLE_AJV_OPTIONS, code: { source: true, lines: true } })
  ajv.addSchema(bundle as object)
  const exported: Record<string, string> = {}
  for (const pointer of precompiledPointers(bundle)) {
    if (ajv.getSchema(`${bundle.$id}${pointer}`) === undefined) throw new Error(`ajv could not resolve ${pointer}`)
    exported[pointer] = `${bundle.$id}${pointer}`
  }
  let code = standaloneCode(ajv, exported)
  const pointers = objectPointers(bundle)
  const schemaValues = (ajv.scope as unknown as { _values: Record<string, Map<unknown, AjvScopeName>> })._values.schema
  for (const name of schemaValues?.values() ?? []) {
    const value = name.value
    if (value?.code === undefined) continue
    const definition = `const ${name.str} = ${String(value.code)};`
    const at = code.indexOf(definition)
    // Not in the code: a schema of another compilation (ajv's meta-schemas).
    if (at < 0) continue
    const pointer = typeof value.ref === 'object' && value.ref !== null ? pointers.get(value.ref) : undefined
    if (pointer === undefined) throw new Error(`ajv's ${name.str} is not an object of the bundle`)
    if (code.indexOf(definition, at + 1) >= 0) throw new Error(`ajv's ${name.str} is defined twice`)
    code = code.replace(definition, () => `const ${name.str} = at(${JSON.stringify(pointer)});`)
  }
  if (/const schema\d+ = [{[]/.test(code)) throw new Error('a schema object of the code was not replaced')
  const nullable: Record<string, boolean> = {}
  for (const member of requiredMembers(bundle, pointers)) {
    const validate = ajv.getSchema(`${bundle.$id}${member}`)
    if (validate === undefined) throw new Error(`ajv could not resolve ${member}`)
    nullable[member] = validate(null) === true
  }
  return [
    '// Generated by `npm run schemas:record` (src/spec/precompiled.ts): ajv standalone validators of',
    "// openai.schema.json, whose schema objects are the loaded bundle's own (`at(pointer)`). Do not edit.",
    '"use strict";',
    `exports.bundleDigest = ${JSON.stringify(bundleDigest(bundle))};`,
    `exports.nullableMembers = ${JSON.stringify(nullable, null, 1)};`,
    'exports.createValidators = function createValidators(at) {',
    'const exports = {};',
    code.replace(/^"use strict";/, ''),
    'return exports;',
    '};',
    '',
  ].join('\n')
}

/** The part of ajv's ValueScopeName used here. */
interface AjvScopeName {
  str: string
  value?: { ref: unknown; code?: unknown }
}

/** Every object of the bundle with its pointer (`#/components/schemas/X/properties/y`), first place found. */
export function objectPointers(bundle: SchemaBundle): WeakMap<object, string> {
  const pointers = new WeakMap<object, string>()
  const walk = (node: unknown, pointer: string): void => {
    if (typeof node !== 'object' || node === null || pointers.has(node)) return
    pointers.set(node, pointer)
    for (const [key, child] of Object.entries(node)) walk(child, `${pointer}/${escapePointerToken(key)}`)
  }
  walk(bundle, '#')
  return pointers
}

/** The pointer of every member a `required` list of the bundle names and its `properties` declare, sorted. */
function requiredMembers(bundle: SchemaBundle, pointers: WeakMap<object, string>): string[] {
  const members = new Set<string>()
  const walk = (node: unknown, seen: Set<object>): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return
    seen.add(node)
    const { required, properties } = node as { required?: unknown; properties?: unknown }
    if (Array.isArray(required) && typeof properties === 'object' && properties !== null && !Array.isArray(node)) {
      for (const name of required)
        if (typeof name === 'string' && Object.hasOwn(properties, name))
          members.add(`${pointers.get(node)}/properties/${escapePointerToken(name)}`)
    }
    for (const child of Object.values(node)) walk(child, seen)
  }
  walk(bundle, new Set())
  return [...members].sort()
}

/**
 * The precompiled validators over `bundle`, from `schemas/openai.validators.cjs`; undefined
 * when the file is absent or was compiled from another bundle (its validators would not be
 * this bundle's).
 */
export function loadPrecompiledValidators(bundle: SchemaBundle): PrecompiledValidators | undefined {
  const file = new URL(PRECOMPILED_FILE, SCHEMAS_DIR)
  if (!existsSync(file)) return undefined
  const loaded = createRequire(import.meta.url)(fileURLToPath(file)) as PrecompiledModule
  if (loaded.bundleDigest !== bundleDigest(bundle)) return undefined
  const validators = loaded.createValidators((pointer) => getAtPointer(bundle, pointer))
  const nullable = loaded.nullableMembers
  return {
    validator: (pointer) => (Object.hasOwn(validators, pointer) ? validators[pointer] : undefined),
    acceptsNull: (member) => (Object.hasOwn(nullable, member) ? nullable[member] : undefined),
  }
}
