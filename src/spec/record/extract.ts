/**
 * Pulls what the suites use out of the OpenAPI document: component schemas with their
 * transitive `$ref`s, and per operation its request/response schemas as pointers.
 */
import type { BundlePointer, OperationEntry } from '../types.ts'
import { COMPONENT_SCHEMAS, escapePointerToken, getAtPointer, schemaPointer, unescapePointerToken } from '../pointer.ts'
import { isSchemaObject, visitSchemas } from './walk.ts'

/** The parts of an OpenAPI 3.1 document this module reads. */
export interface OpenApiDocument {
  openapi: string
  info: { version: string; [key: string]: unknown }
  paths: Record<string, Record<string, unknown>>
  components: { schemas: Record<string, unknown>; [key: string]: unknown }
  [key: string]: unknown
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'])

/** The component name a `$ref` names, or undefined for any other reference. */
export function componentName(ref: string): string | undefined {
  if (!ref.startsWith(COMPONENT_SCHEMAS)) return undefined
  const rest = ref.slice(COMPONENT_SCHEMAS.length)
  return rest.includes('/') ? undefined : unescapePointerToken(rest)
}

/**
 * The names of `roots` and of every component schema they reference, directly or not,
 * plus those referenced from `extra` schemas (inline operation schemas), sorted.
 * Throws on a dangling reference or one that is not `#/components/schemas/<name>`.
 */
export function collectClosure(
  doc: OpenApiDocument,
  roots: readonly string[],
  extra: readonly unknown[] = [],
): string[] {
  const seen = new Set<string>()
  const pending: unknown[] = [...extra]
  const enqueue = (name: string, from: string): void => {
    if (seen.has(name)) return
    if (!Object.hasOwn(doc.components.schemas, name)) throw new Error(`${from}: no component schema '${name}'`)
    seen.add(name)
    pending.push(doc.components.schemas[name])
  }
  for (const root of roots) enqueue(root, 'roots')
  while (pending.length > 0) {
    visitSchemas(pending.pop(), (node, at) => {
      if (typeof node.$ref !== 'string') return
      const name = componentName(node.$ref)
      if (name === undefined) throw new Error(`${at}: unsupported $ref '${node.$ref}'`)
      enqueue(name, node.$ref)
    })
  }
  return [...seen].sort()
}

export interface ExtractedOperations {
  operations: OperationEntry[]
  /** Inline (non-`$ref`) request/response schemas, by the `$defs` name their pointer uses. */
  inlineSchemas: Record<string, unknown>
}

/**
 * One entry per operation id, in the order given. Schemas given by `$ref` to a component
 * become that component's pointer; inline ones go to the bundle's `$defs` under
 * `<operationId>-<status|request>-<content type>`.
 */
export function extractOperations(doc: OpenApiDocument, operationIds: readonly string[]): ExtractedOperations {
  const inlineSchemas: Record<string, unknown> = {}
  const pointerFor = (schema: unknown, defName: string): BundlePointer => {
    if (isSchemaObject(schema) && typeof schema.$ref === 'string' && Object.keys(schema).length === 1) {
      const name = componentName(schema.$ref)
      if (name === undefined) throw new Error(`${defName}: unsupported $ref '${schema.$ref}'`)
      return schemaPointer(name)
    }
    inlineSchemas[defName] = schema
    return `#/$defs/${escapePointerToken(defName)}` as BundlePointer
  }

  const operations = operationIds.map((operationId): OperationEntry => {
    const found = findOperation(doc, operationId)
    if (found === undefined) throw new Error(`operation '${operationId}' not in the spec`)
    const { method, path, operation } = found
    const entry: OperationEntry = { operationId, method: method.toUpperCase(), path, responses: {} }

    const body = resolveComponentRef(doc, operation.requestBody)
    const bodySchema = isSchemaObject(body) ? getAtPointer(body, '/content/application~1json/schema') : undefined
    if (bodySchema !== undefined)
      entry.requestSchema = pointerFor(bodySchema, `${operationId}-request-${slug('application/json')}`)

    const responses = isSchemaObject(operation.responses) ? operation.responses : {}
    for (const [status, raw] of Object.entries(responses)) {
      const response = resolveComponentRef(doc, raw)
      const content = isSchemaObject(response) && isSchemaObject(response.content) ? response.content : {}
      const byType: Record<string, BundlePointer> = {}
      for (const [contentType, media] of Object.entries(content)) {
        if (!isSchemaObject(media) || media.schema === undefined) continue
        byType[contentType] = pointerFor(media.schema, `${operationId}-${status}-${slug(contentType)}`)
      }
      entry.responses[status] = byType
    }
    return entry
  })
  return { operations, inlineSchemas }
}

/** Finds an operation by id: its method, path and operation object. */
export function findOperation(
  doc: OpenApiDocument,
  operationId: string,
): { method: string; path: string; operation: Record<string, unknown> } | undefined {
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (HTTP_METHODS.has(method) && isSchemaObject(operation) && operation.operationId === operationId) {
        return { method, path, operation }
      }
    }
  }
  return undefined
}

/** Follows one `$ref` into `#/components/...` (responses, requestBodies); other values pass through. */
function resolveComponentRef(doc: OpenApiDocument, value: unknown): unknown {
  if (!isSchemaObject(value) || typeof value.$ref !== 'string') return value
  const target = getAtPointer(doc, value.$ref)
  if (target === undefined) throw new Error(`dangling $ref '${value.$ref}'`)
  return target
}

function slug(contentType: string): string {
  return contentType.replace(/[^A-Za-z0-9.]+/g, '-')
}
