/**
 * The target of a run, made ready: a configured endpoint as it is, or the embedded
 * reference endpoint started on loopback when no base URL was given.
 */
import { type TargetDraft, UsageError, withChatDefaults } from '../config/index.ts'
import type { ResolvedTarget } from '../config/types.ts'
import { createRedactor, MIN_SECRET_LENGTH, type Redactor, targetSecrets } from '../transport/index.ts'

/** A target ready to be tested; `close()` when done with it. */
export interface PreparedTarget {
  /** The endpoint, key, headers and models the run uses. */
  target: ResolvedTarget
  /** Removes the target's secrets (its key, its credential headers' values, the values marked secret) from any text. */
  redactor: Redactor
  /** Where the secrets too short to redact as text came from (the run says so once). */
  tooShort: string[]
  /** The embedded reference's base URL when this run started it. */
  embeddedURL?: string
  /** Stops what `prepareTarget` started (the embedded reference); idempotent. */
  close(): Promise<void>
}

/** Resolves the draft to a target, starting the embedded reference when the draft names no endpoint. */
export async function prepareTarget(draft: TargetDraft): Promise<PreparedTarget> {
  if (!draft.embedded) return { target: draft, ...redactionOf(draft), close: async () => {} }
  // Loaded only when embedded: a run against a target needs none of the reference endpoint.
  const { REFERENCE_API_KEY, REFERENCE_MODELS, referenceTargetOptions, startReferenceServer } = await import(
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
    images: draft.images ?? referenceTargetOptions(reference.url).images,
    vision: draft.vision ?? referenceTargetOptions(reference.url).vision,
    embedded: true,
  }
  return { target, ...redactionOf(target), embeddedURL: reference.url, close: () => reference.close() }
}

/** The redactor of a target's secrets (`targetSecrets`: only credentials), and the ones too short to use. */
function redactionOf(
  target: Pick<ResolvedTarget, 'apiKey' | 'headers' | 'secrets'>,
): Pick<PreparedTarget, 'redactor' | 'tooShort'> {
  const { secrets, tooShort } = targetSecrets(target)
  return { redactor: createRedactor(secrets), tooShort }
}

/** The line saying which secrets are too short to redact as text, or '' when none is. */
export function tooShortNote(tooShort: readonly string[]): string {
  if (tooShort.length === 0) return ''
  return `oai-conformance: not redacted as text, being shorter than ${MIN_SECRET_LENGTH} characters (credential headers are still redacted whole): ${tooShort.join(', ')}\n`
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
