/**
 * The committed files under `schemas/`, read once per process on first use.
 */
import { readFileSync } from 'node:fs'
import type { OperationEntry, Provenance } from './types.ts'

/** The `$id` of `schemas/openai.schema.json`; pointers resolve against it. */
export const BUNDLE_ID = 'https://oai-conformance.dev/schemas/openai.schema.json'

export const SCHEMAS_DIR = new URL('../../schemas/', import.meta.url)

/** The bundle: `{ $schema, $id, components: { schemas }, $defs }`. */
export interface SchemaBundle {
  $schema: string
  $id: string
  components: { schemas: Record<string, unknown> }
  /** Inline request/response schemas of operations, named `<operationId>-<status>-<content type>`. */
  $defs?: Record<string, unknown>
}

const cache = new Map<string, unknown>()

function readJson<T>(file: string): T {
  if (!cache.has(file)) cache.set(file, JSON.parse(readFileSync(new URL(file, SCHEMAS_DIR), 'utf8')))
  return cache.get(file) as T
}

export function loadBundle(): SchemaBundle {
  return readJson<SchemaBundle>('openai.schema.json')
}

/** `schemas/operations.json`: entries by operationId. */
export function loadOperations(): Record<string, OperationEntry> {
  return readJson<Record<string, OperationEntry>>('operations.json')
}

export function loadProvenance(): Provenance {
  return readJson<Provenance>('PROVENANCE.json')
}
