/**
 * The tokens a full run costs: every suite run in-process against the embedded reference,
 * with `usage` summed over every exchange of every case, per capability and in total; and the
 * worst case a real model could spend, from the token caps the cases set.
 *
 * Where the usage comes from: a JSON body's `usage`; an event stream's usage chunk. A stream
 * that did not ask for usage (`stream_options.include_usage`) carries none, so its request
 * is sent again with the option (the reference model is deterministic: the same request
 * gets the same reply), and that count is used.
 *
 * The worst case of an exchange is what its request allows a model to write: the cap
 * (`max_completion_tokens`, else `max_tokens`) times the choices asked for (`n`). An
 * exchange without a cap is counted at the length of the reference's reply (a realistic
 * length for the prompt, not a bound; such exchanges are listed). A case that expects an
 * error counts 0: a conforming endpoint rejects it before any generation.
 *
 * A judged reply's cap includes an allowance for a reasoning model's hidden reasoning
 * (`REASONING_ALLOWANCE`, suites/common.ts); the worst case without it is what a model that
 * does not reason can spend at most: every cap above the allowance, less the allowance.
 *
 * `node scripts/bench/tokens.ts` prints the totals; `--cases` adds a line per exchange.
 */
import { REASONING_ALLOWANCE } from '../../suites/common.ts'
import { ALL_SUITES } from '../../suites/index.ts'
import { isPlainObject } from '../../src/apis/shared/body.ts'
import { OPERATIONS, checkRegistry, streamTiming, usageOf as catalogueUsageOf } from '../../src/apis/index.ts'
import {
  REFERENCE_API_KEY,
  REFERENCE_MODELS,
  referenceTargetOptions,
  type ReferenceServer,
  startReferenceServer,
} from '../../src/apis/reference.ts'
import { withChatDefaults } from '../../src/config/index.ts'
import type { Capability } from '../../src/core/capabilities.ts'
import type { Exchange } from '../../src/core/exchange.ts'
import type { CaseDefinition, RequestSpec } from '../../src/core/types.ts'
import { runCase } from '../../src/engine/run-case.ts'
import { tokenTotals, type TokenTotals as ReportTokens } from '../../src/report/index.ts'
import { createTargetClient } from '../../src/transport/index.ts'

/** The goal of issue 8: a full run on a real model writes at most this many completion tokens. */
export const COMPLETION_TOKEN_GOAL = 3000

/** Prompt and completion tokens. */
export interface TokenCount {
  prompt: number
  completion: number
}

/** Where an exchange's measured usage came from. */
export type UsageSource = 'body' | 'usage chunk' | 'resent with include_usage' | 'none'

/** One exchange of one case. */
export interface ExchangeTokens {
  /** `main`, or the name of a related exchange. */
  name: string
  /** What the reference reported (zero when it reported nothing: an error answer). */
  measured: TokenCount
  source: UsageSource
  /** The request's `max_completion_tokens` (else `max_tokens`), or null. */
  cap: number | null
  /** The choices the request asked for (`n`, 1 when absent). */
  choices: number
  /** The most completion tokens a model may spend on it (see the module comment). */
  worstCase: number
  /** The same, for a model without hidden reasoning (the reasoning allowance taken off). */
  worstCaseWithoutReasoning: number
}

export interface CaseTokens {
  id: string
  capability: Capability
  /** The case expects an error answer (`expect: 'error'`). */
  expectsError: boolean
  exchanges: ExchangeTokens[]
}

/** Totals over a group of exchanges. */
export interface TokenTotals {
  measured: TokenCount
  worstCase: number
  worstCaseWithoutReasoning: number
  /** Exchanges that may generate but set no cap (their worst case is the reference's reply length). */
  uncapped: number
  exchanges: number
}

export interface TokenMeasurement {
  /** What the run's report says it consumed (report.json `tokens`): the usage responses reported, without resending. */
  reported: ReportTokens
  cases: CaseTokens[]
  byCapability: Partial<Record<Capability, TokenTotals>>
  total: TokenTotals
}

