/** Text that must be JSON: a tool call's arguments, structured-output content. */
import { isPlainObject, show } from '../../shared/body.ts'

export type ParsedJson = { ok: true; value: unknown } | { ok: false; problem: string }

/** A tool call's `arguments` read as the JSON object it must be. */
export function parseArguments(raw: unknown): ParsedJson {
  if (typeof raw !== 'string') return { ok: false, problem: `arguments is ${show(raw)}, not a JSON string` }
  const parsed = readJsonText(raw)
  if (!parsed.ok) return { ok: false, problem: `arguments ${parsed.problem}` }
  return isPlainObject(parsed.value)
    ? parsed
    : { ok: false, problem: `arguments is JSON but not an object: ${show(parsed.value)}` }
}

const FENCE = /^\s*```/

/**
 * Text that must be exactly one JSON value (whitespace around it allowed, as JSON's grammar
 * does). When it is not, says why in the words of the common deviations: a markdown code
 * fence, prose before the JSON, text after it.
 */
export function readJsonText(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    if (FENCE.test(text)) return { ok: false, problem: `is wrapped in a markdown code fence: ${show(text, 80)}` }
    const start = text.search(/[{[]/)
    if (start > 0 && text.slice(0, start).trim() !== '') {
      return { ok: false, problem: `has prose before the JSON: ${show(text.slice(0, Math.min(start, 60)))}` }
    }
    return { ok: false, problem: `is not a single JSON value (${(error as Error).message}): ${show(text, 80)}` }
  }
}
