/**
 * The API catalogue: every API slice, in the order checks and faults are listed. Adding an
 * API is one folder under `src/apis/` and one line here.
 */
import type { Check, CheckSet, StreamTiming } from '../core/types.ts'
import type { Exchange } from '../core/exchange.ts'
import type { CheckRegistry } from '../engine/evaluate.ts'
import type { Fault } from '../reference/fault.ts'
import type { ReferenceRoute } from '../reference/router.ts'
import type { OperationTable } from '../transport/operations.ts'
import audio from './audio/index.ts'
import chat from './chat/index.ts'
import embeddings from './embeddings/index.ts'
import images from './images/index.ts'
import models from './models/index.ts'
import shared from './shared/index.ts'
import type { ApiSlice } from './shared/slice.ts'

export const APIS = [shared, models, chat, embeddings, images, audio] as const satisfies readonly ApiSlice[]

/** The id of every check there is: a suite naming any other fails `tsc`. */
export type CheckId = (typeof APIS)[number]['checks'][number]['id']

// Checks

export const ALL_CHECKS: readonly Check[] = APIS.flatMap((api): readonly Check[] => api.checks)

const byId = new Map(ALL_CHECKS.map((check) => [check.id, check]))

export const checkRegistry: CheckRegistry = { get: (id) => byId.get(id) }

export function getCheck(id: string): Check | undefined {
  return byId.get(id)
}

/** Every check set, slice by slice: what suites compose and inference applies (src/apis/infer.ts). */
export const CHECK_SETS: readonly CheckSet[] = APIS.flatMap((api) => api.checkSets ?? [])

// Operations

export const OPERATIONS = Object.assign({}, ...APIS.map((api) => api.operations ?? {})) as OperationTable

/** The report's stream timing of an exchange, from the slice whose stream it is. */
export function streamTiming(exchange: Exchange): StreamTiming | null {
  for (const api of APIS) {
    const timing = api.streamTiming?.(exchange)
    if (timing) return timing
  }
  return null
}

// The reference endpoint

export const ROUTES: readonly ReferenceRoute[] = APIS.flatMap((api) => api.routes ?? [])

/** The fault catalogue: every named deviation the reference can commit (`serve --fault NAME`). */
export const FAULTS: readonly Fault[] = Object.freeze(
  APIS.flatMap((api) => api.faults ?? []).map((fault) =>
    Object.freeze({
      ...fault,
      proves: Object.freeze([...fault.proves]) as string[],
      hooks: Object.freeze({ ...fault.hooks }),
    }),
  ),
)

export function getFault(name: string): Fault | undefined {
  return FAULTS.find((fault) => fault.name === name)
}

/** A fault without its hooks: what `serve --list-faults` prints and reports cite. */
export type FaultSummary = Omit<Fault, 'hooks'>

export function listFaults(): FaultSummary[] {
  return FAULTS.map(({ hooks: _hooks, ...summary }) => summary)
}

/** Names to faults (fault objects pass through); an unknown name throws, listing the valid ones. */
export function resolveFaults(faults: ReadonlyArray<string | Fault> = []): Fault[] {
  return faults.map((fault) => {
    if (typeof fault !== 'string') return fault
    const found = getFault(fault)
    if (!found) throw new Error(`unknown fault "${fault}"; valid faults: ${FAULTS.map(({ name }) => name).join(', ')}`)
    return found
  })
}
