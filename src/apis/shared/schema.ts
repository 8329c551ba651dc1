import type { Finding } from '../../core/types.ts'
import { schemaErrors } from '../../spec/index.ts'

/** Validation errors against a recorded component schema, as findings. */
export function schemaFindings(schemaName: string, value: unknown): Finding[] {
  return schemaErrors(schemaName, value).map((error) => ({
    message: `${schemaName}: ${error.message}`,
    at: error.path || '/',
  }))
}
