/**
 * Typed reading of a body's members: a member is present with the type a rule reads, absent,
 * or present with a wrong type (and then the type seen is said, never "missing"). A check
 * that cannot read a member it needs skips, pointing to the schema check that reports the
 * one root cause; it never passes on a body it could not read.
 */
import { skip } from '../../../core/define.ts'
import type { Applicable } from '../../shared/applicability.ts'
import { isPlainObject } from '../../shared/body.ts'

/** The JSON type of a value, as messages name it. */
export type JsonType = 'a string' | 'a number' | 'a boolean' | 'null' | 'an array' | 'an object'

export function jsonType(value: unknown): JsonType {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return 'a string'
  if (typeof value === 'number') return 'a number'
  return 'a boolean'
}

export type Member<T> =
  | { state: 'present'; value: T }
  | { state: 'absent' }
  | { state: 'wrong-type'; seen: JsonType; value: unknown }

/** Reads `holder[key]` as a `T` (what `accepts` takes); undefined is absent. */
export function readMember<T>(
  holder: Record<string, unknown>,
  key: string,
  accepts: (v: unknown) => v is T,
): Member<T> {
  const value = holder[key]
  if (value === undefined) return { state: 'absent' }
  if (accepts(value)) return { state: 'present', value }
  return { state: 'wrong-type', seen: jsonType(value), value }
}

export const isArray = (v: unknown): v is unknown[] => Array.isArray(v)
export const isObject = isPlainObject
export const isString = (v: unknown): v is string => typeof v === 'string'
export const isNumber = (v: unknown): v is number => typeof v === 'number'
export const isNull = (v: unknown): v is null => v === null
export const either =
  <A, B>(a: (v: unknown) => v is A, b: (v: unknown) => v is B) =>
  (v: unknown): v is A | B =>
    a(v) || b(v)

/** What a check says when a member it reads has a wrong type: one root cause, reported by `by`. */
export function unreadable(path: string, seen: JsonType, by: string): Unreadable {
  const found = `${path} is ${seen} (see ${by})`
  return { ...skip(`cannot read: ${found}`), unreadable: found }
}

/** A skip because a member had a wrong type (not because the check does not apply): what was found. */
export type Unreadable = { skip: string; unreadable: string }

export function isUnreadable(value: unknown): value is Unreadable {
  return typeof value === 'object' && value !== null && typeof (value as Partial<Unreadable>).unreadable === 'string'
}

/** A present member's value, or why it cannot be read; absent members give `absent`. */
export function readOrSkip<T, A>(member: Member<T>, path: string, by: string, absent: A): Applicable<T | A> {
  if (member.state === 'wrong-type') return unreadable(path, member.seen, by)
  return { value: member.state === 'present' ? member.value : absent }
}
