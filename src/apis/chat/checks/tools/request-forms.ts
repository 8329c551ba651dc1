/**
 * Canonical request forms the SDK sends and some endpoints reject: each check passes when
 * the endpoint accepts a conversation in that form (`content: null` beside tool calls, text
 * parts in a tool message, OpenAI's call ids, tool history without a tools list).
 */
import { defineCheck, finding, skip } from '../../../../core/define.ts'
import type { Exchange } from '../../../../core/exchange.ts'
import { isPlainObject, isSuccess, jsonBody, show } from '../../../shared/body.ts'
import { errorMessage } from '../../../shared/error-message.ts'
import { schemaRef } from '../../../shared/spec.ts'
import { sentRequest } from '../../read/request.ts'
import { isToolCallMessage, OPENAI_CALL_ID, requestMessages } from '../../read/request-messages.ts'

const OP = 'createChatCompletion'
const REQUEST = 'CreateChatCompletionRequest'

/**
 * The name of the related exchange a canonical-form case sends beside its main one: the same
 * conversation in the most compatible form, so a rejection of the main request can be
 * blamed on the one form it varies (and not on the rest of the conversation).
 */
export const BASELINE_EXCHANGE = 'baseline'

export interface RequestForm<Id extends string> {
  id: Id
  title: string
  description: string
  spec: ReturnType<typeof schemaRef>
  /** What the request contains, for messages: "an assistant message with content null". */
  form: string
  /** The request contains the form. */
  present(request: Record<string, unknown>): boolean
  notes?: string
}

/** How the endpoint refused an exchange, as a clause: "rejected … with HTTP 400: \"message\"". */
function refusal(exchange: Exchange, what: string): string {
  const status = exchange.response?.status ?? 0
  const body = jsonBody(exchange)
  const message = body.ok ? errorMessage(body.value) : undefined
  return `${status >= 500 ? 'crashed on' : 'rejected'} ${what} with HTTP ${status}${message === undefined ? '' : `: ${show(message, 200)}`}`
}

/**
 * A check that the endpoint accepts a canonical request form: it passes on any 2xx. A case
 * varies one form at a time against the most compatible conversation, sent beside it as the
 * `baseline` exchange; when the baseline is refused too, the refusal is not this form's, and
 * the check does not apply (the baseline case reports it). Without a baseline (a recording)
 * the main exchange is judged alone.
 */
export function acceptsForm<const Id extends string>(form: RequestForm<Id>) {
  return defineCheck({
    id: form.id,
    title: form.title,
    level: 'required',
    spec: form.spec,
    description: form.description,
    ...(form.notes ? { notes: form.notes } : {}),
    run: (ctx) => {
      if (!form.present(sentRequest(ctx))) return skip(`the request has no ${form.form}`)
      const exchange = ctx.exchange
      if (isSuccess(exchange)) return []
      const baseline = ctx.exchanges[BASELINE_EXCHANGE]
      if (baseline && !isSuccess(baseline)) {
        return skip(
          `the endpoint also ${refusal(baseline, `the baseline conversation without ${form.form}`)}, so the refusal is not this form's; see http.status.success`,
        )
      }
      const body = jsonBody(exchange)
      const contrast = baseline ? ', while it accepted the same conversation without it' : ''
      return [
        finding(`the endpoint ${refusal(exchange, form.form)}${contrast}`, {
          actual: body.ok ? body.value : exchange.response?.bodyText?.slice(0, 300),
        }),
      ]
    },
  })
}

export const assistantContentNull = acceptsForm({
  id: 'tools.request.assistant-content-null',
  title: 'An assistant message with tool_calls and content null is accepted',
  spec: schemaRef(OP, 'ChatCompletionRequestAssistantMessage', 'properties', 'content'),
  description:
    'An assistant message carrying `tool_calls` with `content: null` (what the SDK replays) MUST be accepted: content is "required unless tool_calls … is specified".',
  form: 'an assistant message with tool_calls and content null',
  present: (request) => requestMessages(request).some((m) => isToolCallMessage(m) && m.content === null),
})

export const toolContentParts = acceptsForm({
  id: 'tools.request.tool-content-parts',
  title: 'A tool message with an array of text parts is accepted',
  spec: schemaRef(OP, 'ChatCompletionRequestToolMessage', 'properties', 'content'),
  description: 'A tool message whose content is an array of text parts MUST be accepted like a string.',
  form: 'a tool message with content as an array of text parts',
  present: (request) => requestMessages(request).some((m) => m.role === 'tool' && Array.isArray(m.content)),
})

export const openaiCallIds = acceptsForm({
  id: 'tools.request.openai-call-ids',
  title: "Tool call ids in OpenAI's format are accepted",
  spec: schemaRef(OP, 'ChatCompletionRequestToolMessage', 'properties', 'tool_call_id'),
  description:
    "A conversation replaying tool call ids in OpenAI's own format (`call_` + 24 letters and digits) MUST be accepted: ids are opaque strings.",
  form: "tool call ids in OpenAI's format (call_ + 24 characters)",
  present: (request) =>
    requestMessages(request).some(
      (m) =>
        isToolCallMessage(m) &&
        (m.tool_calls as unknown[]).some(
          (call) => isPlainObject(call) && typeof call.id === 'string' && OPENAI_CALL_ID.test(call.id),
        ),
    ),
})

export const historyWithoutTools = acceptsForm({
  id: 'tools.request.history-without-tools',
  title: 'Tool history without a tools list is accepted',
  spec: schemaRef(OP, REQUEST, 'allOf', '1', 'properties', 'tools'),
  description:
    'A conversation that contains earlier tool calls and results MUST be accepted with `tools` omitted (no tools offered for this turn).',
  notes:
    'The canonical "no tools" form is to omit the list: OpenAI itself rejects `tools: []` ("[] is too short - \'tools\'"), so an empty list is not certified either way.',
  form: 'tool calls and results in its history and no tools list',
  present: (request) =>
    request.tools === undefined && requestMessages(request).some((m) => isToolCallMessage(m) || m.role === 'tool'),
})
