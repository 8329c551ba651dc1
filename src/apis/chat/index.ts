/** Chat Completions: plain, streamed, with tools and with structured outputs. */
import { defineApi } from '../shared/slice.ts'
import { CHAT_CHECKS } from './checks/completion.ts'
import { STREAM_CHECKS } from './checks/stream/wire.ts'
import { STRUCTURED_CHECKS } from './checks/structured.ts'
import { TOOLS_CHECKS } from './checks/tools.ts'
import { chatFaults } from './faults/chat.ts'
import { requestFaults } from './faults/requests.ts'
import { streamFaults } from './faults/stream.ts'
import { structuredFaults } from './faults/structured.ts'
import { toolFaults } from './faults/tools.ts'
import { CHAT_OPERATIONS } from './operations.ts'
import { CHAT_ROUTES } from './reference/handler.ts'
import { streamTiming } from './stream.ts'

export default defineApi({
  name: 'chat',
  checks: [...CHAT_CHECKS, ...STREAM_CHECKS, ...TOOLS_CHECKS, ...STRUCTURED_CHECKS],
  operations: CHAT_OPERATIONS,
  routes: CHAT_ROUTES,
  faults: [...chatFaults, ...requestFaults, ...streamFaults, ...toolFaults, ...structuredFaults],
  streamTiming,
})
