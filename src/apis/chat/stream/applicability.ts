/** When a streaming check applies: to the event stream of a successful exchange. */
import { skip } from '../../../core/define.ts'
import type { Exchange } from '../../../core/exchange.ts'
import type { CheckContext, CheckResult } from '../../../core/types.ts'
import type { Applicable } from '../../shared/applicability.ts'
import { isJson, isSuccess, jsonBody } from '../../shared/body.ts'
import { parseStream, type ParsedStream } from './parse.ts'

/** The stream of a successful exchange, or why the check does not apply. */
export function eventStream(exchange: Exchange): Applicable<ParsedStream> {
  if (!isSuccess(exchange))
    return skip(`the request did not succeed (HTTP ${exchange.response?.status}); see http.status.success`)
  // A plain JSON answer (parsed, or refused as too costly) is never read as an empty stream:
  // that is reported, not passed.
  if (isJson(jsonBody(exchange))) return skip('the body is plain JSON, not an event stream; see stream.http.not-json')
  if (exchange.response?.bodyText == null && !exchange.response?.chunks) return skip('the response has no text body')
  return { value: parseStream(exchange) }
}

/** Runs `rule` on the exchange's stream, or skips when there is none. */
export function onStream(ctx: CheckContext<any>, rule: (stream: ParsedStream) => CheckResult): CheckResult {
  const stream = eventStream(ctx.exchange)
  return 'skip' in stream ? stream : rule(stream.value)
}
