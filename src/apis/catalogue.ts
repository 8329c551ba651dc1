/**
 * What a list of API slices adds up to: the check registry, the check sets, the operation
 * table the transport runs, the reference endpoint's routes, the fault catalogue and offline
 * inference. `src/apis/index.ts` builds the one the product uses from its `APIS` list; a
 * test builds one with a toy slice added, to show a slice needs nothing else.
 */
import type { Check, CheckSet, CheckUse, StreamTiming, TokenUsage } from '../core/types.ts'
import type { Exchange } from '../core/exchange.ts'
import type { CheckRegistry } from '../engine/evaluate.ts'
import type { Fault } from '../reference/fault.ts'
import type { ReferenceRoute } from '../reference/router.ts'
import type { OperationTable } from '../transport/operations.ts'
import { inferChecksFrom } from './infer.ts'
import type { ApiSlice } from './shared/slice.ts'

/** A fault without its hooks: what `serve --list-faults` prints and reports cite. */
export type FaultSummary = Omit<Fault, 'hooks'>

export interface Catalogue {
  /** Every check, slice by slice. */
  checks: readonly Check[]
  checkRegistry: CheckRegistry
  getCheck(id: string): Check | undefined
  /** Every check set, slice by slice: what suites compose and inference applies. */
  checkSets: readonly CheckSet[]
  /** Every operation the transport can perform, by name. */
  operations: OperationTable
  /** The report's stream timing of an exchange, from the slice whose stream it is. */
  streamTiming(exchange: Exchange): StreamTiming | null
  /** The tokens an exchange reports it consumed, from the slice that knows where its usage is. */
  usageOf(exchange: Exchange): TokenUsage | null
  /** The reference endpoint's routes. */
  routes: readonly ReferenceRoute[]
  /** Every named deviation the reference can commit (`serve --fault NAME`). */
  faults: readonly Fault[]
  getFault(name: string): Fault | undefined
  listFaults(): FaultSummary[]
  /** Names to faults (fault objects pass through); an unknown name throws, listing the valid ones. */
  resolveFaults(faults?: ReadonlyArray<string | Fault>): Fault[]
  /** The checks that apply to an exchange nobody declared a case for (./infer.ts). */
  inferChecks(exchange: Exchange): CheckUse[]
}

export function createCatalogue(apis: readonly ApiSlice[]): Catalogue {
  const checks = apis.flatMap((api): readonly Check[] => api.checks)
  const byId = new Map(checks.map((check) => [check.id, check]))
  const checkSets = apis.flatMap((api) => api.checkSets ?? [])
  const faults: readonly Fault[] = Object.freeze(
    apis
      .flatMap((api) => api.faults ?? [])
      .map((fault) =>
        Object.freeze({
          ...fault,
          proves: Object.freeze([...fault.proves]) as string[],
          hooks: Object.freeze({ ...fault.hooks }),
        }),
      ),
  )
  const getFault = (name: string) => faults.find((fault) => fault.name === name)
  return {
    checks,
    checkRegistry: { get: (id) => byId.get(id) },
    getCheck: (id) => byId.get(id),
    checkSets,
    operations: Object.assign({}, ...apis.map((api) => api.operations ?? {})) as OperationTable,
    streamTiming(exchange) {
      for (const api of apis) {
        const timing = api.streamTiming?.(exchange)
        if (timing) return timing
      }
      return null
    },
    usageOf(exchange) {
      for (const api of apis) {
        const usage = api.usageOf?.(exchange)
        if (usage) return usage
      }
      return null
    },
    routes: apis.flatMap((api) => api.routes ?? []),
    faults,
    getFault,
    listFaults: () => faults.map(({ hooks: _hooks, ...summary }) => summary),
    resolveFaults: (wanted = []) =>
      wanted.map((fault) => {
        if (typeof fault !== 'string') return fault
        const found = getFault(fault)
        if (!found)
          throw new Error(`unknown fault "${fault}"; valid faults: ${faults.map(({ name }) => name).join(', ')}`)
        return found
      }),
    inferChecks: (exchange) => inferChecksFrom(checkSets, exchange),
  }
}
