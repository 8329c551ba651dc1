import type { CaseDefinition, Check, CheckSet, Finding, Suite } from './types.ts'

/** Identity helpers that give declarations their types (as vitest's `defineConfig`). */
export function defineCheck<P = void>(check: Check<P>): Check<P> {
  return check
}

export function defineSuite(suite: Suite): Suite {
  return suite
}

export function defineCase(definition: CaseDefinition): CaseDefinition {
  return definition
}

export function defineCheckSet(set: CheckSet): CheckSet {
  return set
}

/** A finding, for checks that read better as `return [finding('…', { at, actual })]`. */
export function finding(message: string, details: Omit<Finding, 'message'> = {}): Finding {
  return { message, ...details }
}

/** The check does not apply to this exchange; the reason is reported. */
export function skip(reason: string): { skip: string } {
  return { skip: reason }
}

/** The check passes and has something to report (an informational probe's finding). */
export function note(text: string): { note: string } {
  return { note: text }
}
