/**
 * `POST /embeddings`: validate like OpenAI, embed each input with the reference model
 * (./model.ts), answer a `CreateEmbeddingResponse` in the encoding asked for.
 */
import type { RequestContext } from '../../../reference/context.ts'
import { invalidJsonBody } from '../../../reference/errors.ts'
import type { ReferenceRoute } from '../../../reference/router.ts'
import { findServedModel, REFERENCE_EMBEDDINGS_MODEL } from '../../../reference/served-models.ts'
import { EMBEDDING_DIMENSIONS, embed, float32Base64, tokenCount, type EmbeddingInput } from './model.ts'
import { embeddingRequestProblems, inputsOf, type ModelLookup } from './request-problems.ts'

/** The models the reference embeds with. */
const EMBEDDING_MODELS: ReadonlySet<string> = new Set([REFERENCE_EMBEDDINGS_MODEL])

const MODELS: ModelLookup = {
  isServed: (model) => findServedModel(model) !== undefined,
  embeds: (model) => EMBEDDING_MODELS.has(model),
}

/** What an answer is made from: the inputs and how to encode their vectors. */
export interface EmbeddingRequest {
  inputs: EmbeddingInput[]
  dimensions: number
  encoding: 'float' | 'base64'
  model: string
}

export function createEmbedding(ctx: RequestContext): Response {
  const rejected = firstRejection(ctx)
  if (rejected) return rejected
  return ctx.answer(embeddingResponse(readEmbeddingRequest(ctx.req.body)))
}

/**
 * The request as the model reads it. Total, because a fault may have waived validation:
 * an unreadable input embeds as its JSON text, a bad `dimensions` is the model's own.
 */
export function readEmbeddingRequest(body: any): EmbeddingRequest {
  const inputs = inputsOf(body?.input) ?? [JSON.stringify(body?.input ?? '')]
  const dimensions = Number.isInteger(body?.dimensions) && body.dimensions >= 1 ? body.dimensions : EMBEDDING_DIMENSIONS
  const model =
    typeof body?.model === 'string' && EMBEDDING_MODELS.has(body.model) ? body.model : REFERENCE_EMBEDDINGS_MODEL
  return { inputs, dimensions, encoding: body?.encoding_format === 'base64' ? 'base64' : 'float', model }
}

/** The `CreateEmbeddingResponse` for a request. */
export function embeddingResponse(request: EmbeddingRequest) {
  const tokens = request.inputs.reduce((sum, input) => sum + tokenCount(input), 0)
  return {
    object: 'list',
    data: request.inputs.map((input, index) => {
      const vector = embed(input, request.dimensions)
      return { object: 'embedding', index, embedding: request.encoding === 'base64' ? float32Base64(vector) : vector }
    }),
    model: request.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  }
}

/** The first problem with the request that no fault waives, as a response. */
function firstRejection(ctx: RequestContext): Response | null {
  if (ctx.malformedBody) {
    const response = ctx.reject(invalidJsonBody())
    if (response) return response
  }
  for (const problem of embeddingRequestProblems(ctx.req.body, MODELS)) {
    const response = ctx.reject(problem)
    if (response) return response
  }
  return null
}

export const EMBEDDINGS_ROUTES: readonly ReferenceRoute[] = [
  { method: 'POST', path: '/embeddings', operationId: 'createEmbedding', handle: createEmbedding },
]
