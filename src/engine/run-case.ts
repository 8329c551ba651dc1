/**
 * Running a case: fill in the model, send its requests through the transport, judge the
 * exchanges. The only impure step of the engine; judging is `evaluateCase`.
 *
 * A case is isolated: whatever throws while it runs (the transport, the judging, the stream
 * timing) ends that case as `inconclusive` with a reason naming where, and never reaches the
 * other cases or the run.
 */
import { CAPABILITY_MODEL_ROLE, type Capability, type ModelRole } from '../core/capabilities.ts'
import type { Exchange } from '../core/exchange.ts'
import type { TargetOptions } from '../core/target-options.ts'
import { evaluateCase, uniformOutcomes, type CheckRegistry } from './evaluate.ts'
import { exchangeDetail } from './exchange-detail.ts'
import type {
  CaseDefinition,
  CaseResult,
  Exchanges,
  ExchangeSummary,
  RequestSpec,
  Status,
  StreamTiming,
  TokenUsage,
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
  /**
   * The capabilities whose endpoint answered 5xx at the smoke request while the target served
   * a chat (SmokeResult.unserved): their cases judge a 5xx instead of excusing it. @default []
   */
  unserved?: readonly Capability[]
  /** The model ids the target's GET /models listed at the smoke request (CheckContext.listedModels). @default none */
  listedModels?: readonly string[]
  /** The stream timing the report records of an exchange, when it is an event stream. */
  streamTiming?(exchange: Exchange): StreamTiming | null
  /** What the target's models take beyond their ids (see CaseDefinition.forTarget). @default {} */
  options?: TargetOptions
  /** The tokens an exchange reports it consumed (the report sums them per capability). */
  usageOf?(exchange: Exchange): TokenUsage | null
  /**
   * Removes secrets from the exchanges: `perform` returns them as sent; the checks (but those
   * that judge the credentials themselves, `Check.asSent`), the evidence and the result see
   * the redacted copies, and the result is redacted once more (pieces of secrets a check
   * quoted from the raw ones).
   * @default nothing is redacted (tests and offline judging, which hold no secrets)
   */
  redact?(exchanges: Record<string, Exchange>): ResultRedaction
}

/** The exchanges of a case as its result may show them, and the redaction of what is made of the raw ones. */
export interface ResultRedaction {
  shown: Record<string, Exchange>
  redactor: { deep<T>(value: T): T }
}

const NO_REDACTION = (exchanges: Record<string, Exchange>): ResultRedaction => ({
  shown: exchanges,
  redactor: { deep: (value) => value },
})

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

/** Runs the case; its result is redacted (see `CaseRunner.redact`). */
export async function runCase(definition: CaseDefinition, runner: CaseRunner): Promise<CaseResult> {
  const redact = runner.redact ?? NO_REDACTION
  let redaction: ResultRedaction | undefined
  const result = await runCaseRaw(definition, runner, (sent) => {
    redaction = redact(sent)
    return redaction.shown as Exchanges
  })
  return (redaction ?? redact({})).redactor.deep(result)
}

