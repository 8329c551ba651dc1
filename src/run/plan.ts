/**
 * The plan the CLI hands to the vitest workers through `provide`/`inject`: plain data only
 * (it crosses a process boundary).
 */
import type { ResolvedTarget, RunOptions } from '../config/types.ts'

/** One target of the run, as its cases need it. */
export interface PlannedTarget {
  target: ResolvedTarget
  /** The smoke request failed: every case of the target is inconclusive with this reason. */
  blocked?: string
  /**
   * The smoke request is still in flight: the worker waits for its outcome at this URL
   * (./smoke-handoff.ts) before it declares the target's cases.
   */
  smokeHandoff?: string
}

/**
 * How the cases are spread over the generic test files (`src/run/buckets/`), which vitest runs
 * in parallel workers and splits between shards.
 * - `target`: bucket `b` holds every case of the targets whose index `t` has `t % buckets === b`
 *   (targets side by side, one worker each; a target's limiter stays in one process).
 * - `case`: every bucket holds every target, with the cases at positions `p % buckets === b` of
 *   each target's selected cases (what `--shard I/N` splits).
 */
export interface Spread {
  by: 'target' | 'case'
  buckets: number
}

export interface RunPlan {
  targets: PlannedTarget[]
  options: RunOptions
  spread: Spread
}

export const PLAN_KEY = 'oaiConformancePlan'

declare module 'vitest' {
  interface ProvidedContext {
    oaiConformancePlan: RunPlan
  }
}

/** Whether the case at `position` of target `target` belongs to bucket `bucket`. */
export function inBucket(spread: Spread, bucket: number, target: number, position: number): boolean {
  return (spread.by === 'target' ? target : position) % spread.buckets === bucket
}
