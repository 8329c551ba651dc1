/**
 * Running a case: fill in the model, send its requests through the transport, judge the
 * exchanges. The only impure step of the engine; judging is `evaluateCase`.
 *
 * A case is isolated: whatever throws while it runs (the transport, the judging, the stream
 * timing) ends that case as `inconclusive` with a reason naming where, and never reaches the
 * other cases or the run.
 */
import { CAPABILITY_MODEL_ROLE, type ModelRole } from '../core/capabilities.ts'
import type { Exchange } from '../core/exchange.ts'
import { evaluateCase, uniformOutcomes, type CheckRegistry } from './evaluate.ts'
import type {
  CaseDefinition,
  CaseResult,
  Exchanges,
  ExchangeSummary,
  RequestSpec,
  Status,
  StreamTiming,
  TargetParams,
} from '../core/types.ts'

/** What running a case needs: somewhere to send requests, the checks, the target's models. */
export interface CaseRunner {
  perform(request: RequestSpec, exchangeId: string): Promise<Exchange>
  registry: CheckRegistry
  models: Partial<Record<ModelRole, string>>
  /** The request values the target configures (its voice…). @default {} */
  params?: TargetParams
  /** Set when the target failed the smoke request: cases are inconclusive with this reason. */
  blocked?: string
  /** The stream timing the report records of an exchange, when it is an event stream. */
  streamTiming?(exchange: Exchange): StreamTiming | null
}

export function modelRoleOf(definition: CaseDefinition): ModelRole {
  return definition.model ?? CAPABILITY_MODEL_ROLE[definition.capability]
}

/** The request with the members it takes from the target (`fromTarget`) set to the target's values, where it has them. */
export function withTargetParams(request: RequestSpec, params: TargetParams = {}): RequestSpec {
  const taken = (request.fromTarget ?? []).filter((name) => params[name] !== undefined)
  if (taken.length === 0) return request
  return { ...request, body: { ...request.body, ...Object.fromEntries(taken.map((name) => [name, params[name]])) } }
}

/** The request with `model` filled in from the target, unless the case names one itself. */
export function withModel(request: RequestSpec, model: string): RequestSpec {
  if ('model' in request.body) return request
  return { ...request, body: { model, ...request.body } }
}

export async function runCase(definition: CaseDefinition, runner: CaseRunner): Promise<CaseResult> {
  const started = performance.now()
  const role = modelRoleOf(definition)
  const model = runner.models[role]
  if (!model)
    return uniformResult(definition, runner.registry, 'skip', `not configured: no ${role} model for this target`, 0)
  if (runner.blocked) return uniformResult(definition, runner.registry, 'inconclusive', runner.blocked, 0)

  const prepare = (spec: RequestSpec) => withModel(withTargetParams(spec, runner.params), model)
  const main = prepare(definition.request)
  const named: [string, RequestSpec][] = [
    ['main', main],
    ...Object.entries(definition.related ?? {}).map(([name, spec]) => [name, prepare(spec)] as [string, RequestSpec]),
  ]
  const elapsed = () => Math.round(performance.now() - started)
  let sent: (readonly [string, Exchange])[]
  try {
    sent = await Promise.all(
      named.map(async ([name, spec]) => [name, await runner.perform(spec, `${definition.id}#${name}`)] as const),
    )
  } catch (error) {
    return crashedResult(
      definition,
      runner.registry,
      `the transport failed on this case: ${describe(error)}`,
      elapsed(),
    )
  }
  const exchanges = Object.fromEntries(sent) as Exchanges
  let evaluation: ReturnType<typeof evaluateCase>
  try {
    evaluation = evaluateCase(definition, exchanges, runner.registry, runner.models, main.body)
  } catch (error) {
    return crashedResult(definition, runner.registry, `judging this case failed: ${describe(error)}`, elapsed())
  }
  const timing = (exchange: Exchange): StreamTiming | null => {
    try {
      return runner.streamTiming?.(exchange) ?? null
    } catch {
      return null
    }
  }
  return {
    id: definition.id,
    capability: definition.capability,
    title: definition.title,
    status: evaluation.status,
    durationMs: Math.round(performance.now() - started),
    checks: evaluation.checks,
    exchanges: sent.map(([name, exchange]) => summariseExchange(name, exchange, timing(exchange))),
    ...(evaluation.reason ? { reason: evaluation.reason } : {}),
    ...(definition.asked ? { asked: definition.asked } : {}),
  }
}

/** A case whose run threw: inconclusive, every check with the reason (none when the checks cannot be named). */
function crashedResult(
  definition: CaseDefinition,
  registry: CheckRegistry,
  reason: string,
  durationMs: number,
): CaseResult {
  try {
    return uniformResult(definition, registry, 'inconclusive', reason, durationMs)
  } catch {
    const { id, capability, title } = definition
    return { id, capability, title, status: 'inconclusive', durationMs, checks: [], exchanges: [], reason }
  }
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return text.length > 500 ? `${text.slice(0, 500)}…` : text
}

/** A case that was not run: every check gets the same status and reason. */
export function uniformResult(
  definition: CaseDefinition,
  registry: CheckRegistry,
  status: Status,
  reason: string,
  durationMs: number,
): CaseResult {
  const checks = uniformOutcomes(definition, registry, status, reason)
  return {
    id: definition.id,
    capability: definition.capability,
    title: definition.title,
    status,
    durationMs,
    checks,
    exchanges: [],
    reason,
  }
}

export function summariseExchange(
  name: string,
  exchange: Exchange,
  stream: StreamTiming | null = null,
): ExchangeSummary {
  const timing = exchange.response?.timing
  return {
    name,
    method: exchange.request.method,
    url: exchange.request.url,
    status: exchange.response?.status ?? null,
    headersMs: timing?.headersMs ?? null,
    firstByteMs: timing?.firstByteMs ?? null,
    totalMs: timing?.lastByteMs ?? null,
    retries: exchange.retries?.length ?? 0,
    ...(exchange.response?.chunks ? { chunks: exchange.response.chunks.length } : {}),
    ...stream,
  }
}