async function runCaseRaw(
  declared: CaseDefinition,
  runner: CaseRunner,
  show: (exchanges: Exchanges) => Exchanges,
): Promise<CaseResult> {
  const started = performance.now()
  const role = modelRoleOf(declared)
  const model = runner.models[role]
  if (!model)
    return uniformResult(declared, runner.registry, 'skip', `not configured: no ${role} model for this target`, 0)
  const adapted = declared.forTarget ? declared.forTarget(runner.options ?? {}) : declared
  if ('skip' in adapted) return uniformResult(declared, runner.registry, 'skip', adapted.skip, 0)
  const definition: CaseDefinition = adapted
  if (runner.blocked) return uniformResult(definition, runner.registry, 'inconclusive', runner.blocked, 0)

  const prepare = (spec: RequestSpec) => withModel(withTargetParams(spec, runner.params), model)
  const main = prepare(definition.request)
  const named: [string, RequestSpec][] = [
    ['main', main],
    ...Object.entries(definition.related ?? {}).map(([name, spec]) => [name, prepare(spec)] as [string, RequestSpec]),
  ]
  const elapsed = () => Math.round(performance.now() - started)
  let performed: Awaited<ReturnType<typeof performAll>>
  try {
    performed = await performAll(named, (spec, name) => runner.perform(spec, `${definition.id}#${name}`))
  } catch (error) {
    return crashedResult(
      definition,
      runner.registry,
      `the transport failed on this case: ${describe(error)}`,
      elapsed(),
    )
  }
  let sent = performed.sent.map(([name, { exchange }]) => [name, exchange] as const)
  let mainSent = performed.sent.find(([name]) => name === 'main')?.[1]
  // The main request was not sent because the one it follows gave nothing to derive it from.
  // When that one is the same request form (operation), it is judged in the main one's place,
  // so what it got wrong (a reset, a body that is not JSON) still fails the case; anything
  // short of a failure is inconclusive, since the main request's own rules were never put to
  // the test. One of another form (a plain request a streamed one follows) is not what the
  // case's checks judge: the case is inconclusive (that request's own case judges its form).
  let notSent: string | undefined
  if (!mainSent) {
    notSent = `the main request was not sent: ${performed.underived.get('main') ?? 'the request it follows gave nothing to send'}`
    const followed = definition.request.following?.exchange
    const earlier = performed.sent.find(([name]) => name === followed)
    const sameForm = followed !== undefined && definition.related?.[followed]?.operation === main.operation
    if (!earlier || !sameForm) return uniformResult(definition, runner.registry, 'inconclusive', notSent, elapsed())
    mainSent = earlier[1]
    sent = [['main', earlier[1].exchange], ...sent.filter(([name]) => name !== followed)]
  }
  const exchanges = Object.fromEntries(sent) as Exchanges
  let evaluation: ReturnType<typeof evaluateCase>
  let shown: Exchanges
  try {
    shown = show(exchanges)
    const serverErrors = runner.unserved?.includes(definition.capability) ? 'judged' : 'excused'
    evaluation = evaluateCase(definition, shown, runner.registry, runner.models, {
      sent: mainSent.body,
      asSent: exchanges,
      serverErrors,
      ...(runner.listedModels && { listedModels: runner.listedModels }),
    })
    // Already inconclusive (the followed request timed out): its own reason says more.
    if (notSent !== undefined && evaluation.status !== 'fail' && evaluation.status !== 'inconclusive')
      evaluation = { ...evaluation, status: 'inconclusive', reason: notSent }
  } catch (error) {
    return crashedResult(definition, runner.registry, `judging this case failed: ${describe(error)}`, elapsed())
  }
  // Reads of the exchanges the checks saw (their parses are memoised per exchange); a read that throws reports nothing.
  const read = <T>(reader: ((exchange: Exchange) => T | null) | undefined, exchange: Exchange): T | null => {
    try {
      return reader?.(exchange) ?? null
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
    exchanges: sent.map(([name]) => {
      const exchange = shown[name]!
      return summariseExchange(name, exchange, read(runner.streamTiming, exchange), read(runner.usageOf, exchange))
    }),
    ...(evaluation.reason ? { reason: evaluation.reason } : {}),
    ...(definition.asked ? { asked: definition.asked } : {}),
  }
}

/**
 * Sends a case's requests: those that follow none at once, each that follows another once
 * that one is captured (see RequestSpec.following), in any order of declaration. A following
 * request with nothing to send leaves no exchange, and the reason when its derivation gave one.
 */
async function performAll(
  named: readonly [string, RequestSpec][],
  perform: (spec: RequestSpec, name: string) => Promise<Exchange>,
): Promise<{ sent: (readonly [string, Sent])[]; underived: Map<string, string> }> {
  const specs = new Map(named)
  const pending = new Map<string, Promise<Sent | null>>()
  const underived = new Map<string, string>()
  const start = (name: string, chain: readonly string[]): Promise<Sent | null> => {
    const started = pending.get(name)
    if (started) return started
    const spec = specs.get(name)
    if (!spec) throw new Error(`request ${chain.at(-1)} follows ${name}, which the case does not declare`)
    if (chain.includes(name)) throw new Error(`requests ${[...chain, name].join(' → ')} follow each other in a cycle`)
    const following = spec.following
    const sending = !following
      ? perform(spec, name).then((exchange) => ({ exchange, body: spec.body }))
      : start(following.exchange, [...chain, name]).then((earlier) => {
          const patch = earlier ? following.from(earlier.exchange) : null
          if (patch && typeof patch.cannot === 'string') underived.set(name, patch.cannot)
          if (!patch || typeof patch.cannot === 'string') return null
          const body = { ...spec.body, ...patch }
          return perform({ ...spec, body }, name).then((exchange) => ({ exchange, body }))
        })
    pending.set(name, sending)
    return sending
  }
  for (const [name] of named) start(name, [])
  const settled = await Promise.all([...pending].map(async ([name, sent]) => [name, await sent] as const))
  return { sent: settled.filter((entry): entry is readonly [string, Sent] => entry[1] !== null), underived }
}

/** An exchange and the body its request was declared with, derivations merged in. */
interface Sent {
  exchange: Exchange
  body: Record<string, unknown>
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
  usage: TokenUsage | null = null,
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
    ...exchangeDetail(exchange),
    ...(usage ? { usage } : {}),
  }
}
