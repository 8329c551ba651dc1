/** The Images API (suite, checks and reference to come). */
import { defineApi } from '../shared/slice.ts'
import { IMAGES_OPERATIONS } from './operations.ts'

export default defineApi({ name: 'images', checks: [], operations: IMAGES_OPERATIONS })
