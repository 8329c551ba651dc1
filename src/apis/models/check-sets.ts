/** The Models API's check sets: the list, what the target is configured with, and one model. */
import { defineCheckSet } from '../../core/define.ts'
import { JSON_RESPONSE } from '../shared/check-sets.ts'
import type { SharedCheckId } from '../shared/checks/index.ts'
import type { ModelsCheckId } from './checks.ts'

/** The checks this slice's sets may name. */
type SetCheckId = ModelsCheckId | SharedCheckId

/** `GET /models`: the wire answer and the list's schema. */
export const MODELS_LIST = defineCheckSet<SetCheckId>({
  name: 'models.list',
  title: 'GET /models: a JSON answer listing Model objects',
  premise: { endpoint: { method: 'GET', path: '/models' }, status: 'success' },
  checks: [...JSON_RESPONSE.checks, 'models.list.schema'],
})

/** `GET /models` lists the models the target is configured with. */
export const MODELS_CONFIGURED = defineCheckSet<SetCheckId>({
  name: 'models.list.configured',
  title: 'GET /models lists the configured models',
  premise: MODELS_LIST.premise,
  checks: ['models.list.contains-configured'],
  needsCase: 'it compares with the models the target is configured with; a recording has none',
})

/** `GET /models/{model}`: the model asked for (the JSON answer is the case's `JSON_SUCCESS`). */
export const MODELS_RETRIEVE = defineCheckSet<SetCheckId>({
  name: 'models.retrieve',
  title: 'GET /models/{model}: the Model asked for',
  premise: { endpoint: { method: 'GET', path: '/models/{model}' }, status: 'success' },
  checks: ['models.retrieve.schema', 'models.retrieve.id'],
  needsCase:
    "models.retrieve.id compares with the model id of the case's request (`{ model }`), which a recording does not carry as a body; the schema check goes with it until inference reads the id from the path",
})

export const MODELS_CHECK_SETS = [MODELS_LIST, MODELS_CONFIGURED, MODELS_RETRIEVE]
