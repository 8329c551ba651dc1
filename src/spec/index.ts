/**
 * The recorded OpenAI schemas (`schemas/`): validation, pointers, operations, provenance.
 * Everything is read and compiled lazily, once per process.
 */
import { loadOperations, loadProvenance } from './bundle.ts'
import type { OperationEntry, SpecProvenance } from './types.ts'

// Validation
export { schemaErrorsAgainst, schemaErrorsAt, schemaErrors } from './schemas.ts'
export { formatSchemaErrors } from './errors.ts'

// Pointers into the bundle
export { resolvePointer, schemaNames } from './schemas.ts'
export { schemaPointer } from './pointer.ts'

// Types
export type {
  BundlePointer,
  Erratum,
  OperationEntry,
  OperationResponses,
  Provenance,
  SchemaError,
  SpecProvenance,
} from './types.ts'

/** An operation of `schemas/operations.json` by id (`createChatCompletion`), or undefined. */
export function getOperation(operationId: string): OperationEntry | undefined {
  const operations = loadOperations()
  return Object.hasOwn(operations, operationId) ? operations[operationId] : undefined
}

/** Where the recorded schemas come from, for reports. */
export function specProvenance(): SpecProvenance {
  const p = loadProvenance()
  return {
    source: `${p.source.repository}/${p.source.file}`,
    commit: p.source.commit,
    version: p.specVersion,
    recordedAt: p.recordedAt,
  }
}
