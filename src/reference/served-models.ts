/**
 * What the embedded reference endpoint serves, and the key it enforces by default.
 */
import type { ModelRole } from '../core/capabilities.ts'

/** The reference's chat model. */
export const REFERENCE_CHAT_MODEL = 'oai-ref-chat-1'

/** The reference's embeddings model (src/apis/embeddings/reference/). */
export const REFERENCE_EMBEDDINGS_MODEL = 'oai-ref-embed-1'

/** The reference's image generation model (src/apis/images/reference/). */
export const REFERENCE_IMAGE_MODEL = 'oai-ref-image-1'

/** The reference's text-to-speech model (`POST /audio/speech`). */
export const REFERENCE_SPEECH_MODEL = 'oai-ref-speech-1'

/**
 * The default model per role. `vision`, `tools` and `structured` fall back to `chat` through
 * the usual role defaulting; roles not listed are not served (their cases skip as "not
 * configured").
 */
export const REFERENCE_MODELS: Readonly<Partial<Record<ModelRole, string>>> = Object.freeze({
  chat: REFERENCE_CHAT_MODEL,
  embeddings: REFERENCE_EMBEDDINGS_MODEL,
  images: REFERENCE_IMAGE_MODEL,
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
    id: REFERENCE_EMBEDDINGS_MODEL,
    object: 'model',
    created: 1767225600,
    owned_by: 'oai-conformance',
  } as const),
  Object.freeze({
    id: REFERENCE_IMAGE_MODEL,
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
