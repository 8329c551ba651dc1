/** Stop sequences, shared by plain and streamed completions: the ones a request set, and text that must not contain them. */
import { finding } from '../../../core/define.ts'
import type { Finding } from '../../../core/types.ts'
import { show } from '../../shared/body.ts'

/** The stop sequences a request set (a string or up to four strings). */
export function stopSequences(request: Record<string, unknown>): string[] {
  const stop = request.stop
  return (Array.isArray(stop) ? stop : typeof stop === 'string' ? [stop] : []).filter(
    (s): s is string => typeof s === 'string' && s !== '',
  )
}

/** The returned text must not contain a stop sequence. */
export function stopFindings(content: string, sequences: readonly string[], at: string): Finding[] {
  const hit = sequences.find((s) => content.includes(s))
  return hit === undefined ? [] : [finding(`content contains the stop sequence ${show(hit)}`, { at, actual: content })]
}
