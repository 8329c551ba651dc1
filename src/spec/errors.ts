/**
 * ajv errors -> `SchemaError`s a report can show.
 *
 * With `allErrors`, a failed `anyOf`/`oneOf` reports every branch's errors and then its
 * own ("must match a schema in anyOf"). The branches the value was never meant for only
 * add noise: for a nullable object with a missing property, "must be null" next to the
 * real "must have required property 'x'". So, per failed `anyOf`/`oneOf` (needs ajv's
 * `verbose` option, which links each error to its schema object):
 * - every branch rejected the value's type -> one error, "must be string or null";
 * - some branches rejected the type, others failed deeper -> the type rejections go,
 *   the deeper errors and the anyOf/oneOf error stay.
 * Nothing else is dropped, so a value with errors always gets at least one.
 */
import type { ErrorObject } from 'ajv/dist/2020.js'
import type { SchemaError } from './types.ts'

/** Follows a `{ $ref }`-only branch to its target; other schemas come back as they are. */
export type BranchResolver = (branch: unknown) => unknown

/** What is absent, for a `required` error (see SchemaError.missing). */
export type MissingDescriber = (error: ErrorObject) => SchemaError['missing']

export function toSchemaErrors(
  errors: readonly ErrorObject[] | null | undefined,
  resolveBranch: BranchResolver = (b) => b,
  describeMissing?: MissingDescriber,
): SchemaError[] {
  if (!errors || errors.length === 0) return []
  const dropped = new Set<ErrorObject>()
  const replaced = new Map<ErrorObject, SchemaError>()

  errors.forEach((composite, index) => {
    if (composite.keyword !== 'anyOf' && composite.keyword !== 'oneOf') return
    // A oneOf that failed because several branches passed has no branch errors to prune.
    if (composite.params.passingSchemas != null) return
    const branches = composite.schema
    if (!Array.isArray(branches)) return
    const targets = branches.map((b) => [b, resolveBranch(b)])
    const typeErrors = new Map<number, ErrorObject>()
    for (const candidate of errors.slice(0, index)) {
      if (candidate.keyword !== 'type' || candidate.instancePath !== composite.instancePath) continue
      const branch = targets.findIndex((t) => t.includes(candidate.parentSchema))
      if (branch >= 0 && !dropped.has(candidate)) typeErrors.set(branch, candidate)
    }
    if (typeErrors.size === 0) return
    for (const e of typeErrors.values()) dropped.add(e)
    if (typeErrors.size === branches.length) {
      const types = [...typeErrors.values()].flatMap((e) => String(e.params.type).split(','))
      replaced.set(composite, {
        path: composite.instancePath,
        message: `must be ${[...new Set(types)].join(' or ')}`,
        keyword: 'type',
      })
    }
  })

  return errors
    .filter((e) => !dropped.has(e))
    .map((e) => replaced.get(e) ?? withMissing(toSchemaError(e), e, describeMissing))
}

function withMissing(error: SchemaError, source: ErrorObject, describe: MissingDescriber | undefined): SchemaError {
  const missing = source.keyword === 'required' ? describe?.(source) : undefined
  return missing ? { ...error, missing } : error
}

/** One ajv error, its message made specific where ajv's default leaves out the detail. */
export function toSchemaError(error: ErrorObject): SchemaError {
  const base = error.message ?? `must pass "${error.keyword}"`
  const { params } = error
  let message = base
  if (error.keyword === 'type' && params.type !== undefined) {
    // ajv writes a type list as `must be string,null`.
    message = `must be ${String(params.type).split(',').join(' or ')}`
  } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    message = `${base}: ${params.allowedValues.map((v: unknown) => JSON.stringify(v)).join(', ')}`
  } else if (error.keyword === 'const' && 'allowedValue' in params) {
    message = `${base}: ${JSON.stringify(params.allowedValue)}`
  } else if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    message = `${base}: '${params.additionalProperty}'`
  } else if (error.keyword === 'unevaluatedProperties' && typeof params.unevaluatedProperty === 'string') {
    message = `${base}: '${params.unevaluatedProperty}'`
  } else if (error.keyword === 'discriminator' && typeof params.tagValue === 'string') {
    message = `${base} (got ${JSON.stringify(params.tagValue)})`
  }
  return { path: error.instancePath, message, keyword: error.keyword }
}

/** `at /choices/0: must have required property 'logprobs'`, one per line. */
export function formatSchemaErrors(errors: readonly SchemaError[]): string {
  return errors.map((e) => `at ${e.path === '' ? '(root)' : e.path}: ${e.message}`).join('\n')
}
