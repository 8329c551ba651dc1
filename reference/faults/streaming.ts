/**
 * Faults in streamed chat completions (SSE): the first one; the rest are in ./stream.ts.
 */
import { DONE_FRAME } from '../handlers/sse.ts'
import type { Fault } from './types.ts'

export const streamingFaults: Fault[] = [
  {
    name: 'stream-missing-done',
    description: 'The stream ends without the `data: [DONE]` sentinel.',
    modelledOn: 'TGI before #2221 (text-generation-inference#1896: no [DONE] on /v1/chat/completions streams).',
    proves: ['stream.done.terminates'],
    hooks: { sseFrames: (frames) => frames.filter((frame) => frame !== DONE_FRAME) },
  },
]
