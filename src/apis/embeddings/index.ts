/** The Embeddings API: `POST /embeddings`. */
import { defineApi } from '../shared/slice.ts'
import { EMBEDDINGS_CHECK_SETS } from './check-sets.ts'
import { EMBEDDINGS_CHECKS } from './checks/index.ts'
import { embeddingsFaults } from './faults.ts'
import { EMBEDDINGS_OPERATIONS } from './operations.ts'
import { EMBEDDINGS_ROUTES } from './reference/handler.ts'

export default defineApi({
  name: 'embeddings',
  checks: EMBEDDINGS_CHECKS,
  checkSets: EMBEDDINGS_CHECK_SETS,
  operations: EMBEDDINGS_OPERATIONS,
  routes: EMBEDDINGS_ROUTES,
  faults: embeddingsFaults,
})
