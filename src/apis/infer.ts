/**
 * Which checks apply to an exchange nobody declared a case for (a recording, later a HAR
 * entry or a proxy's capture): every check set of the catalogue whose premise the exchange
 * meets, except the sets that need a declared case and the parts other sets compose.
 * Conservative: a premise reads the operation, the request and the status only.
 */
import type { CheckSet, CheckSetPremise, CheckUse, RequestCondition, RequestConditions } from '../core/types.ts'
import type { Exchange } from '../core/exchange.ts'
import { checkUseId } from '../engine/evaluate.ts'

/** The check uses of every set inference may apply whose premise holds, each once, in the sets' order. */
export function inferChecksFrom(sets: readonly CheckSet[], exchange: Exchange): CheckUse[] {
  const uses = sets
    .filter((set) => isInferable(set) && premiseHolds(set.premise, exchange))
    .flatMap((set) => set.checks)
  const ids = uses.map(checkUseId)
  return uses.filter((_use, i) => ids.indexOf(ids[i]!) === i)
}

/** A set inference may apply: neither one that needs a declared case nor a part. */
export function isInferable(set: CheckSet): boolean {
  return set.needsCase === undefined && set.part === undefined
}

/** Whether the exchange is what the premise asks for. */
export function premiseHolds(premise: CheckSetPremise, exchange: Exchange): boolean {
  const { endpoint, status, request, where } = premise
  const body = recordedRequestBody(exchange)
  if (endpoint && !endpointMatches(endpoint, exchange)) return false
  if (status && status !== statusClass(exchange)) return false
  if (request && !(isGroupList(request) ? request.some((group) => holds(group, body)) : holds(request, body)))
    return false
  return where ? where.holds(body) : true
}

/**
 * The request body as far as the exchange tells: the one sent, or, when a recording kept
 * none, what the response shows of it: an event stream answers `stream: true`. Every other
 * member is unknown (absent), so only the sets that need none of them apply.
 */
export function recordedRequestBody(exchange: Exchange): Record<string, unknown> {
  const body = exchange.request.body
  if (isObject(body) && !Array.isArray(body)) return body
  if (body !== null && body !== undefined) return {}
  const type = exchange.response?.headers['content-type']?.split(';', 1)[0]?.trim().toLowerCase()
  return type === 'text/event-stream' ? { stream: true } : {}
}

function endpointMatches(endpoint: NonNullable<CheckSetPremise['endpoint']>, exchange: Exchange): boolean {
  if (exchange.request.method !== endpoint.method) return false
  const segments = endpoint.path.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
  return new RegExp(`${segments.join('[^/]+')}$`).test(new URL(exchange.request.url).pathname)
}

/** `error` from status 400 on; anything else (no response included) is `success` to a premise. */
function statusClass(exchange: Exchange): 'success' | 'error' {
  return (exchange.response?.status ?? 0) >= 400 ? 'error' : 'success'
}

function isGroupList(
  request: RequestConditions | readonly RequestConditions[],
): request is readonly RequestConditions[] {
  return Array.isArray(request)
}

function holds(conditions: RequestConditions, body: Record<string, unknown>): boolean {
  return Object.entries(conditions).every(([path, condition]) => meets(member(body, path), condition))
}

function meets(value: unknown, condition: RequestCondition): boolean {
  if ('is' in condition) return value === condition.is
  if ('isNot' in condition) return value !== condition.isNot
  if ('present' in condition) return (value !== undefined) === condition.present
  return Array.isArray(value) && value.length > 0
}

/** The member at a dotted path, or undefined where a step is not an object. */
function member(body: Record<string, unknown>, path: string): unknown {
  let value: unknown = body
  for (const key of path.split('.')) value = isObject(value) ? value[key] : undefined
  return value
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}
