/**
 * Schema findings: what values violate in a recorded schema, one finding per distinct rule,
 * and apart from that the required members the schema lets be null that they leave out
 * (most compatible servers omit `message.refusal`): clients read an absent member as null,
 * so that is a recommendation ("send null explicitly"), not a violation.
 */
import type { Finding } from '../../core/types.ts'
import { schemaJudgement, type SchemaError, type SchemaJudgement } from '../../spec/index.ts'

/** A value to judge, and how a finding names a place inside it (`sse event 4 /choices/0`). */
export interface Located {
  value: unknown
  /** The place of a JSON pointer into the value (`''` is the value itself). */
  at(pointer: string): string
}

/** The value on its own: places are its pointers (`/` for itself). */
const itself = (value: unknown): Located => ({ value, at: (pointer) => pointer || '/' })

const judged = new WeakMap<object, Map<string, SchemaJudgement>>()

/** The judgement of a value against a schema, once per value (several checks judge the same body). */
function judgementOf(schemaName: string, value: unknown): SchemaJudgement {
  if (typeof value !== 'object' || value === null) return schemaJudgement(schemaName, value)
  let bySchema = judged.get(value)
  if (!bySchema) judged.set(value, (bySchema = new Map()))
  let judgement = bySchema.get(schemaName)
  if (!judgement) bySchema.set(schemaName, (judgement = schemaJudgement(schemaName, value)))
  return judgement
}

/** A pointer with its array indexes generalised: `/choices/1/message` -> `/choices/*\/message`. */
function generalised(pointer: string): string {
  return pointer.replace(/\/\d+(?=\/|$)/g, '/*')
}

/** Errors of every value grouped by `key`, in order of first appearance, with where each group occurs. */
function grouped(
  values: readonly Located[],
  errorsOf: (judgement: SchemaJudgement) => SchemaError[],
  key: (error: SchemaError) => string,
  schemaName: string,
): { error: SchemaError; places: string[] }[] {
  const groups = new Map<string, { error: SchemaError; places: string[] }>()
  for (const { value, at } of values) {
    for (const error of errorsOf(judgementOf(schemaName, value))) {
      const k = key(error)
      const group = groups.get(k) ?? { error, places: [] }
      group.places.push(at(error.path))
      groups.set(k, group)
    }
  }
  return [...groups.values()]
}

function elsewhere(places: readonly string[]): string {
  return places.length > 1 ? ` (and in ${places.length - 1} more place${places.length === 2 ? '' : 's'})` : ''
}

/**
 * Violations of the recorded schema `schemaName` by the located values, one finding per
 * distinct rule violated (the same rule broken in several places is one finding that counts
 * them, so one rule broken everywhere never hides another); absent nullable members are not
 * violations (see absentNullFindingsIn).
 */
export function schemaFindingsIn(schemaName: string, values: readonly Located[]): Finding[] {
  return grouped(
    values,
    (j) => j.errors,
    (e) => `${generalised(e.path)}\u0000${e.message}`,
    schemaName,
  ).map(({ error, places }) => ({ message: `${schemaName}: ${error.message}${elsewhere(places)}`, at: places[0] }))
}

/** As schemaFindingsIn, for one value. */
export function schemaFindings(schemaName: string, value: unknown): Finding[] {
  return schemaFindingsIn(schemaName, [itself(value)])
}

/**
 * The required members whose schema accepts null that the located values leave out, one
 * finding per member (wherever and however often it is absent).
 */
export function absentNullFindingsIn(schemaName: string, values: readonly Located[]): Finding[] {
  const member = (error: SchemaError) => `${generalised(error.path)}/${error.missing!.property}`
  return grouped(values, (j) => j.absentNulls, member, schemaName).map(({ error, places }) =>
    finding(member(error), places),
  )
}

/** As absentNullFindingsIn, for one value. */
export function absentNullFindings(schemaName: string, value: unknown): Finding[] {
  return absentNullFindingsIn(schemaName, [itself(value)])
}

function finding(member: string, places: string[]): Finding {
  return {
    message: `${member} is absent: the schema requires it and allows null, so send null explicitly${elsewhere(places)}`,
    at: places[0],
  }
}
