/**
 * What an API slice is: everything specific to one API (`src/apis/<api>/`), as one value the
 * catalogue (`src/apis/index.ts`) lists. A slice brings its checks, the SDK operations its
 * cases perform, its reference handler's routes and the faults that prove its checks.
 */
import type { Check, CheckSet, StreamTiming, TokenUsage } from '../../core/types.ts'
import type { Exchange } from '../../core/exchange.ts'
import type { Fault } from '../../reference/fault.ts'
import type { ReferenceRoute } from '../../reference/router.ts'
import type { SliceOperations } from '../../transport/operations.ts'

export interface ApiSlice<C extends Check = Check> {
  /** The slice's folder name: `chat`. */
  name: string
  /** Every check of the slice, in catalogue order. */
  checks: readonly C[]
  /** Its check sets, in the order inference lists their checks (may compose the shared slice's). @default [] */
  checkSets?: readonly CheckSet[]
  /** The SDK operations its cases perform. @default {} */
  operations?: SliceOperations
  /** Its routes on the embedded reference endpoint. @default [] */
  routes?: readonly ReferenceRoute[]
  /** The faults that prove its checks. @default [] */
  faults?: readonly Fault[]
  /** Timing of an event stream the slice's operations produce; null when the exchange is not one. */
  streamTiming?(exchange: Exchange): StreamTiming | null
  /** The tokens an exchange of the slice's operations reports it consumed (where its usage is); null when none. */
  usageOf?(exchange: Exchange): TokenUsage | null
}

/** Identity helper that gives a slice declaration its type, keeping its checks' literal ids. */
export function defineApi<C extends Check>(slice: ApiSlice<C>): ApiSlice<C> {
  return slice
}
