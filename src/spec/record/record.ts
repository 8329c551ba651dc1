/**
 * The recording pipeline, without I/O: OpenAPI document in, bundle + operations out.
 * `scripts/record-schemas.ts` reads and writes the files; the self-tests run this on
 * the spec to check the committed files are what it produces.
 */
import { BUNDLE_AJV_OPTIONS, createAjv } from '../ajv.ts'
import { BUNDLE_ID, type SchemaBundle } from '../bundle.ts'
import { escapePointerToken, getAtPointer, schemaPointer } from '../pointer.ts'
import type { BundlePointer, Erratum, OperationEntry } from '../types.ts'
import { createDiscriminatorLog, describeDiscriminators, settleDiscriminators } from './discriminators.ts'
import { applyErratum } from './errata.ts'
import { collectClosure, componentName, extractOperations, type OpenApiDocument } from './extract.ts'
import { createNormaliseLog, describeNormalisations, normaliseComponent, normaliseSchema } from './normalise.ts'
import type { SchemaNode } from './walk.ts'

export const BUNDLE_DIALECT = 'https://json-schema.org/draft/2020-12/schema'

export interface RecordPlan {
  roots: readonly string[]
  operationIds: readonly string[]
  errata: readonly Erratum[]
}

export interface Recorded {
  bundle: SchemaBundle
  /** By operationId, sorted. */
  operations: Record<string, OperationEntry>
  /** What normalisation changed, for PROVENANCE. */
  normalisations: string[]
}

export function recordBundle(doc: OpenApiDocument, plan: RecordPlan): Recorded {
  const { operations, inlineSchemas } = extractOperations(doc, plan.operationIds)
  // Operations may point at components that are not roots (ImageGenStreamEvent, ...).
  const operationComponents = operations.flatMap(operationPointers).flatMap((p) => componentName(p) ?? [])
  const names = collectClosure(doc, [...plan.roots, ...operationComponents], Object.values(inlineSchemas))

  const normaliseLog = createNormaliseLog()
  const schemas: Record<string, SchemaNode> = {}
  for (const name of names) schemas[name] = normaliseComponent(name, doc.components.schemas[name], normaliseLog)
  const defs: Record<string, SchemaNode> = {}
  for (const name of Object.keys(inlineSchemas).sort()) defs[name] = normaliseSchema(inlineSchemas[name], normaliseLog)

  const draft = { components: { schemas }, $defs: defs }
  const resolveRef = (ref: string): unknown => getAtPointer(draft, ref)
  const discriminatorLog = createDiscriminatorLog()
  for (const name of names)
    schemas[name] = settleDiscriminators(schemas[name] as SchemaNode, resolveRef, discriminatorLog)
  for (const name of Object.keys(defs))
    defs[name] = settleDiscriminators(defs[name] as SchemaNode, resolveRef, discriminatorLog)

  for (const erratum of plan.errata) applyErratum(schemas, erratum)

  const bundle: SchemaBundle = { $schema: BUNDLE_DIALECT, $id: BUNDLE_ID, components: { schemas } }
  if (Object.keys(defs).length > 0) bundle.$defs = defs
  compileEverySchema(bundle)

  const byId = [...operations].sort((a, b) => a.operationId.localeCompare(b.operationId))
  return {
    bundle,
    operations: Object.fromEntries(byId.map((op) => [op.operationId, op])),
    normalisations: [...describeNormalisations(normaliseLog), ...describeDiscriminators(discriminatorLog)],
  }
}

/** Every pointer an operation entry holds: request schema, then response schemas. */
export function operationPointers(op: OperationEntry): BundlePointer[] {
  const responses = Object.values(op.responses).flatMap((byType) => Object.values(byType))
  return op.requestSchema === undefined ? responses : [op.requestSchema, ...responses]
}

/**
 * Compiles every component and `$defs` schema with the strict bundle options, and
 * checks each against the 2020-12 meta-schema (ajv meta-validates only the bundle's
 * root, where `components` is opaque). Throws on the first problem.
 */
export function compileEverySchema(bundle: SchemaBundle): void {
  const ajv = createAjv(BUNDLE_AJV_OPTIONS)
  ajv.addSchema(bundle as object)
  const entries = [
    ...Object.entries(bundle.components.schemas).map(([n, s]) => [schemaPointer(n), s] as const),
    ...Object.entries(bundle.$defs ?? {}).map(([n, s]) => [`#/$defs/${escapePointerToken(n)}`, s] as const),
  ]
  for (const [pointer, schema] of entries) {
    if (!ajv.validateSchema(schema as object)) {
      throw new Error(`${pointer} is not valid 2020-12: ${ajv.errorsText(ajv.errors)}`)
    }
    try {
      ajv.getSchema(`${bundle.$id}${pointer}`)
    } catch (error) {
      throw new Error(`${pointer} does not compile in strict mode: ${(error as Error).message}`)
    }
  }
}
