/** The Embeddings API, as the official SDK calls it. */
import type OpenAI from 'openai'
import type { Params, SliceOperations } from '../../transport/operations.ts'

export const EMBEDDINGS_OPERATIONS: SliceOperations = {
  // Note: without `encoding_format` the SDK asks for base64 on the wire and decodes it.
  'embeddings.create': {
    method: 'POST',
    path: () => '/embeddings',
    run: (sdk, body, options) => sdk.embeddings.create(body as Params<OpenAI.EmbeddingCreateParams>, options),
  },
}
