/**
 * Judging captured traffic: one case per exchange, with the checks inference finds for it
 * (`Catalogue.inferChecks`, from the check sets' premises), judged like a run's case. What is
 * an API call at all comes from the catalogue's operations (their method and path); the
 * rest of a capture (pages, scripts, other services) is not judged.
 */
import { premiseHolds, recordedRequestBody } from '../apis/infer.ts'
import type { Catalogue } from '../apis/index.ts'
import type { Capability } from '../core/capabilities.ts'
import { type Exchange, RESPONSE_COMPLETE_CHECK } from '../core/exchange.ts'
import type { CaptureSource, CaseDefinition, CaseResult, CheckOutcome, OperationName } from '../core/types.ts'
import { worstStatus } from '../core/status.ts'
import { checkUseId, evaluateCase, uniformOutcomes } from '../engine/evaluate.ts'
import { summariseExchange } from '../engine/run-case.ts'

/** Why what needs the body of an exchange is not judged when the capture kept none. */
export const NO_BODY_REASON = 'unverifiable: the capture holds no body'

/** An exchange to judge, and where it was captured. */
export interface ExchangeToJudge {
  exchange: Exchange
  source: CaptureSource
  /** The capture kept no body of the response (only its status and headers are judged). */
  bodyNotCaptured?: true
}

/** A segment of an operation's path that depends on the request (`/models/{model}`). */
const SEGMENT = '\u0000segment\u0000'

/** An API call: the operation whose request it is, and the base URL it was sent to. */
export interface ApiCall {
  operation: OperationName
  /** The request's URL without the operation's path (and without the query): `https://api.openai.com/v1`. */
  baseURL: string
}

/**
 * The API call the exchange's request is (its method, and a URL path ending with an
 * operation's path), or undefined when it is none the catalogue knows.
 */
export function apiCallOf(exchange: Exchange, catalogue: Catalogue): ApiCall | undefined {
  if (!URL.canParse(exchange.request.url)) return undefined
  const anyBody = new Proxy({}, { get: () => SEGMENT })
  for (const [name, operation] of Object.entries(catalogue.operations)) {
    const path = operation.path(anyBody).replaceAll(encodeURIComponent(SEGMENT), '{segment}')
    if (!premiseHolds({ endpoint: { method: operation.method, path } }, exchange)) continue
    const url = new URL(exchange.request.url)
    const segments = url.pathname.split('/')
    const base = segments.slice(0, segments.length - (path.split('/').length - 1)).join('/')
    return { operation: name as OperationName, baseURL: `${url.origin}${base}` }
  }
  return undefined
}

/**
 * The capability a report files the exchange under: the suite that asks such requests.
 * Only grouping: which checks apply comes from the check sets' premises, not from this.
 */
export function capabilityOf(exchange: Exchange, operation: OperationName): Capability {
  if ((exchange.response?.status ?? 0) >= 400) return 'errors'
  const area = operation.split('.', 1)[0]
  if (area === 'audio') return 'speech'
  if (area === 'models' || area === 'embeddings' || area === 'images') return area
  const body = requestBody(exchange)
  if (Array.isArray(body.tools) && body.tools.length > 0) return 'tools'
  if (body.response_format !== undefined) return 'structured'
  if (JSON.stringify(body.messages ?? []).includes('"image_url"')) return 'vision'
  return body.stream === true ? 'streaming' : 'chat'
}

/** What the request asked, for the case's title: model, stream, tools, response_format. */
export function describeAsked(exchange: Exchange): string {
  const body = requestBody(exchange)
  const parts: string[] = []
  if (typeof body.model === 'string') parts.push(`model ${body.model}`)
  if (body.stream === true) parts.push('stream')
  if (Array.isArray(body.tools) && body.tools.length > 0) {
    const names = body.tools.map((tool: { function?: { name?: unknown } } | null) => tool?.function?.name)
    parts.push(`tools ${names.filter((name) => typeof name === 'string').join(', ') || String(body.tools.length)}`)
  }
  const format = (body.response_format as { type?: unknown } | undefined)?.type
  if (typeof format === 'string') parts.push(`response_format ${format}`)
  return parts.join(', ')
}

