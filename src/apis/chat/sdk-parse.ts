/** Reading what the official SDK's helpers returned, for the SDK-level checks. */
import { finding, skip } from '../../core/define.ts'
import type { CheckContext, CheckResult } from '../../core/types.ts'
import { isPlainObject, isSuccess, show } from '../shared/body.ts'

/**
 * The completion `client.chat.completions.parse()` returned, or the result that settles the
 * check before it looks inside: a skip (a recording, a refused request) or the helper's raise.
 */
export function parseHelperCompletion(
  ctx: CheckContext<unknown>,
): { completion: { choices: Record<string, unknown>[] } } | CheckResult {
  const sdk = ctx.exchange.sdk
  if (!sdk) return skip('no SDK outcome was captured (a recording)')
  if (!isSuccess(ctx.exchange))
    return skip(`the request did not succeed (HTTP ${ctx.exchange.response?.status}); see http.status.success`)
  if (!sdk.ok)
    return [finding(`the SDK's parse() raised ${sdk.error.name}: ${sdk.error.message}`, { actual: sdk.error })]
  const value = sdk.value
  if (!isPlainObject(value) || !Array.isArray(value.choices))
    return [finding(`the SDK's parse() returned ${show(value, 100)}, not a completion`, { actual: value })]
  return { completion: { choices: value.choices.filter(isPlainObject) } }
}