export interface MeasureTokensOptions {
  /** A running reference to use; one is started (and closed) when absent. */
  reference?: ReferenceServer
}

/** Runs every suite against the reference and counts the tokens of every exchange. */
export async function measureTokens(options: MeasureTokensOptions = {}): Promise<TokenMeasurement> {
  const reference = options.reference ?? (await startReferenceServer({ apiKey: REFERENCE_API_KEY }))
  try {
    const client = createTargetClient(
      { baseURL: reference.url, apiKey: REFERENCE_API_KEY },
      { timeoutMs: 10_000, retries: 0, concurrency: 8, retryBaseDelayMs: 1 },
      OPERATIONS,
    )
    const captured = new Map<string, Exchange>()
    const perform = async (spec: RequestSpec, exchangeId: string) => {
      const exchange = await client.perform(spec, exchangeId)
      captured.set(exchangeId, exchange)
      return exchange
    }
    const models = withChatDefaults(REFERENCE_MODELS)
    const definitions = ALL_SUITES.flatMap((suite) => suite.cases)
    const results = await Promise.all(
      definitions.map((definition) =>
        runCase(definition, {
          perform,
          registry: checkRegistry,
          models,
          streamTiming,
          usageOf: catalogueUsageOf,
          options: referenceTargetOptions(reference.url),
        }),
      ),
    )
    const resend = (exchange: Exchange, id: string) =>
      client.perform(
        {
          operation: 'chat.completions.create.stream',
          body: { ...(exchange.request.body as Record<string, unknown>), stream_options: { include_usage: true } },
        },
        id,
      )
    const cases = await Promise.all(definitions.map((definition) => caseTokens(definition, captured, resend)))
    return { reported: tokenTotals(results), cases, ...totals(cases) }
  } finally {
    if (!options.reference) await reference.close()
  }
}

async function caseTokens(
  definition: CaseDefinition,
  captured: ReadonlyMap<string, Exchange>,
  resend: (exchange: Exchange, id: string) => Promise<Exchange>,
): Promise<CaseTokens> {
  const expectsError = definition.expect === 'error'
  // A case skipped for the target's options (a size its model does not take) sent nothing.
  const names = ['main', ...Object.keys(definition.related ?? {})].filter((name) =>
    captured.has(`${definition.id}#${name}`),
  )
  const exchanges = await Promise.all(
    names.map(async (name): Promise<ExchangeTokens> => {
      const id = `${definition.id}#${name}`
      const exchange = captured.get(id)
      if (!exchange) throw new Error(`${id} was not sent`)
      let { usage, source } = usageOf(exchange)
      if (!usage && isEventStream(exchange)) {
        usage = usageOf(await resend(exchange, `${id}+usage`)).usage
        source = usage ? 'resent with include_usage' : 'none'
      }
      const body = isPlainObject(exchange.request.body) ? exchange.request.body : {}
      const cap = tokenCap(body)
      const choices = typeof body.n === 'number' ? body.n : 1
      const measured = usage ?? { prompt: 0, completion: 0 }
      const allowed = (limit: number | null) =>
        expectsError ? 0 : limit === null ? measured.completion : limit * choices
      const worstCase = allowed(cap)
      const worstCaseWithoutReasoning = allowed(
        cap !== null && cap > REASONING_ALLOWANCE ? cap - REASONING_ALLOWANCE : cap,
      )
      return { name, measured, source, cap, choices, worstCase, worstCaseWithoutReasoning }
    }),
  )
  return { id: definition.id, capability: definition.capability, expectsError, exchanges }
}

/** The request's token cap: `max_completion_tokens`, else `max_tokens`, else null. */
export function tokenCap(body: Record<string, unknown>): number | null {
  const cap = body.max_completion_tokens ?? body.max_tokens
  return typeof cap === 'number' ? cap : null
}

function isEventStream(exchange: Exchange): boolean {
  const response = exchange.response
  return !!response && response.status < 400 && (response.headers['content-type'] ?? '').includes('text/event-stream')
}

