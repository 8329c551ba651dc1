/** The Models API: `GET /models` and `GET /models/{id}`. */
import { defineApi } from '../shared/slice.ts'
import { MODELS_CHECK_SETS } from './check-sets.ts'
import { MODELS_CHECKS } from './checks.ts'
import { modelFaults } from './faults.ts'
import { MODELS_OPERATIONS } from './operations.ts'
import { MODELS_ROUTES } from './reference.ts'

export default defineApi({
  name: 'models',
  checks: MODELS_CHECKS,
  checkSets: MODELS_CHECK_SETS,
  operations: MODELS_OPERATIONS,
  routes: MODELS_ROUTES,
  faults: modelFaults,
})
