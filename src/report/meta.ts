/**
 * What a conformance test leaves in its vitest task meta for the reporters (meta is
 * serialised from the worker to the main process, so plain data only).
 *
 * vitest 5 re-exports `TaskMeta` from `vitest` (declared in its bundled runner types), so
 * the augmentation targets the `vitest` module.
 */
import type { Capability } from '../core/capabilities.ts'
import type { CaseResult } from '../core/types.ts'

/** Enough to name a case in the report when its test dies before producing a result. */
export interface CaseIdentity {
  id: string
  capability: Capability
  title: string
}

/** A case's place in a run (see `TaskMeta.conformancePlace`). */
export interface CasePlace {
  target: number
  position: number
}

declare module 'vitest' {
  interface TaskMeta {
    /** The case's verdict; set by the generic conformance test when the case has run. */
    caseResult?: CaseResult
    /**
     * Optional: set before the case runs, so that a crash (no `caseResult`) is still
     * reported under the case's real id, capability and title.
     */
    conformanceCase?: CaseIdentity
    /**
     * Where the case sits in the run: its target's index in the plan and its position among the
     * target's selected cases (declaration order), so results come out in that order whichever
     * worker ran them.
     */
    conformancePlace?: CasePlace
  }
}
