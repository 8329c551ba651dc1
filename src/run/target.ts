/**
 * The target of a run, made ready: a configured endpoint as it is, or the embedded
 * reference endpoint started on loopback when no base URL was given.
 */
import { type TargetDraft, UsageError, withChatDefaults } from '../config/index.ts'
import type { ResolvedTarget } from '../config/types.ts'
import { createRedactor, type Redactor } from '../transport/index.ts'

/** A target ready to be tested; `close()` when done with it. */
export interface PreparedTarget {
  /** The endpoint, key, headers and models the run uses. */
  target: ResolvedTarget
  /** Removes the target's secrets (its key, its extra headers' values) from any text. */
  redactor: Redactor
  /** The embedded reference's base URL when this run started it. */
  embeddedURL?: string
  /** Stops what `prepareTarget` started (the embedded reference); idempotent. */
  close(): Promise<void>
}

/** Resolves the draft to a target, starting the embedded reference when the draft names no endpoint. */
export async function prepareTarget(draft: TargetDraft): Promise<PreparedTarget> {
  if (!draft.embedded) return { target: draft, redactor: redactorFor(draft), close: async () => {} }
  // Loaded only when embedded: a run against a target needs none of the reference endpoint.
  const { REFERENCE_API_KEY, REFERENCE_MODELS, REFERENCE_TARGET_OPTIONS, startReferenceServer } = await import(
    '../apis/reference.ts'
  )
  const { getFault } = await import('../apis/index.ts')
  const unknown = (draft.faults ?? []).find((name) => !getFault(name))
  if (unknown !== undefined) {
    throw new UsageError(
      `target ${draft.name}: unknown fault "${unknown}" (oai-conformance serve --list-faults lists them)`,
    )
  }
  const reference = await startReferenceServer({ apiKey: REFERENCE_API_KEY, faults: draft.faults ?? [] })
  const target: ResolvedTarget = {
    ...draft,
    baseURL: reference.url,
    apiKey: REFERENCE_API_KEY,
    models: withChatDefaults({ ...REFERENCE_MODELS, ...draft.models }),
    images: draft.images ?? REFERENCE_TARGET_OPTIONS.images,
    embedded: true,
  }
  return { target, redactor: redactorFor(target), embeddedURL: reference.url, close: () => reference.close() }
}

/** The redactor of a target's secrets: its API key and the values of its extra headers. */
export function redactorFor(target: Pick<ResolvedTarget, 'apiKey' | 'headers'>): Redactor {
  return createRedactor([target.apiKey, ...Object.values(target.headers)])
}

/** The lines announcing the target: the embedded reference's URL when started, then name, URL and models. */
export function describeTarget(prepared: PreparedTarget): string {
  const { target } = prepared
  const embedded = prepared.embeddedURL
    ? `No base URL given: running against the embedded reference endpoint at ${prepared.embeddedURL}\n`
    : ''
  return `${embedded}Target ${target.name} (${target.baseURL}); models: ${formatModels(target.models)}\n`
}

/** `chat=gpt-x, embeddings=y`, or `none`. */
function formatModels(models: ResolvedTarget['models']): string {
  const entries = Object.entries(models)
  return entries.length ? entries.map(([role, id]) => `${role}=${id}`).join(', ') : 'none'
}
