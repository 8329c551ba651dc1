/** Where the embeddings checks point in the recorded spec and OpenAI's documentation. */
import type { SpecRef } from '../../../core/types.ts'
import { schemaRef } from '../../shared/spec.ts'

export const OP = 'createEmbedding'
export const RESPONSE = 'CreateEmbeddingResponse'

/** `CreateEmbeddingResponse`, or a path inside it. */
export function responseRef(...path: string[]): SpecRef {
  return schemaRef(OP, RESPONSE, ...path)
}

/** `Embedding` (an item of `data`), or a path inside it. */
export function embeddingRef(...path: string[]): SpecRef {
  return schemaRef(OP, 'Embedding', ...path)
}

/** A parameter of `CreateEmbeddingRequest`. */
export function requestParam(name: string): SpecRef {
  return schemaRef(OP, 'CreateEmbeddingRequest', 'properties', name)
}

/** OpenAI's pages for what the schema cannot say. */
export const EMBEDDING_DOCS = {
  /** "OpenAI embeddings are normalized to length 1" (FAQ: which distance function to use). */
  faq: 'https://platform.openai.com/docs/guides/embeddings#which-distance-function-should-i-use',
  guide: 'https://platform.openai.com/docs/guides/embeddings',
  /** The official SDK asks for base64 and decodes it when a call names no encoding_format (openai-node#1312). */
  sdkDefault: 'https://github.com/openai/openai-node/pull/1312',
} as const
