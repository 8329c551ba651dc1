/** The shared slice: HTTP, SDK and error-envelope checks every API's cases use, and their faults. */
import { defineApi } from './slice.ts'
import { SHARED_CHECK_SETS } from './check-sets.ts'
import { SHARED_CHECKS } from './checks/index.ts'
import { credentialsFaults } from './faults/credentials.ts'
import { errorFaults } from './faults/errors.ts'
import { httpFaults } from './faults/http.ts'
import { transportFaults } from './faults/transport.ts'

export default defineApi({
  name: 'shared',
  checks: SHARED_CHECKS,
  checkSets: SHARED_CHECK_SETS,
  faults: [...errorFaults, ...credentialsFaults, ...httpFaults, ...transportFaults],
})
