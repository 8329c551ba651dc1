/** The finish reasons the recorded spec allows, read from its schema (not restated here). */
import { resolvePointer } from '../../../spec/index.ts'

/** Where the recorded spec lists a non-streamed completion's finish reasons. */
export const FINISH_REASON_POINTER =
  '#/components/schemas/CreateChatCompletionResponse/properties/choices/items/properties/finish_reason/enum'

/** The finish reasons the recorded spec allows (read from the schema, not restated here). */
export function finishReasons(pointer = FINISH_REASON_POINTER): string[] {
  const values = resolvePointer(pointer)
  if (!Array.isArray(values)) throw new Error(`the recorded spec has no finish_reason enum at ${pointer}`)
  return values as string[]
}
