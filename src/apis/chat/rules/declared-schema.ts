/** Values validated against a schema the request declared: tool parameters, a json_schema response format. */
import { skip } from '../../../core/define.ts'
import type { Finding } from '../../../core/types.ts'
import { schemaErrorsAgainst } from '../../../spec/index.ts'

/**
 * Validates a value against a schema the request declared (tool parameters, a json_schema
 * response format). `$schema` is dropped first: the SDK's zod helpers stamp draft-07 on
 * their schemas, and our validator is 2020-12; for the subset OpenAI's strict mode allows
 * the two drafts agree. A schema that does not compile is reported as such, never as the
 * endpoint's fault.
 */
export function declaredSchemaFindings(
  schema: Record<string, unknown>,
  value: unknown,
  at: string,
  label: string,
): Finding[] | { skip: string } {
  const { $schema: _draft, ...rest } = schema
  let errors: ReturnType<typeof schemaErrorsAgainst>
  try {
    errors = schemaErrorsAgainst(rest, value)
  } catch (error) {
    return skip(`the ${label} schema the request declared does not compile (${(error as Error).message})`)
  }
  return errors.map((error) => ({
    message: `${label}: ${error.message}`,
    at: `${at}${error.path ? ` ${error.path}` : ''}`,
    actual: value,
  }))
}
