/**
 * The vocabulary of the recorded schemas: what `schemas/` holds and what validating
 * against it produces. The files themselves are written by `scripts/record-schemas.ts`.
 */

/** A JSON pointer as a URI fragment into `schemas/openai.schema.json`, e.g. `#/components/schemas/Model`. */
export type BundlePointer = `#/${string}`

/** One schema violation, located in the validated value. */
export interface SchemaError {
  /** JSON pointer into the validated value (`''` is the value itself), e.g. `/choices/0`. */
  path: string
  /** Readable, e.g. `must have required property 'logprobs'`. */
  message: string
  /** The JSON Schema keyword that failed: `required`, `type`, `enum`, ... */
  keyword: string
  /**
   * For a `required` error against the recorded bundle: the member that is absent, and whether
   * its schema accepts null (a required, nullable member left out, as `message.refusal` often is).
   */
  missing?: { property: string; allowsNull: boolean }
}

/** Response schemas of one operation: status code -> content type -> pointer into the bundle. */
export type OperationResponses = Record<string, Record<string, BundlePointer>>

/** One entry of `schemas/operations.json`. */
export interface OperationEntry {
  operationId: string
  /** Upper-case HTTP method. */
  method: string
  /** Path below the base URL as the spec writes it (the base URL includes `/v1`), e.g. `/models/{model}`. */
  path: string
  /** The `application/json` request body schema, when the operation has a body. */
  requestSchema?: BundlePointer
  responses: OperationResponses
}

/** One relaxation of the recorded spec that real OpenAI traffic proved necessary. */
export interface Erratum {
  /** Component schema the change applies to. */
  schema: string
  /** JSON pointer inside that (normalised) component schema to the node that changes; `''` is the schema itself. */
  pointer: string
  change: ErratumChange
  /** Why: what the traffic shows. */
  reason: string
  /** File names under `shared/real-traffic/` that show the deviation. */
  evidence: string[]
  /** Issues or statements that corroborate it (spec bug reports, maintainer comments). */
  references?: string[]
}

export type ErratumChange =
  /** Remove `property` from the node's `required` list. */
  | { kind: 'drop-required'; property: string }
  /** Let the node also accept `null`. */
  | { kind: 'allow-null' }
  /** Let the node also accept values of `schema` (`anyOf: [node, schema]`); `label` says what in words. */
  | { kind: 'also-accept'; schema: { [keyword: string]: unknown }; label: string }

/** `schemas/PROVENANCE.json`. */
export interface Provenance {
  source: {
    repository: string
    file: string
    commit: string
    commitDate: string
  }
  /** The spec's `info.version`. */
  specVersion: string
  /** ISO date (YYYY-MM-DD) the bundle was written. */
  recordedAt: string
  /** The path (relative to the repo root when inside it) or URL recorded from. */
  recordedFrom: string
  roots: string[]
  operations: string[]
  /** What normalisation changed, one short line each. */
  normalisations: string[]
  /** Errata applied, as human-readable lines (the full records are in the script's ERRATA). */
  errata: Array<{
    schema: string
    pointer: string
    change: string
    reason: string
    evidence: string[]
    references: string[]
  }>
}

/** The short form of provenance that reports print. */
export interface SpecProvenance {
  /** `repository/file`, e.g. `github.com/openai/openai-openapi/openapi.yaml`. */
  source: string
  commit: string
  /** The spec's `info.version`. */
  version: string
  recordedAt: string
}
