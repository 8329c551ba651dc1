import { defineSuite } from './common.ts'
import { JSON_SUCCESS } from '../src/apis/shared/check-sets.ts'

export default defineSuite({
  capability: 'models',
  title: 'Models: list and retrieve',
  cases: [
    {
      id: 'models.list',
      title: 'GET /models lists the served models',
      capability: 'models',
      request: { operation: 'models.list', body: {} },
      checks: [...JSON_SUCCESS.checks, 'models.list.schema', 'models.list.contains-configured'],
    },
    {
      id: 'models.retrieve',
      title: 'GET /models/{model} returns the chat model',
      capability: 'models',
      request: { operation: 'models.retrieve', body: {} },
      checks: [...JSON_SUCCESS.checks, 'models.retrieve.schema', 'models.retrieve.id'],
    },
  ],
})
