import type { CaseDefinition, Check, CheckSet, Finding, Suite } from './types.ts'

/** Identity helpers that give declarations their types (as vitest's `defineConfig`). */
/**
 * A check, with its id kept as a literal type: the catalogue derives the union of every id
 * (`CheckId`) from the checks themselves. A check with parameters types them on `run`'s
 * context (`run(ctx: CheckContext<{ text: string }>)`), so the id is still inferred.
 */
export function defineCheck<P = void, const Id extends string = string>(check: Check<P, Id>): Check<P, Id> {
  return check
}

export function defineSuite<Id extends string = string>(suite: Suite<Id>): Suite<Id> {
  return suite
}

export function defineCase<Id extends string = string>(definition: CaseDefinition<Id>): CaseDefinition<Id> {
  return definition
}

/** A check set; `Id` (the slice's check ids) makes naming an unknown check a type error. */
export function defineCheckSet<Id extends string = string>(set: CheckSet<Id>): CheckSet<Id> {
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

/** The exchanges cannot decide the check (never a pass); the reason is reported. */
export function inconclusive(reason: string): { inconclusive: string } {
  return { inconclusive: reason }
}

/** The check passes and has something to report (an informational probe's finding). */
export function note(text: string): { note: string } {
  return { note: text }
}
