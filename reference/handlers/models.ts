/**
 * `GET /models` (`ListModelsResponse`) and `GET /models/{id}` (`Model`).
 */
import { findServedModel, SERVED_MODELS } from '../models.ts'
import type { RequestContext } from './context.ts'
import { retrieveModelNotFound } from './errors.ts'

export function listModels(ctx: RequestContext): Response {
  const list = { object: 'list', data: SERVED_MODELS.map((model) => ({ ...model })) }
  return ctx.json(ctx.pipeline.models(list, ctx.req))
}

export function retrieveModel(ctx: RequestContext, id: string): Response {
  let model = findServedModel(id)
  if (!model) {
    const rejected = ctx.reject(retrieveModelNotFound(id))
    if (rejected) return rejected
    // A fault waived the 404: the endpoint pretends the model exists.
    model = { ...SERVED_MODELS[0]!, id }
  }
  return ctx.json(ctx.pipeline.models({ ...model }, ctx.req))
}
