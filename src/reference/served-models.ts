/**
 * What the embedded reference endpoint serves, and the key it enforces by default.
 */
import type { ModelRole } from '../core/capabilities.ts'

/** The chat model the reference implements. */
export const REFERENCE_CHAT_MODEL = 'oai-ref-chat-1'

/** The reference's text-to-speech model (`POST /audio/speech`). */
export const REFERENCE_SPEECH_MODEL = 'oai-ref-speech-1'

/**
 * The default model per role: `chat` and `speech`; `vision`, `tools` and `structured` fall
 * back to chat through the usual role defaulting, and the other roles are not served (their
 * cases skip as "not configured").
 */
export const REFERENCE_MODELS: Readonly<Partial<Record<ModelRole, string>>> = Object.freeze({
  chat: REFERENCE_CHAT_MODEL,
  speech: REFERENCE_SPEECH_MODEL,
})

/** The API key the embedded endpoint enforces unless told otherwise. */
export const REFERENCE_API_KEY = 'sk-oai-conformance-reference'

/** A served model as `GET /models` lists it (the `Model` schema). */
export interface ServedModel {
  id: string
  object: 'model'
  /** Unix seconds; fixed so listings are stable. */
  created: number
  owned_by: string
}

/** Every model the reference serves, in listing order. */
export const SERVED_MODELS: readonly ServedModel[] = Object.freeze([
  Object.freeze({
    id: REFERENCE_CHAT_MODEL,
    object: 'model',
    created: 1767225600,
    owned_by: 'oai-conformance',
  } as const),
  Object.freeze({
    id: REFERENCE_SPEECH_MODEL,
    object: 'model',
    created: 1767225600,
    owned_by: 'oai-conformance',
  } as const),
])

export function findServedModel(id: string): ServedModel | undefined {
  return SERVED_MODELS.find((model) => model.id === id)
}
