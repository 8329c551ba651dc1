/** `created` of a response object (a chat completion, each chunk of its stream, an ImagesResponse): integer Unix seconds. */
import { finding } from '../../core/define.ts'
import type { Finding } from '../../core/types.ts'
import { show } from './body.ts'

/** 2020-09-13: earlier than any OpenAI-compatible API; a smaller number is not a timestamp. */
const EARLIEST_PLAUSIBLE = 1_600_000_000
const CLOCK_SKEW_SECONDS = 86_400

/** `created` must be integer Unix seconds. */
export function createdFindings(created: unknown, at: string, nowSeconds = Date.now() / 1000): Finding[] {
  if (typeof created !== 'number' || !Number.isInteger(created)) {
    return [
      finding(`created is ${show(created)}, expected an integer Unix timestamp in seconds`, { at, actual: created }),
    ]
  }
  if (created > 1e12)
    return [finding(`created is ${created}: that is milliseconds, expected seconds`, { at, actual: created })]
  if (created < EARLIEST_PLAUSIBLE || created > nowSeconds + CLOCK_SKEW_SECONDS) {
    return [finding(`created is ${created}: not a plausible Unix time in seconds`, { at, actual: created })]
  }
  return []
}
