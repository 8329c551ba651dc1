/** Choosing which cases run: `--only CAP,…` and `--case PATTERN`. */
import type { Capability } from '../core/capabilities.ts'
import type { CaseDefinition, Suite } from '../core/types.ts'

export interface Selection {
  only: readonly Capability[] | null
  /** A substring of the case id, or a glob with `*` (`chat.*-tokens`). */
  casePattern: string | null
}

export function caseMatcher(pattern: string | null): (id: string) => boolean {
  if (!pattern) return () => true
  if (!pattern.includes('*')) return (id) => id.includes(pattern)
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  const regex = new RegExp(`^${source}$`)
  return (id) => regex.test(id)
}

export function selectSuites(suites: readonly Suite[], selection: Selection): Suite[] {
  const matches = caseMatcher(selection.casePattern)
  return suites
    .filter((suite) => !selection.only || selection.only.includes(suite.capability))
    .map((suite) => ({ ...suite, cases: suite.cases.filter((c: CaseDefinition) => matches(c.id)) }))
    .filter((suite) => suite.cases.length > 0)
}
