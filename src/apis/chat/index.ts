/** Chat Completions: plain, streamed, with tools, with structured outputs and with images (vision). */
import { defineApi } from '../shared/slice.ts'
import { CHAT_CHECK_SETS } from './check-sets.ts'
import { CHAT_SLICE_CHECKS } from './checks/index.ts'
import { chatFaults } from './faults/chat.ts'
import { requestFaults } from './faults/requests.ts'
import { streamFaults } from './faults/stream/index.ts'
import { structuredFaults } from './faults/structured.ts'
import { toolFaults } from './faults/tools.ts'
import { visionFaults } from './faults/vision.ts'
import { CHAT_OPERATIONS } from './operations.ts'
import { CHAT_ROUTES } from './reference/handler.ts'
import { streamTiming } from './stream/timing.ts'
import { chatUsage } from './usage.ts'

export default defineApi({
  name: 'chat',
  checks: CHAT_SLICE_CHECKS,
  checkSets: CHAT_CHECK_SETS,
  operations: CHAT_OPERATIONS,
  routes: CHAT_ROUTES,
  faults: [...chatFaults, ...requestFaults, ...streamFaults, ...toolFaults, ...structuredFaults, ...visionFaults],
  streamTiming,
  usageOf: chatUsage,
})
