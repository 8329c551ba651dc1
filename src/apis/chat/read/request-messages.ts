/** The messages of a chat request, as the canonical-request-form checks read them. */
import { isPlainObject } from '../../shared/body.ts'

/** The request's messages (empty when it has none). */
export function requestMessages(request: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(request.messages) ? request.messages.filter(isPlainObject) : []
}

/** An assistant message that carried tool calls. */
export function isToolCallMessage(message: Record<string, unknown>): boolean {
  return message.role === 'assistant' && Array.isArray(message.tool_calls) && message.tool_calls.length > 0
}

/** OpenAI's own tool call id format: `call_` and 24 letters or digits. */
export const OPENAI_CALL_ID = /^call_[A-Za-z0-9]{24}$/