/**
 * The case of one API call (`operation`, from `operationOf`): named by method, path and
 * index, judged by the checks inference finds for it.
 */
export function judgeExchange(
  item: ExchangeToJudge,
  operation: OperationName,
  index: number,
  catalogue: Catalogue,
): CaseResult {
  try {
    return judged(item, operation, index, catalogue)
  } catch (error) {
    // Our own failure on an odd exchange: that case is inconclusive, the others are judged.
    const id = `${item.exchange.request.method} ${safePathname(item.exchange.request.url)} #${index}`
    const reason = `judging this exchange failed: ${error instanceof Error ? error.message : String(error)}`
    return {
      id,
      capability: 'chat',
      title: id,
      status: 'inconclusive',
      reason,
      source: item.source,
      durationMs: 0,
      checks: [],
      exchanges: [],
    }
  }
}

function judged(item: ExchangeToJudge, operation: OperationName, index: number, catalogue: Catalogue): CaseResult {
  const { exchange, source } = item
  const pathname = safePathname(exchange.request.url)
  const id = `${exchange.request.method} ${pathname} #${index}`
  const asked = describeAsked(exchange)
  const body = requestBody(exchange)
  const definition: CaseDefinition = {
    id,
    title: asked ? `${id}: ${asked}` : id,
    capability: capabilityOf(exchange, operation),
    request: { operation, body },
    checks: catalogue.inferChecks(exchange),
  }
  const registry = catalogue.checkRegistry
  const models = typeof body.model === 'string' ? { chat: body.model } : {}
  let status: CaseResult['status']
  let checks: CheckOutcome[]
  let reason: string | undefined
  if (item.bodyNotCaptured) {
    // Status and headers are judged; what needs the body is unverifiable, never a failure.
    // Whether the response arrived whole is unknown too.
    const judgedOnHead = (id: string) => id !== RESPONSE_COMPLETE_CHECK && registry.get(id)?.reads === 'head'
    const head = definition.checks.filter((use) => judgedOnHead(checkUseId(use)))
    const judged = evaluateCase({ ...definition, checks: head }, { main: exchange }, registry, models, { sent: body })
    const headOutcomes = new Map(
      judged.checks.filter((outcome) => judgedOnHead(outcome.id)).map((outcome) => [outcome.id, outcome]),
    )
    checks = uniformOutcomes(definition, registry, 'skip', NO_BODY_REASON).map(
      (outcome) => headOutcomes.get(outcome.id) ?? outcome,
    )
    const worst = worstStatus(checks.map((check) => check.status))
    status = worst === 'pass' ? 'skip' : worst
    reason = NO_BODY_REASON
  } else {
    // Nothing can be retried in a recording: a 429 or 5xx is judged on its error envelope.
    const evaluation = evaluateCase(definition, { main: exchange }, registry, models, {
      sent: body,
      serverErrors: 'judged',
    })
    ;({ status, checks, reason } = evaluation)
  }
  return {
    id,
    capability: definition.capability,
    title: definition.title,
    status,
    ...(reason !== undefined ? { reason } : {}),
    source,
    durationMs: exchange.response?.timing?.lastByteMs ?? 0,
    checks,
    exchanges: [summariseExchange('main', exchange, streamTimingOf(exchange, catalogue))],
  }
}

function streamTimingOf(exchange: Exchange, catalogue: Catalogue) {
  try {
    return catalogue.streamTiming(exchange)
  } catch {
    return null
  }
}

/** The request as far as the recording tells (see `recordedRequestBody`). */
function requestBody(exchange: Exchange): Record<string, any> {
  return recordedRequestBody(exchange)
}

function safePathname(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return url
  }
}
