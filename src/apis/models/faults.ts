/**
 * Faults in `GET /models` and `GET /models/{id}`.
 */
import type { Fault } from '../../reference/fault.ts'

/** Still `{object: "list", data}`: a list fault stacked before may have changed the shape. */
const isList = (body: any) => body?.object === 'list' && Array.isArray(body.data)

/** What a deployment might list instead of the name it serves the model under. */
const BASE_MODEL = 'oai-ref-base'

export const modelFaults: Fault[] = [
  {
    name: 'models-list-bare-array',
    description: '`GET /models` returns a bare array of models instead of `{object: "list", data}`.',
    modelledOn: 'one-api#128, spiceai before #4624, exo before #590 (the list returned as a JSON array).',
    proves: ['models.list.schema'],
    operations: ['listModels'],
    hooks: { body: (list) => (isList(list) ? list.data : list) },
  },
  {
    name: 'models-list-omits-served',
    description: '`GET /models` lists the underlying base model, not the model id the endpoint serves.',
    modelledOn:
      'Deployments that list base models rather than their deployment / served names (e.g. Azure OpenAI deployments), so the configured id is absent.',
    proves: ['models.list.contains-configured'],
    operations: ['listModels'],
    hooks: {
      body: (list) =>
        isList(list) ? { ...list, data: list.data.map((model: any) => ({ ...model, id: BASE_MODEL })) } : list,
    },
  },
  {
    name: 'models-retrieve-alias-id',
    description: '`GET /models/{id}` answers with a different id: the model file the alias points at.',
    modelledOn:
      'Servers reporting their internal name instead of the served alias (e.g. a llama.cpp-style GGUF path as the id).',
    proves: ['models.retrieve.id'],
    operations: ['retrieveModel'],
    hooks: { body: (model) => ({ ...model, id: `/models/${model.id}.Q4_K_M.gguf` }) },
  },
  {
    name: 'models-retrieve-missing-fields',
    description: '`GET /models/{id}` omits the required `created` and `owned_by`.',
    modelledOn: 'spiceai before #4624 (no `created`) and gcli2api via Veloera#249 (`created: null`).',
    proves: ['models.retrieve.schema'],
    operations: ['retrieveModel'],
    hooks: { body: ({ created: _created, owned_by: _ownedBy, ...model }) => model },
  },
]
