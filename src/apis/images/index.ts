/** The Images API: `POST /images/generations`, and the files its image URLs name. */
import { defineApi } from '../shared/slice.ts'
import { IMAGES_CHECK_SETS } from './check-sets.ts'
import { IMAGES_CHECKS } from './checks.ts'
import { imagesFaults } from './faults.ts'
import { IMAGES_OPERATIONS } from './operations.ts'
import { IMAGES_ROUTES } from './reference/handler.ts'

export default defineApi({
  name: 'images',
  checks: IMAGES_CHECKS,
  checkSets: IMAGES_CHECK_SETS,
  operations: IMAGES_OPERATIONS,
  routes: IMAGES_ROUTES,
  faults: imagesFaults,
})
