/** Every check of the embeddings slice, in catalogue order, and the union of their ids. */
import { BASE64_CHECKS } from './base64.ts'
import { RESPONSE_CHECKS } from './response.ts'
import { SEMANTIC_CHECKS } from './semantics.ts'
import { VECTOR_CHECKS } from './vectors.ts'

export const EMBEDDINGS_CHECKS = [...RESPONSE_CHECKS, ...VECTOR_CHECKS, ...BASE64_CHECKS, ...SEMANTIC_CHECKS]

export type EmbeddingsCheckId = (typeof EMBEDDINGS_CHECKS)[number]['id']
