/**
 * The plan the CLI hands to the vitest worker through `provide`/`inject`: plain data only
 * (it crosses a thread boundary).
 */
import type { ResolvedTarget, RunOptions } from '../config/types.ts'

export interface RunPlan {
  target: ResolvedTarget
  options: RunOptions
  /** The smoke request failed: every case is inconclusive with this reason. */
  blocked?: string
  /**
   * The smoke request is still in flight: the worker waits for its outcome at this URL
   * (./smoke-handoff.ts) before it declares the cases.
   */
  smokeHandoff?: string
}

export const PLAN_KEY = 'oaiConformancePlan'

declare module 'vitest' {
  interface ProvidedContext {
    oaiConformancePlan: RunPlan
  }
}
