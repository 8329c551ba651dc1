/**
 * Stream faults in errors: an invalid streamed request answered 200 with an error event.
 */
import { findServedModel } from '../../../../reference/served-models.ts'
import { chatRequestProblems } from '../../reference/request-problems.ts'
import type { Fault } from '../../../../reference/fault.ts'
import { isStreamRequest } from './helpers.ts'

const isServed = (model: string) => findServedModel(model) !== undefined

export const streamErrorFaults: Fault[] = [
  {
    name: 'stream-error-as-200-event',
    description: 'An invalid streamed request gets HTTP 200 and an event stream whose only event is the error.',
    modelledOn:
      'Perplexity as relayed in openclaw/clawrouter#101 (HTTP 200, `event: error`, `data: {"error": …}` for a rejected streaming request).',
    // The one root cause: the error-status and JSON checks of these cases echo it (they skip).
    proves: ['stream.errors.status'],
    hooks: {
      respond(req) {
        if (!isStreamRequest(req)) return undefined
        const problem = chatRequestProblems(req.body, isServed).next()
        if (problem.done) return undefined
        const body = `event: error\ndata: ${JSON.stringify(problem.value.body)}\n\n`
        return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' } })
      },
    },
  },
]