/** The usage an exchange reports, read as a run reads it (the catalogue's `usageOf`), and where it was. */
function usageOf(exchange: Exchange): { usage: TokenCount | null; source: UsageSource } {
  const usage = catalogueUsageOf(exchange)
  if (!usage) return { usage: null, source: 'none' }
  return { usage, source: isEventStream(exchange) ? 'usage chunk' : 'body' }
}

function totals(cases: readonly CaseTokens[]): Pick<TokenMeasurement, 'byCapability' | 'total'> {
  const empty = (): TokenTotals => ({
    measured: { prompt: 0, completion: 0 },
    worstCase: 0,
    worstCaseWithoutReasoning: 0,
    uncapped: 0,
    exchanges: 0,
  })
  const byCapability: Partial<Record<Capability, TokenTotals>> = {}
  const total = empty()
  for (const entry of cases) {
    const group = (byCapability[entry.capability] ??= empty())
    for (const exchange of entry.exchanges) {
      for (const sum of [group, total]) {
        sum.measured.prompt += exchange.measured.prompt
        sum.measured.completion += exchange.measured.completion
        sum.worstCase += exchange.worstCase
        sum.worstCaseWithoutReasoning += exchange.worstCaseWithoutReasoning
        sum.exchanges += 1
        if (!entry.expectsError && exchange.cap === null && exchange.measured.completion > 0) sum.uncapped += 1
      }
    }
  }
  return { byCapability, total }
}

/** The lines `npm run bench` prints: per capability and in total, and the goal on the worst case. */
export function describeTokens(measurement: TokenMeasurement, perExchange = false): string[] {
  const row = (cells: readonly (string | number)[]) =>
    `  ${String(cells[0]).padEnd(12)}${cells
      .slice(1)
      .map((cell) => String(cell).padStart(14))
      .join('')}`
  const sumRow = (name: string, sum: TokenTotals) =>
    row([
      name,
      sum.exchanges,
      sum.measured.prompt,
      sum.measured.completion,
      sum.worstCase,
      sum.worstCaseWithoutReasoning,
    ])
  const { total } = measurement
  const verdict = (tokens: number) => `${tokens} ${tokens <= COMPLETION_TOKEN_GOAL ? 'PASS' : 'FAIL'}`
  const lines = [
    'tokens (reference model): usage summed over every exchange of every case',
    row(['', 'exchanges', 'prompt', 'completion', 'worst case', 'no reasoning']),
    ...Object.entries(measurement.byCapability).map(([capability, sum]) => sumRow(capability, sum)),
    sumRow('total', total),
    `  report.json tokens (the usage the responses reported, no resending): prompt ${measurement.reported.prompt}, completion ${measurement.reported.completion}, total ${measurement.reported.total} over ${measurement.reported.reported} responses`,
    `  worst case: what the requests allow a real model, each cap (max_completion_tokens, else max_tokens) x n; a judged reply's cap holds ${REASONING_ALLOWANCE} tokens of hidden reasoning, taken off under "no reasoning"`,
    ...(total.uncapped
      ? [`  ${total.uncapped} exchanges set no cap: counted at the reference's reply length (an estimate, not a bound)`]
      : []),
    `  goal completion tokens of a run on a real model <= ${COMPLETION_TOKEN_GOAL}: worst case ${verdict(total.worstCase)}; without hidden reasoning ${verdict(total.worstCaseWithoutReasoning)}`,
  ]
  if (perExchange)
    for (const entry of measurement.cases)
      for (const exchange of entry.exchanges)
        lines.push(
          `    ${`${entry.id}#${exchange.name}`.padEnd(48)} cap ${String(exchange.cap ?? '-').padStart(4)} x${exchange.choices}  worst ${String(exchange.worstCase).padStart(4)} (${exchange.worstCaseWithoutReasoning})  reference ${exchange.measured.prompt}/${exchange.measured.completion} (${exchange.source})`,
        )
  return lines
}

if (import.meta.main) console.log(describeTokens(await measureTokens(), process.argv.includes('--cases')).join('\n'))
