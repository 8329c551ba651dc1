/**
 * The recorded OpenAI schemas (`schemas/`): validation, pointers, operations, provenance.
 * Everything is read and compiled lazily, once per process.
 */
import { loadOperations, loadProvenance } from './bundle.ts'
import { schemaPointer } from './pointer.ts'
import type { BundlePointer, OperationEntry, SpecProvenance } from './types.ts'

// Validation
export { schemaErrorsAgainst, schemaErrorsAt, schemaErrors, schemaJudgement, type SchemaJudgement } from './schemas.ts'
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

/** Errors the recorded operations do not list (OpenAI lists only 429) come in this envelope. */
const ERROR_ENVELOPE = schemaPointer('ErrorResponse')

/**
 * The recorded schema of a response: that of the operation with the request's method whose
 * path the URL's path ends with (`{name}` matches one segment), for the status and media
 * type; an error status the operation does not list has the error envelope. Undefined when
 * no recorded operation or response fits.
 */
export function responseSchemaFor(response: {
  method: string
  url: string
  status: number
  mediaType: string | null
}): BundlePointer | undefined {
  let path: string
  try {
    path = new URL(response.url).pathname
  } catch {
    return undefined
  }
  const operation = Object.values(loadOperations()).find(
    (entry) => entry.method === response.method.toUpperCase() && pathPattern(entry.path).test(path),
  )
  if (!operation) return undefined
  const listed = operation.responses[String(response.status)]
  if (listed) return response.mediaType ? listed[response.mediaType] : undefined
  return response.status >= 400 && response.mediaType === 'application/json' ? ERROR_ENVELOPE : undefined
}

/** `/models/{model}` -> a pattern for URL paths that end with it. */
function pathPattern(path: string): RegExp {
  const parts = path.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
  return new RegExp(`${parts.join('[^/]+')}$`)
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
