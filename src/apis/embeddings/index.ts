/** The Embeddings API (suite, checks and reference to come). */
import { defineApi } from '../shared/slice.ts'
import { EMBEDDINGS_OPERATIONS } from './operations.ts'

export default defineApi({ name: 'embeddings', checks: [], operations: EMBEDDINGS_OPERATIONS })
