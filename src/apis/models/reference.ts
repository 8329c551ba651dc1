/**
 * `GET /models` (`ListModelsResponse`) and `GET /models/{id}` (`Model`).
 */
import { findServedModel, SERVED_MODELS } from '../../reference/served-models.ts'
import type { RequestContext } from '../../reference/context.ts'
import { retrieveModelNotFound } from '../../reference/errors.ts'
import type { ReferenceRoute } from '../../reference/router.ts'

export function listModels(ctx: RequestContext): Response {
  const list = { object: 'list', data: SERVED_MODELS.map((model) => ({ ...model })) }
  return ctx.answer(list)
}

export function retrieveModel(ctx: RequestContext, id: string): Response {
  let model = findServedModel(id)
  if (!model) {
    const rejected = ctx.reject(retrieveModelNotFound(id))
    if (rejected) return rejected
    // A fault waived the 404: the endpoint pretends the model exists.
    model = { ...SERVED_MODELS[0]!, id }
  }
  return ctx.answer({ ...model })
}

/** `/models/{id}` -> id (ids may contain slashes, e.g. `org/model`). */
function modelIdIn(path: string): string {
  return decodeURIComponent(path.slice('/models/'.length))
}

export const MODELS_ROUTES: readonly ReferenceRoute[] = [
  { method: 'GET', path: '/models', operationId: 'listModels', handle: listModels },
  {
    method: 'GET',
    path: '/models/*',
    operationId: 'retrieveModel',
    handle: (ctx) => retrieveModel(ctx, modelIdIn(ctx.req.path)),
  },
]
