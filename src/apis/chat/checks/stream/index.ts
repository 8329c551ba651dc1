/**
 * Streamed chat completions: the wire (HTTP, framing, chunk envelope) in ./wire.ts, then per
 * choice, deltas, tool-call fragments, usage, and the official SDK's view, one file each.
 */
import { STREAM_CHOICE_CHECKS } from './choices.ts'
import { STREAM_DELTA_CHECKS } from './deltas.ts'
import { STREAM_SDK_CHECKS } from './sdk.ts'
import { STREAM_TOOL_CALL_CHECKS } from './tool-calls.ts'
import { STREAM_USAGE_CHECKS } from './usage.ts'
import { STREAM_WIRE_CHECKS } from './wire.ts'

/** Every streaming check, for the catalogue. */
export const STREAM_CHECKS = [
  ...STREAM_WIRE_CHECKS,
  ...STREAM_CHOICE_CHECKS,
  ...STREAM_DELTA_CHECKS,
  ...STREAM_TOOL_CALL_CHECKS,
  ...STREAM_USAGE_CHECKS,
  ...STREAM_SDK_CHECKS,
]
