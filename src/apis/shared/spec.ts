import type { SpecRef } from '../../core/types.ts'

/** A reference to a component schema (optionally a path inside it) of an operation. */
export function schemaRef(operationId: string, schema: string, ...path: string[]): SpecRef {
  const suffix = path.length ? `/${path.join('/')}` : ''
  return { operationId, pointer: `#/components/schemas/${schema}${suffix}` }
}

/** OpenAI's documentation pages for rules the schema cannot express. */
export const DOCS = {
  chat: 'https://platform.openai.com/docs/api-reference/chat/create',
  chatObject: 'https://platform.openai.com/docs/api-reference/chat/object',
  errors: 'https://platform.openai.com/docs/guides/error-codes#api-errors',
  models: 'https://platform.openai.com/docs/api-reference/models',
  sdk: 'https://github.com/openai/openai-node#handling-errors',
  /** What `required` means in JSON Schema: present, whatever the value (null included). */
  required: 'https://json-schema.org/draft/2020-12/json-schema-validation#name-required',
} as const

/**
 * A parameter of CreateChatCompletionRequest: its properties sit in the schema's second
 * `allOf` part (the first is the shared CreateModelResponseProperties).
 */
export function chatRequestParam(name: string): SpecRef {
  return schemaRef('createChatCompletion', 'CreateChatCompletionRequest', 'allOf', '1', 'properties', name)
}
