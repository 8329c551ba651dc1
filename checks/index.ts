/** The check catalogue: every check, by id. */
import type { CheckRegistry } from '../src/engine/evaluate.ts'
import type { Check } from '../src/engine/types.ts'
import { CHAT_CHECKS } from './chat.ts'
import { ERRORS_CHECKS } from './errors.ts'
import { HTTP_CHECKS } from './http.ts'
import { MODELS_CHECKS } from './models.ts'
import { SDK_CHECKS } from './sdk.ts'
import { STREAM_CHECKS } from './stream.ts'
import { STRUCTURED_CHECKS } from './structured.ts'
import { TOOLS_CHECKS } from './tools.ts'

export const ALL_CHECKS: readonly Check[] = [
  ...HTTP_CHECKS,
  ...SDK_CHECKS,
  ...MODELS_CHECKS,
  ...CHAT_CHECKS,
  ...ERRORS_CHECKS,
  ...STREAM_CHECKS,
  ...TOOLS_CHECKS,
  ...STRUCTURED_CHECKS,
]

const byId = new Map(ALL_CHECKS.map((check) => [check.id, check]))

export const checkRegistry: CheckRegistry = { get: (id) => byId.get(id) }

export function getCheck(id: string): Check | undefined {
  return byId.get(id)
}
