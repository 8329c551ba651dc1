/**
 * The two ajv configurations: strict for the recorded bundle (so a normalisation mistake
 * is a compile error, not a silently ignored keyword), lenient for ad-hoc schemas that
 * users and suites write (tool parameters, structured outputs).
 */
import { Ajv2020, type Options } from 'ajv/dist/2020.js'
import formatsModule from 'ajv-formats'

// ajv-formats is CommonJS: TypeScript (nodenext) types the default import as the module
// object, whose `.default` is the plugin; at runtime `module.exports` is the plugin and
// carries `.default` too, so `.default` is right under both Node and vitest.
const addFormats = formatsModule.default

/**
 * For `schemas/openai.schema.json`: every strict check on (unknown keywords and formats,
 * strictTypes, strictRequired, strictTuples), so a normalisation mistake is a compile
 * error. `discriminator` is on because normalisation keeps the spec's discriminators
 * where ajv can use them (see src/schemas/record/discriminators.ts).
 */
export const BUNDLE_AJV_OPTIONS: Options = {
  strict: true,
  allErrors: true,
  discriminator: true,
  // The bundle's root keeps the spec's `components` so `#/components/schemas/X` resolves
  // unchanged. ajv compiles the root when resolving a pointer into it; `components` is
  // declared as an annotation so strict mode accepts it there (its contents are reached
  // through `$ref` pointers, never applied to data as a keyword).
  keywords: ['components'],
  validateFormats: true,
}

/** For ad-hoc, user-written schemas: plain JSON Schema 2020-12, unknown keywords tolerated. */
export const ADHOC_AJV_OPTIONS: Options = {
  strict: false,
  allErrors: true,
  validateFormats: true,
}

export function createAjv(options: Options): Ajv2020 {
  const ajv = new Ajv2020(options)
  addFormats(ajv)
  return ajv
}
