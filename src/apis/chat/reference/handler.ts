/**
 * `POST /chat/completions`: validate like OpenAI, look at the images (./vision.ts), run the
 * model, render a completion or a stream. Invalid streamed requests fail with the JSON error
 * before any SSE, as OpenAI's do. And the images the vision cases fetch by URL.
 */
import { generate } from './model/index.ts'
import { findServedModel, REFERENCE_CHAT_MODEL } from '../../../reference/served-models.ts'
import { renderChunks, renderCompletion, type CompletionMeta } from './render.ts'
import { readChatRequest } from './request.ts'
import type { RequestContext } from '../../../reference/context.ts'
import { invalidJsonBody } from '../../../reference/errors.ts'
import { chatCompletionId, nowSeconds, systemFingerprint } from '../../../reference/ids.ts'
import { sseFrames } from '../../../reference/sse.ts'
import { chatRequestProblems } from './request-problems.ts'
import type { ReferenceRoute } from '../../../reference/router.ts'
import { seeImages, VISION_IMAGE_OPERATION, VISION_IMAGES_PATH, visionImageFile } from './vision.ts'

const isServed = (model: string) => findServedModel(model) !== undefined

export async function chatCompletions(ctx: RequestContext): Promise<Response> {
  const rejected = firstRejection(ctx)
  if (rejected) return rejected

  const request = readChatRequest(ctx.req.body)
  const images = await seeImages(request.generation.messages)
  for (const problem of images.problems) {
    const response = ctx.reject(problem)
    if (response) return response
  }
  const generation = generate({ ...request.generation, images: images.seen })
  const meta = completionMeta(ctx.req.body?.model)
  if (!request.stream) return ctx.answer(renderCompletion(generation, meta))
  return ctx.answerStream(renderChunks(generation, meta, { includeUsage: request.includeUsage }), sseFrames)
}

/** The first problem with the request that no fault waives, as a response. */
function firstRejection(ctx: RequestContext): Response | null {
  if (ctx.malformedBody) {
    const response = ctx.reject(invalidJsonBody())
    if (response) return response
  }
  for (const problem of chatRequestProblems(ctx.req.body, isServed)) {
    const response = ctx.reject(problem)
    if (response) return response
  }
  return null
}

/** The requested model when served; otherwise (a fault waived the 404) the default one serves it. */
function completionMeta(requested: unknown): CompletionMeta {
  const model = typeof requested === 'string' && isServed(requested) ? requested : REFERENCE_CHAT_MODEL
  return { id: chatCompletionId(), created: nowSeconds(), model, systemFingerprint: systemFingerprint(model) }
}

export const CHAT_ROUTES: readonly ReferenceRoute[] = [
  { method: 'POST', path: '/chat/completions', operationId: 'createChatCompletion', handle: chatCompletions },
  {
    method: 'GET',
    path: `${VISION_IMAGES_PATH}*`,
    operationId: VISION_IMAGE_OPERATION,
    handle: visionImageFile,
    public: true,
  },
]
