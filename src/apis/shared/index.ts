/** The shared slice: HTTP, SDK and error-envelope checks every API's cases use, and their faults. */
import { defineApi } from './slice.ts'
import { ERRORS_CHECKS } from './checks/errors.ts'
import { HTTP_CHECKS } from './checks/http.ts'
import { SDK_CHECKS } from './checks/sdk.ts'
import { errorFaults } from './faults/errors.ts'
import { httpFaults } from './faults/http.ts'
import { transportFaults } from './faults/transport.ts'

export default defineApi({
  name: 'shared',
  checks: [...HTTP_CHECKS, ...SDK_CHECKS, ...ERRORS_CHECKS],
  faults: [...errorFaults, ...httpFaults, ...transportFaults],
})
