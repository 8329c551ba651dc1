/** Every check of the chat slice, in catalogue order, and the union of their ids. */
import { CHAT_CHECKS } from './completion.ts'
import { STREAM_CHECKS } from './stream/index.ts'
import { STRUCTURED_CHECKS } from './structured.ts'
import { TOOLS_CHECKS } from './tools/index.ts'
import { VISION_CHECKS } from './vision.ts'

export const CHAT_SLICE_CHECKS = [
  ...CHAT_CHECKS,
  ...STREAM_CHECKS,
  ...TOOLS_CHECKS,
  ...STRUCTURED_CHECKS,
  ...VISION_CHECKS,
]

export type ChatCheckId = (typeof CHAT_SLICE_CHECKS)[number]['id']
