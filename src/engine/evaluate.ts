/**
 * Judging a case: run its checks over the captured exchanges. Pure: no I/O, so the same
 * code judges live runs, recordings and (later) HAR files.
 *
 * Every case is judged by `http.response.complete` first: whether each response arrived
 * whole. A response the endpoint broke is that check's failure, reported once: the checks
 * that need what is missing skip, pointing at it. A response cut short by a timeout is
 * judged as far as it arrived: checks of status and headers as usual, checks of each part
 * on their own with their findings standing, checks of the whole body inconclusive.
 *
 * What a report carries of a finding is bounded (depth, items, characters), so no response
 * can make a report, or the thread boundary it crosses, blow up.
 */
import { isEndpointFault, RESPONSE_COMPLETE_CHECK, type Exchange } from '../core/exchange.ts'
import { deviationStatus, worstStatus } from '../core/status.ts'
import type {
  CheckResult,
  CaseDefinition,
  Check,
  CheckContext,
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
/** How much of a body an inconclusive reason quotes (the evidence has the excerpt). */
const SEEN_CHARS = 200
/** Outcome messages are cut to this many characters. */
const MESSAGE_CHARS = 2_000
/** Findings kept in one outcome's evidence (the message counts them all). */
const EVIDENCE_FINDINGS = 50
/** Bounds on the values findings carry (`actual`, `expected`). */
const VALUE_DEPTH = 12
const VALUE_ITEMS = 100
const VALUE_CHARS = 2_000

export function checkUseId(use: CheckUse): string {
  return typeof use === 'string' ? use : use[0]
}

function checkUseParams(use: CheckUse): unknown {
  return typeof use === 'string' ? undefined : use[1]
}

/**
 * How an exchange arrived, which decides what can be judged of it:
 * - `complete`: the whole response; every check runs as usual.
 * - `broken`: the endpoint broke it (reset, short body, redirect loop, not HTTP, a body that
 *   never ends): `http.response.complete` fails; the checks that need what is missing skip.
 * - `cut`: it stopped for a reason that says nothing certain about the endpoint (a timeout)
 *   after part of the response arrived: what arrived is judged, the rest is inconclusive.
 * - `lost`: nothing to judge: no response (timeout, unreachable, our own failure), or the
 *   endpoint still rate-limited or failed upstream after the retries.
 */
export type Arrival =
  | { state: 'complete' }
  | { state: 'broken'; response: boolean; reason: string }
  | { state: 'cut'; reason: string }
  | { state: 'lost'; reason: string }

export function arrivalOf(
  name: string,
  exchange: Exchange,
  expect: CaseDefinition['expect'] = 'success',
  serverErrors: ServerErrors = 'excused',
): Arrival {
  const label = name === 'main' ? 'the request' : `the ${name} request`
  const error = exchange.error
  const response = exchange.response
  if (!response) {
    if (error && isEndpointFault(exchange))
      return { state: 'broken', response: false, reason: `${label} got no response (${error.kind}): ${error.message}` }
    return {
      state: 'lost',
      reason: error ? `${label} failed in transport (${error.kind}): ${error.message}` : `${label} got no response`,
    }
  }
  const upstream = upstreamTrouble(label, exchange, expect, serverErrors)
  if (upstream) return { state: 'lost', reason: upstream }
  if (!error) return { state: 'complete' }
  const received = response.receivedBytes === undefined ? '' : ` after ${response.receivedBytes} bytes of the body`
  if (isEndpointFault(exchange))
    return {
      state: 'broken',
      response: true,
      reason: `${label}'s response did not arrive whole (${error.kind}): ${error.message}`,
    }
  return { state: 'cut', reason: `${label} failed in transport (${error.kind})${received}: ${error.message}` }
}

/**
 * Why an exchange cannot be judged at all, or null when (some of) it can: see `lost` in
 * Arrival. Such a case is `inconclusive`, never `fail`.
 */
export function unjudgeableReason(
  name: string,
  exchange: Exchange,
  expect: CaseDefinition['expect'] = 'success',
): string | null {
  const arrival = arrivalOf(name, exchange, expect)
  return arrival.state === 'lost' ? arrival.reason : null
}

/**
 * Whether a 429 or 5xx the retries did not get past is excused as upstream trouble
 * (inconclusive), or judged: in a recording (nothing can be retried there), and when the smoke
 * request saw the target serve a chat while this case's endpoint answered 5xx
 * (`SmokeResult.unserved`: the smoke blocks the run on a 429, so only 5xx reach it).
 */
export type ServerErrors = 'excused' | 'judged'

/** A 429 or 5xx that the retries did not get past, unless the case judges it. */
function upstreamTrouble(
  label: string,
  exchange: Exchange,
  expect: CaseDefinition['expect'],
  serverErrors: ServerErrors,
): string | null {
  const status = exchange.response!.status
  if (serverErrors === 'judged' && (status === 429 || status >= 500)) return null
  // 501 is never transient; and to a deliberately wrong request, or to a canonical form the
  // case exists to try, a 500 is the server crashing on it: judged, not excused.
  if (status === 501 || (status === 500 && expect !== 'success')) return null
  if (status === 429 || status >= 500) {
    const tries = (exchange.retries?.length ?? 0) + 1
    const body = exchange.response!.bodyText?.trim()
    const seen = body ? `: ${clip(body, SEEN_CHARS)}` : ', with an empty body'
    return `${label} got HTTP ${status} after ${tries} attempt${tries === 1 ? '' : 's'}${seen}`
  }
  return null
}

/**
 * The checks a case is judged by: `http.response.complete` first (when the registry has it:
 * a registry for a narrower purpose may not), then its own.
 */
export function caseChecks(definition: CaseDefinition, registry: CheckRegistry): CheckUse[] {
  const own = definition.checks.filter((use) => checkUseId(use) !== RESPONSE_COMPLETE_CHECK)
  return registry.get(RESPONSE_COMPLETE_CHECK) ? [RESPONSE_COMPLETE_CHECK, ...own] : own
}

/** An arrival that leaves the case undecided, with the exchange it is of (its evidence). */
type Lost = Extract<Arrival, { state: 'lost' }> & { exchange: Exchange }
type Broken = Extract<Arrival, { state: 'broken' }> & { exchange: Exchange }
type Cut = Extract<Arrival, { state: 'cut' }> & { exchange: Exchange }

/** The exchanges' arrivals, summed up for judging. */
interface Arrivals {
  /** Every exchange arrived whole. */
  complete: boolean
  /** The first exchange with nothing to judge. */
  lost: Lost | undefined
  /** The first broken exchange without a response. */
  unanswered: Broken | undefined
  /** The first exchange cut short for a reason that is not the endpoint's. */
  cut: Cut | undefined
  /** The first broken exchange, and its name. */
  broken: { name: string; arrival: Broken } | undefined
}

/**
 * A request to where the endpoint named (RequestSpec.following) that could not connect: the
 * endpoint's answer pointed nowhere, which the checks reading that exchange judge.
 */
function unreachableNamed(definition: CaseDefinition, name: string, exchange: Exchange): boolean {
  const spec = name === 'main' ? definition.request : definition.related?.[name]
  return spec?.following !== undefined && !exchange.response && exchange.error?.kind === 'network'
}

function sumArrivals(definition: CaseDefinition, exchanges: Exchanges, serverErrors: ServerErrors): Arrivals {
  const all = Object.entries(exchanges)
    .filter(([name, exchange]) => !unreachableNamed(definition, name, exchange))
    .map(([name, exchange]) => ({
      name,
      arrival: { ...arrivalOf(name, exchange, definition.expect, serverErrors), exchange },
    }))
  const arrivals = all.map((a) => a.arrival)
  const broken = all.find((a): a is { name: string; arrival: Broken } => a.arrival.state === 'broken')
  return {
    complete: arrivals.every((a) => a.state === 'complete'),
    lost: arrivals.find((a): a is Lost => a.state === 'lost'),
    unanswered: arrivals.find((a): a is Broken => a.state === 'broken' && !a.response),
    cut: arrivals.find((a): a is Cut => a.state === 'cut'),
    broken,
  }
}

const SEE_COMPLETE = `see ${RESPONSE_COMPLETE_CHECK}`

/** How a case's exchanges are judged beyond its definition and the target's models. */
export interface JudgingOptions {
  /** The request the case sent, model filled in. @default the JSON body on the wire (recordings) */
  sent?: Record<string, unknown>
  /**
   * The exchanges as sent, secrets included, by the same names, for the checks that judge
   * them so (`Check.asSent`); the evaluated exchanges are then their redacted copies, which
   * every other check and the evidence see.
   * @default the evaluated exchanges (recordings, tests: nothing redacted)
   */
  asSent?: Exchanges
  /** Whether a 5xx after retries is excused (inconclusive) or judged. @default 'excused' */
  serverErrors?: ServerErrors
  /** The model ids the target's GET /models listed (CheckContext.listedModels). @default none */
  listedModels?: readonly string[]
}

export function evaluateCase(
  definition: CaseDefinition,
  exchanges: Exchanges,
  registry: CheckRegistry,
  models: Partial<Record<ModelRole, string>>,
  { sent, asSent = exchanges, serverErrors = 'excused', listedModels }: JudgingOptions = {},
): Evaluation {
  const arrivals = sumArrivals(definition, exchanges, serverErrors)
  // Nothing arrived that could be judged, and nothing the endpoint is to blame for: one reason.
  if (arrivals.lost && !arrivals.broken) {
    const reason = arrivals.lost.reason
    const checks = withUndecidedEvidence(uniformOutcomes(definition, registry, 'inconclusive', reason), arrivals)
    return { status: 'inconclusive', checks, reason }
  }
  const unsupported = arrivals.complete ? unsupportedParameter(definition, exchanges.main) : null
  if (unsupported)
    return { status: 'skip', checks: uniformOutcomes(definition, registry, 'skip', unsupported), reason: unsupported }

  const exchange = exchanges.main
  const request = sent ?? ((exchange.request.body ?? {}) as Record<string, unknown>)
  const judged = caseChecks(definition, registry).map((use) => {
    const check = lookup(registry, definition, use)
    const seen = check.asSent ? asSent : exchanges
    const ctx: CheckContext = {
      exchange: seen.main,
      exchanges: seen,
      request,
      params: checkUseParams(use),
      models,
      ...(listedModels && { listedModels }),
    }
    const result =
      check.id === RESPONSE_COMPLETE_CHECK
        ? judgeCompleteness(check, ctx, arrivals, exchanges)
        : judge(check, ctx, arrivals, exchange)
    return { check, ctx, outcome: result }
  })
  const checks = withUndecidedEvidence(withoutEchoes(judged), arrivals)
  const status = worstStatus(checks.map((c) => c.status))
  const undecided = arrivals.lost ?? arrivals.cut
  return { status, checks, ...(status === 'inconclusive' && undecided ? { reason: undecided.reason } : {}) }
}

/**
 * Inconclusive outcomes carry the evidence of what left them undecided (status, content type,
 * body excerpt, attempts of the lost or cut exchange), as failures carry theirs.
 */
function withUndecidedEvidence(checks: CheckOutcome[], arrivals: Arrivals): CheckOutcome[] {
  const undecided = arrivals.lost ?? arrivals.cut
  if (!undecided) return checks
  const evidence = evidenceFor(undecided.exchange, [])
  return checks.map((c) => (c.status === 'inconclusive' && c.evidence === null ? { ...c, evidence } : c))
}

interface Judged {
  check: Check
  ctx: CheckContext
  outcome: CheckOutcome
}

const isDeviation = (outcome: CheckOutcome) => outcome.status === 'fail' || outcome.status === 'warn'

/** Whether `root`'s deviation explains `echo`'s (Check.explainedBy, Check.explains). */
function explains(root: Judged, echo: Judged): boolean {
  if (root.check.id === echo.check.id) return false
  const declared = echo.check.explainedBy?.some((explanation) =>
    typeof explanation === 'string'
      ? explanation === root.check.id
      : explanation.check === root.check.id && explanation.when(echo.ctx),
  )
  if (declared) return true
  const reverse = root.check.explains
  if (reverse === undefined || reverse.except?.includes(echo.check.id)) return false
  if (reverse.when && !reverse.when(root.ctx)) return false
  const reads = echo.check.reads ?? 'body'
  return reverse.readers === 'whole-body' ? reads === 'body' : reads !== 'head'
}

/**
 * One root cause, one finding: a deviation another deviation of the case explains is only its
 * echo, reported as a skip that points at the root (followed up a chain of echoes to the
 * check no other explains).
 */
function withoutEchoes(judged: Judged[]): CheckOutcome[] {
  const deviating = judged.filter((j) => isDeviation(j.outcome))
  const explainer = (echo: Judged) => deviating.find((root) => explains(root, echo))
  return judged.map((j) => {
    if (!isDeviation(j.outcome)) return j.outcome
    let root = explainer(j)
    if (!root) return j.outcome
    const visited = new Set([j.check.id, root.check.id])
    for (let next = explainer(root); next && !visited.has(next.check.id); next = explainer(next)) {
      visited.add(next.check.id)
      root = next
    }
    // A cycle of explanations has no root: each deviation stands.
    if (explainer(root)) return j.outcome
    return outcome(
      j.check,
      'skip',
      `an echo of ${root.check.id}'s finding (this check saw: ${j.outcome.message}); see ${root.check.id}`,
    )
  })
}

function lookup(registry: CheckRegistry, definition: CaseDefinition, use: CheckUse): Check {
  const check = registry.get(checkUseId(use))
  if (!check) throw new Error(`case ${definition.id} uses unknown check ${checkUseId(use)}`)
  return check
}

/** `http.response.complete`: its findings name the broken exchanges; a timeout or a lost one leaves it undecided. */
function judgeCompleteness(check: Check, ctx: CheckContext, arrivals: Arrivals, shown: Exchanges): CheckOutcome {
  const undecided = arrivals.lost ?? arrivals.cut
  if (!arrivals.broken && undecided) return outcome(check, 'inconclusive', undecided.reason)
  const brokenExchange = arrivals.broken ? shown[arrivals.broken.name]! : shown.main
  return fromResult(check, runSafely(check, ctx), brokenExchange)
}

/** A check on exchanges of which some may not have arrived whole (see Check.reads); evidence comes from `shown`. */
function judge(check: Check, ctx: CheckContext, arrivals: Arrivals, shown: Exchange): CheckOutcome {
  if (arrivals.complete) return fromResult(check, runSafely(check, ctx), shown)
  if (arrivals.lost) return outcome(check, 'inconclusive', arrivals.lost.reason)
  if (arrivals.unanswered) return outcome(check, 'skip', `no response arrived; ${SEE_COMPLETE}`)
  const reads = check.reads ?? 'body'
  if (reads === 'head') return fromResult(check, runSafely(check, ctx), shown)
  if (reads === 'body') {
    return arrivals.cut
      ? outcome(check, 'inconclusive', `needs the whole body, which did not arrive: ${arrivals.cut.reason}`)
      : outcome(check, 'skip', `the response did not arrive whole; ${SEE_COMPLETE}`)
  }
  // A check of each part on its own: its findings in what arrived stand.
  const result = runSafely(check, ctx)
  // What it found nothing to judge in may still have come after the timeout ("no tool
  // calls", "no [DONE]"): undecided, not a skip.
  if (arrivals.cut && !(result instanceof CheckCrash) && !Array.isArray(result) && result.skip !== undefined)
    return outcome(check, 'inconclusive', `${result.skip}, in what arrived; the rest did not: ${arrivals.cut.reason}`)
  if (result instanceof CheckCrash || !Array.isArray(result) || result.length > 0)
    return fromResult(check, result, shown)
  return arrivals.cut
    ? outcome(check, 'inconclusive', `no deviation in what arrived; the rest did not: ${arrivals.cut.reason}`)
    : outcome(check, 'pass', `${check.title}, in what arrived (the rest did not; ${SEE_COMPLETE})`)
}

/** A check that threw: a bug in the suite (or a response that broke it), not a verdict on the endpoint. */
class CheckCrash {
  readonly error: unknown
  constructor(error: unknown) {
    this.error = error
  }
}

function runSafely(check: Check, ctx: CheckContext): CheckResult | CheckCrash {
  try {
    return check.run(ctx)
  } catch (error) {
    return new CheckCrash(error)
  }
}

function outcome(check: Check, status: Status, message: string): CheckOutcome {
  return { id: check.id, level: check.level, status, spec: check.spec, message: clip(message), evidence: null }
}

function fromResult(check: Check, result: CheckResult | CheckCrash, exchange: Exchange): CheckOutcome {
  if (result instanceof CheckCrash) {
    const error = result.error
    return outcome(check, 'inconclusive', `check crashed: ${error instanceof Error ? error.message : String(error)}`)
  }
  if ('note' in result) return { ...outcome(check, 'pass', result.note), note: true }
  if ('inconclusive' in result) return outcome(check, 'inconclusive', result.inconclusive)
  if (!Array.isArray(result)) return outcome(check, 'skip', result.skip)
  if (result.length === 0) return outcome(check, 'pass', check.title)
  return {
    ...outcome(check, deviationStatus(check.level), summarise(result)),
    evidence: evidenceFor(exchange, result),
  }
}

/** Outcomes for checks that were not run: each gets the same status and reason. */
export function uniformOutcomes(
  definition: CaseDefinition,
  registry: CheckRegistry,
  status: Status,
  reason: string,
): CheckOutcome[] {
  return caseChecks(definition, registry).map((use) => outcome(lookup(registry, definition, use), status, reason))
}

/**
 * OpenAI's codes for a parameter the model does not take: `unsupported_*` (its reasoning
 * models and `stop`, `temperature`…), `unknown_parameter` (its GPT image models and
 * `response_format`: vercel/ai#6102).
 */
const UNSUPPORTED_CODES = new Set(['unsupported_parameter', 'unsupported_value', 'unknown_parameter'])

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

/** Findings an outcome's message names; the others are counted (all are in the evidence). */
const SUMMARY_FINDINGS = 3

/**
 * An outcome's message: its first findings, each with where, then a count of the rest. More
 * than the first, so one deviation found everywhere (one finding per rule, see the schema
 * checks) does not hide another behind "+N more".
 */
function summarise(findings: Finding[]): string {
  const shown = findings.slice(0, SUMMARY_FINDINGS).map((f) => `${clip(f.message)}${f.at ? ` (at ${f.at})` : ''}`)
  const rest = findings.length - shown.length
  return `${shown.join('; ')}${rest > 0 ? ` (+${rest} more)` : ''}`
}

/** `text`, cut to `max` characters with its full length said. */
export function clip(text: string, max = MESSAGE_CHARS): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text
}

