/**
 * Judging a case: run its checks over the captured exchanges. Pure: no I/O, so the same
 * code judges live runs, recordings and (later) HAR files.
 */
import type { Exchange } from '../core/exchange.ts'
import { deviationStatus, worstStatus } from '../core/status.ts'
import type {
  CheckResult,
  CaseDefinition,
  Check,
  CheckOutcome,
  CheckUse,
  Evidence,
  Exchanges,
  Finding,
  Status,
} from '../core/types.ts'
import type { ModelRole } from '../core/capabilities.ts'

export interface CheckRegistry {
  get(id: string): Check | undefined
}

export interface Evaluation {
  status: Status
  checks: CheckOutcome[]
  /** Why the whole case is inconclusive, when it is. */
  reason?: string
}

/** Evidence bodies are cut to this many characters: enough to see the problem, not a dump. */
const EXCERPT_CHARS = 2_000

export function checkUseId(use: CheckUse): string {
  return typeof use === 'string' ? use : use[0]
}

function checkUseParams(use: CheckUse): unknown {
  return typeof use === 'string' ? undefined : use[1]
}

/**
 * Why an exchange cannot be judged, or null when it can: the transport failed (timeout,
 * reset, body too large), or the endpoint was still rate-limiting / failing upstream after
 * the retries ran out. Such a case is `inconclusive`, never `fail`.
 */
export function unjudgeableReason(
  name: string,
  exchange: Exchange,
  expect: CaseDefinition['expect'] = 'success',
): string | null {
  const label = name === 'main' ? 'the request' : `the ${name} request`
  if (exchange.error) return `${label} failed in transport (${exchange.error.kind}): ${exchange.error.message}`
  const status = exchange.response?.status
  if (status === undefined) return `${label} got no response`
  // 501 is never transient; and to a deliberately wrong request, or to a canonical form the
  // case exists to try, a 500 is the server crashing on it: judged, not excused.
  if (status === 501 || (status === 500 && expect !== 'success')) return null
  if (status === 429 || status >= 500) {
    const tries = (exchange.retries?.length ?? 0) + 1
    return `${label} got HTTP ${status} after ${tries} attempt${tries === 1 ? '' : 's'} (rate limit or upstream error)`
  }
  return null
}

export function evaluateCase(
  definition: CaseDefinition,
  exchanges: Exchanges,
  registry: CheckRegistry,
  models: Partial<Record<ModelRole, string>>,
  /** The request the case sent, model filled in; defaults to the JSON body on the wire (recordings). */
  sent?: Record<string, unknown>,
): Evaluation {
  for (const [name, exchange] of Object.entries(exchanges)) {
    const reason = unjudgeableReason(name, exchange, definition.expect)
    if (reason) {
      return { status: 'inconclusive', checks: uniformOutcomes(definition, registry, 'inconclusive', reason), reason }
    }
  }
  const unsupported = unsupportedParameter(definition, exchanges.main)
  if (unsupported)
    return { status: 'skip', checks: uniformOutcomes(definition, registry, 'skip', unsupported), reason: unsupported }

  const exchange = exchanges.main
  const request = sent ?? ((exchange.request.body ?? {}) as Record<string, unknown>)
  const checks = definition.checks.map((use): CheckOutcome => {
    const check = registry.get(checkUseId(use))
    if (!check) throw new Error(`case ${definition.id} uses unknown check ${checkUseId(use)}`)
    let result: CheckResult
    try {
      result = check.run({ exchange, exchanges, request, params: checkUseParams(use), models })
    } catch (error) {
      // A check that throws is a bug in the suite, not a verdict on the endpoint.
      const message = `check crashed: ${error instanceof Error ? error.message : String(error)}`
      return { id: check.id, level: check.level, status: 'inconclusive', spec: check.spec, message, evidence: null }
    }
    if ('note' in result) {
      return {
        id: check.id,
        level: check.level,
        status: 'pass',
        spec: check.spec,
        message: result.note,
        evidence: null,
        note: true,
      }
    }
    if (!Array.isArray(result)) {
      return {
        id: check.id,
        level: check.level,
        status: 'skip',
        spec: check.spec,
        message: result.skip,
        evidence: null,
      }
    }
    if (result.length === 0) {
      return {
        id: check.id,
        level: check.level,
        status: 'pass',
        spec: check.spec,
        message: check.title,
        evidence: null,
      }
    }
    return {
      id: check.id,
      level: check.level,
      status: deviationStatus(check.level),
      spec: check.spec,
      message: summarise(result),
      evidence: evidenceFor(exchange, result),
    }
  })
  return { status: worstStatus(checks.map((c) => c.status)), checks }
}

/** Outcomes for checks that were not run: each gets the same status and reason. */
export function uniformOutcomes(
  definition: CaseDefinition,
  registry: CheckRegistry,
  status: Status,
  reason: string,
): CheckOutcome[] {
  return definition.checks.map((use) => {
    const check = registry.get(checkUseId(use))
    if (!check) throw new Error(`case ${definition.id} uses unknown check ${checkUseId(use)}`)
    return { id: check.id, level: check.level, status, spec: check.spec, message: reason, evidence: null }
  })
}

const UNSUPPORTED_CODES = new Set(['unsupported_parameter', 'unsupported_value'])

/**
 * Why the case does not apply to this model: it rejected, the way OpenAI does, a parameter
 * the case marks optional. Only a 400 in the OpenAI envelope with an "unsupported" code and
 * that parameter named counts; anything vaguer is judged as a failure by the checks.
 */
export function unsupportedParameter(definition: CaseDefinition, exchange: Exchange): string | null {
  if (!definition.optionalParams?.length || exchange.response?.status !== 400) return null
  let error: { param?: unknown; code?: unknown; message?: unknown } | undefined
  try {
    error = (JSON.parse(exchange.response.bodyText ?? '') as { error?: typeof error })?.error
  } catch {
    return null
  }
  if (!error || !UNSUPPORTED_CODES.has(String(error.code)) || typeof error.param !== 'string') return null
  if (!definition.optionalParams.includes(error.param)) return null
  return `the model does not support \`${error.param}\` (HTTP 400 ${String(error.code)}: ${String(error.message ?? '')})`
}

function summarise(findings: Finding[]): string {
  const first = findings[0]!
  const where = first.at ? ` (at ${first.at})` : ''
  const more = findings.length > 1 ? ` (+${findings.length - 1} more)` : ''
  return `${first.message}${where}${more}`
}

/** The request and the offending part of the response; exchanges are already redacted. */
export function evidenceFor(exchange: Exchange, findings: Finding[]): Evidence {
  const response = exchange.response
  return {
    request: { method: exchange.request.method, url: exchange.request.url, body: exchange.request.body },
    response: response
      ? {
          status: response.status,
          contentType: response.headers['content-type'] ?? null,
          excerpt: excerpt(response.bodyText),
        }
      : null,
    findings,
    ...(exchange.retries?.length ? { retries: exchange.retries.length } : {}),
    ...(exchange.error ? { transportError: `${exchange.error.kind}: ${exchange.error.message}` } : {}),
  }
}

function excerpt(text: string | null): string | undefined {
  if (text === null) return undefined
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}… (${text.length} chars)` : text
}
