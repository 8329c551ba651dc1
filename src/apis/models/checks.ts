/** `GET /models` and `GET /models/{model}`. */
import { defineCheck, finding, skip } from '../../core/define.ts'
import type { CheckContext, CheckResult } from '../../core/types.ts'
import { successObject } from '../shared/applicability.ts'
import { isPlainObject, isSuccess, jsonBody, show } from '../shared/body.ts'
import { schemaFindings } from '../shared/schema.ts'
import { schemaRef } from '../shared/spec.ts'

/** The list body may not even be an object (a bare array is a classic deviation), so read raw JSON. */
function onJson(ctx: CheckContext<unknown>, rule: (value: unknown) => CheckResult): CheckResult {
  if (!isSuccess(ctx.exchange))
    return skip(`the request did not succeed (HTTP ${ctx.exchange.response?.status}); see http.status.success`)
  const body = jsonBody(ctx.exchange)
  return body.ok ? rule(body.value) : skip(`${body.reason}; see http.body.json`)
}

export const listSchema = defineCheck({
  id: 'models.list.schema',
  title: 'The list validates against ListModelsResponse',
  level: 'required',
  spec: schemaRef('listModels', 'ListModelsResponse'),
  description: 'GET /models MUST return {object: "list", data: [Model, …]}.',
  run: (ctx) => onJson(ctx, (value) => schemaFindings('ListModelsResponse', value)),
})

export const listContainsConfigured = defineCheck({
  id: 'models.list.contains-configured',
  title: 'Every configured model is listed',
  level: 'recommended',
  spec: schemaRef('listModels', 'ListModelsResponse', 'properties', 'data'),
  description:
    'GET /models SHOULD list every model the target serves; each model configured for this run is looked for by id.',
  notes: 'Gateways may route to models they do not list, so a missing id is a warning.',
  run: (ctx) =>
    onJson(ctx, (value) => {
      const data = isPlainObject(value) && Array.isArray(value.data) ? value.data : null
      if (!data) return skip('no data list; see models.list.schema')
      const listed = new Set(data.filter(isPlainObject).map((m) => m.id))
      const configured = [...new Set(Object.values(ctx.models))].filter((id): id is string => typeof id === 'string')
      return configured
        .filter((id) => !listed.has(id))
        .map((id) =>
          finding(`configured model ${show(id)} is not in GET /models`, {
            at: '/data',
            actual: [...listed].slice(0, 20),
          }),
        )
    }),
})

export const retrieveSchema = defineCheck({
  id: 'models.retrieve.schema',
  title: 'The model validates against Model',
  level: 'required',
  spec: schemaRef('retrieveModel', 'Model'),
  description: 'GET /models/{model} MUST return a Model: {id, object: "model", created, owned_by}.',
  run: (ctx) => {
    const body = successObject(ctx.exchange)
    return 'skip' in body ? body : schemaFindings('Model', body.value)
  },
})

export const retrieveId = defineCheck({
  id: 'models.retrieve.id',
  title: 'The retrieved model has the requested id',
  level: 'required',
  spec: schemaRef('retrieveModel', 'Model', 'properties', 'id'),
  description: 'GET /models/{model} MUST return the model whose id was asked for.',
  run: (ctx) => {
    const body = successObject(ctx.exchange)
    if ('skip' in body) return body
    const wanted = ctx.request.model
    return body.value.id === wanted
      ? []
      : [
          finding(`id is ${show(body.value.id)}, requested ${show(wanted)}`, {
            at: '/id',
            actual: body.value.id,
            expected: wanted,
          }),
        ]
  },
})

export const MODELS_CHECKS = [listSchema, listContainsConfigured, retrieveSchema, retrieveId]

export type ModelsCheckId = (typeof MODELS_CHECKS)[number]['id']