function boundedFindings(findings: Finding[]): Finding[] {
  const kept = findings.slice(0, EVIDENCE_FINDINGS).map((f) => {
    const out: Finding = { message: clip(String(f.message)) }
    if (f.at !== undefined) out.at = clip(String(f.at), VALUE_CHARS)
    if ('actual' in f) out.actual = boundedValue(f.actual)
    if ('expected' in f) out.expected = boundedValue(f.expected)
    return out
  })
  if (findings.length > EVIDENCE_FINDINGS)
    kept.push({ message: `… and ${findings.length - EVIDENCE_FINDINGS} more findings` })
  return kept
}

/** A copy of `value` no deeper, longer or wider than the report keeps; plain data. */
export function boundedValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return clip(value, VALUE_CHARS)
  if (value === null || typeof value !== 'object') return value
  if (depth >= VALUE_DEPTH) return Array.isArray(value) ? '[…]' : '{…}'
  if (Array.isArray(value)) {
    const items = value.slice(0, VALUE_ITEMS).map((item) => boundedValue(item, depth + 1))
    if (value.length > VALUE_ITEMS) items.push(`… ${value.length - VALUE_ITEMS} more items`)
    return items
  }
  const entries = Object.entries(value)
  const out: Record<string, unknown> = {}
  for (const [key, item] of entries.slice(0, VALUE_ITEMS)) out[clip(key, VALUE_CHARS)] = boundedValue(item, depth + 1)
  if (entries.length > VALUE_ITEMS) out['…'] = `${entries.length - VALUE_ITEMS} more members`
  return out
}

/** The request and the offending part of the response, of the exchange as shown (redacted). */
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
    findings: boundedFindings(findings),
    ...(exchange.retries?.length ? { retries: exchange.retries.length } : {}),
    ...(exchange.error ? { transportError: `${exchange.error.kind}: ${exchange.error.message}` } : {}),
  }
}

/** The start of a body, cut to EXCERPT_CHARS with its full length said; undefined for no text. */
export function excerpt(text: string | null): string | undefined {
  if (text === null) return undefined
  return clip(text, EXCERPT_CHARS)
}
