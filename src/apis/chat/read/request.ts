/** The chat request as the checks read it: the body sent, and the options that shape the answer. */
import type { CheckContext } from '../../../core/types.ts'
import { isPlainObject } from '../../shared/body.ts'

/**
 * The request as the endpoint received it: the JSON body on the wire. It differs from the
 * case's declared body where the SDK builds part of it (the zod helpers turn named schemas
 * into tools and response formats); the case's body is the fallback when none was captured.
 */
export function sentRequest(ctx: CheckContext<any>): Record<string, unknown> {
  const body = ctx.exchange.request.body
  return isPlainObject(body) ? body : ctx.request
}

/** The request is streamed: its choices are read from the assembled deltas. */
export function isStreamed(request: Record<string, unknown>): boolean {
  return request.stream === true
}

/** `stream_options.include_usage` was set. */
export function includeUsage(request: Record<string, unknown>): boolean {
  return isPlainObject(request.stream_options) && request.stream_options.include_usage === true
}

/** The number of choices the request asked for. */
export function requestedChoices(request: Record<string, unknown>): number {
  return typeof request.n === 'number' ? request.n : 1
}
