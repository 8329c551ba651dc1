/**
 * Faults in streamed chat completions, one or more per streaming check: the HTTP answer,
 * SSE framing, the chunk envelope, per-choice deltas, usage, tool-call fragments, errors,
 * and the ways a stream can read differently to the SDK than to the rules.
 *
 * Chunk faults use the `events` hook (the chunk objects, in order, before framing);
 * framing faults use `frames` (each frame a complete event, `data: [DONE]\n\n` last).
 * The tool-call faults act on `delta.tool_calls` fragments and do nothing to a stream
 * without them.
 */
import type { Fault } from '../../../../reference/fault.ts'
import { forChatCompletions } from '../helpers.ts'
import { choiceFaults } from './choices.ts'
import { envelopeFaults } from './chunks.ts'
import { streamErrorFaults } from './errors.ts'
import { toolCallFaults } from './tool-calls.ts'
import { usageFaults } from './usage.ts'
import { framingFaults, streamHttpFaults } from './wire.ts'

export const streamFaults: Fault[] = forChatCompletions([
  ...streamHttpFaults,
  ...framingFaults,
  ...envelopeFaults,
  ...choiceFaults,
  ...usageFaults,
  ...toolCallFaults,
  ...streamErrorFaults,
])
