/**
 * Chat completions, non-streamed: `POST /chat/completions` → `CreateChatCompletionResponse`.
 * Each check reads one rule of the response object; the schema check catches the rest.
 */
import { defineCheck, finding, skip } from '../../../core/define.ts'
import type { CheckContext, CheckResult, Finding } from '../../../core/types.ts'
import { successObject } from '../../shared/applicability.ts'
import { sentRequest } from '../read/request.ts'
import { isPlainObject, show } from '../../shared/body.ts'
import { schemaFindings } from '../../shared/schema.ts'
import { chatRequestParam, schemaRef } from '../../shared/spec.ts'
import { COMPLETION_SCHEMA_CHECK, onReadChoices, type ReadChoice } from '../read/completion-body.ts'
import { isObject, readMember, unreadable } from '../read/members.ts'
import { FINISH_REASON_POINTER, finishReasons } from '../read/finish-reasons.ts'
import { createdFindings } from '../../shared/created.ts'
import { choiceLogprobsFindings } from '../rules/logprobs.ts'
import { DERIVED_STOP_NOTES, firstReplyText, reachedStop, stopFindings, stopSequences } from '../rules/stop.ts'
import { usageIntegerFindings, usageTotalFindings } from '../rules/usage.ts'
import { placeholderFindings, refusalBesideContentFindings, unrequestedFindings } from '../rules/message-members.ts'
import { servedModelFindings } from '../rules/model.ts'

const OP = 'createChatCompletion'
const RESPONSE = 'CreateChatCompletionResponse'

/** Runs `rule` on the success body, or skips when there is none. */
function onCompletion(ctx: CheckContext<any>, rule: (body: Record<string, unknown>) => CheckResult): CheckResult {
  const body = successObject(ctx.exchange)
  return 'skip' in body ? body : rule(body.value)
}

/** The skip of a check that judges choices when the completion has none (chat.choices.indices reports it). */
const NO_CHOICES = skip('the completion has no choices to judge; see chat.choices.indices')

/** Runs `rule` on the readable choices, each with its position and label; skips when there are none. */
function onEachChoice(ctx: CheckContext<any>, rule: (read: ReadChoice[]) => CheckResult): CheckResult {
  return onReadChoices(ctx, (read) => (read.length === 0 ? NO_CHOICES : rule(read)))
}

/**
 * Runs `rule` on the readable choices (choice objects with their messages), or skips: the
 * completion cannot be read, or (unless `empty` is 'judged') it has no choices.
 */
function onChoiceObjects(
  ctx: CheckContext<any>,
  rule: (choices: Record<string, unknown>[], body: Record<string, unknown>) => CheckResult,
  empty: 'judged' | 'skipped' = 'skipped',
): CheckResult {
  return onReadChoices(ctx, (read, body) =>
    read.length === 0 && empty === 'skipped'
      ? NO_CHOICES
      : rule(
          read.map(({ choice }) => choice),
          body,
        ),
  )
}

export const responseSchema = defineCheck({
  id: 'chat.response.schema',
  title: 'The response validates against CreateChatCompletionResponse',
  level: 'required',
  spec: schemaRef(OP, RESPONSE),
  description:
    'The body of a successful chat completion MUST validate against the recorded CreateChatCompletionResponse schema.',
  run: (ctx) => onCompletion(ctx, (body) => schemaFindings(RESPONSE, body)),
})

export const responseObject = defineCheck({
  id: 'chat.response.object',
  title: 'object is "chat.completion"',
  level: 'required',
  spec: schemaRef(OP, RESPONSE, 'properties', 'object'),
  description: 'The object type MUST be the string "chat.completion".',
  run: (ctx) =>
    onCompletion(ctx, (body) =>
      body.object === 'chat.completion'
        ? []
        : [
            finding(`object is ${show(body.object)}, expected "chat.completion"`, {
              at: '/object',
              actual: body.object,
            }),
          ],
    ),
})

export const responseId = defineCheck({
  id: 'chat.response.id',
  title: 'id is a non-empty string',
  level: 'required',
  spec: schemaRef(OP, RESPONSE, 'properties', 'id'),
  description: 'The completion MUST carry a unique identifier: a non-empty string.',
  run: (ctx) =>
    onCompletion(ctx, (body) =>
      typeof body.id === 'string' && body.id.trim() !== ''
        ? []
        : [finding(`id is ${show(body.id)}, expected a non-empty string`, { at: '/id', actual: body.id })],
    ),
})

export const responseCreated = defineCheck({
  id: 'chat.response.created',
  title: 'created is integer Unix seconds',
  level: 'required',
  spec: schemaRef(OP, RESPONSE, 'properties', 'created'),
  description: 'created MUST be the Unix timestamp (in seconds, an integer) of when the completion was created.',
  run: (ctx) => onCompletion(ctx, (body) => createdFindings(body.created, '/created')),
})

export const responseModel = defineCheck({
  id: 'chat.response.model',
  title: 'model is a non-empty string',
  level: 'required',
  spec: schemaRef(OP, RESPONSE, 'properties', 'model'),
  description: 'The response MUST name the model used for the completion.',
  run: (ctx) =>
    onCompletion(ctx, (body) =>
      typeof body.model === 'string' && body.model !== ''
        ? []
        : [finding(`model is ${show(body.model)}, expected a non-empty string`, { at: '/model', actual: body.model })],
    ),
})

export const responseModelRequested = defineCheck({
  id: 'chat.response.model-requested',
  title: 'model names the requested model',
  level: 'recommended',
  spec: schemaRef(OP, RESPONSE, 'properties', 'model'),
  description:
    'The response SHOULD name the model the request asked for, a dated snapshot of it (`gpt-4o` answered as `gpt-4o-2024-08-06`), or a model the target lists: a placeholder such as "string" names no model.',
  notes:
    "OpenAI answers an alias with its dated snapshot (../shared/real-traffic/), which passes. A gateway that routes an alias to a model of another name passes when its GET /models lists that model (the run's smoke request asks it); otherwise a warning, since clients cope. Recordings have no list: there only the requested model and its snapshots pass.",
  run: (ctx) =>
    onCompletion(ctx, (body) => {
      const requested = sentRequest(ctx).model
      if (typeof requested !== 'string' || requested === '') return skip('the request named no model')
      if (typeof body.model !== 'string' || body.model === '') return skip('no model named; see chat.response.model')
      const listed = ctx.listedModels
      if (listed?.includes(body.model)) return []
      const found = servedModelFindings(body.model, requested, '/model')
      return listed
        ? found.map((f) => ({ ...f, message: `${f.message}, nor among the ${listed.length} models GET /models lists` }))
        : found
    }),
})

export const choiceIndices = defineCheck({
  id: 'chat.choices.indices',
  title: 'choices are indexed 0..n-1',
  level: 'required',
  spec: schemaRef(OP, RESPONSE, 'properties', 'choices'),
  description: "choices MUST be non-empty and each choice's index MUST be its position: 0, 1, … n-1, each once.",
  run: (ctx) =>
    onChoiceObjects(
      ctx,
      (list, body) => {
        if (list.length === 0)
          return [
            finding(`choices is ${body.choices === undefined ? 'missing' : 'empty'}`, {
              at: '/choices',
              actual: body.choices,
            }),
          ]
        const indices = list.map((c) => c.index)
        const expected = list.map((_, i) => i)
        const sorted = [...indices].sort((a, b) => Number(a) - Number(b))
        return sorted.every((value, i) => value === expected[i])
          ? []
          : [
              finding(`choice indices are ${show(indices)}, expected ${show(expected)} in some order`, {
                at: '/choices',
                actual: indices,
              }),
            ]
      },
      'judged',
    ),
})

export const choiceCount = defineCheck({
  id: 'chat.choices.count',
  title: 'n choices are returned',
  level: 'required',
  spec: chatRequestParam('n'),
  description: 'The response MUST contain exactly `n` choices (1 when `n` is not given).',
  run: (ctx) =>
    onChoiceObjects(
      ctx,
      (list) => {
        const n = typeof ctx.request.n === 'number' ? ctx.request.n : 1
        const count = list.length
        return count === n
          ? []
          : [
              finding(`${count} choice(s) returned, the request asked for n=${n}`, {
                at: '/choices',
                actual: count,
                expected: n,
              }),
            ]
      },
      'judged',
    ),
})

export const messageRole = defineCheck({
  id: 'chat.message.role',
  title: 'message.role is "assistant"',
  level: 'required',
  spec: schemaRef(OP, 'ChatCompletionResponseMessage', 'properties', 'role'),
  description: 'Each choice\'s message MUST have role "assistant".',
  run: (ctx) =>
    onChoiceObjects(ctx, (list) =>
      list.flatMap((choice, i) => {
        const role = isPlainObject(choice.message) ? choice.message.role : undefined
        return role === 'assistant'
          ? []
          : [
              finding(`message.role is ${show(role)}, expected "assistant"`, {
                at: `/choices/${i}/message/role`,
                actual: role,
              }),
            ]
      }),
    ),
})

/** The message carries an output other than text, so `content: null` is legitimate. */
function hasNonTextOutput(message: Record<string, unknown>): boolean {
  return (
    (Array.isArray(message.tool_calls) && message.tool_calls.length > 0) ||
    isPlainObject(message.function_call) ||
    typeof message.refusal === 'string' ||
    isPlainObject(message.audio)
  )
}

export const messageContent = defineCheck({
  id: 'chat.message.content',
  title: 'message.content is a string',
  level: 'required',
  spec: schemaRef(OP, 'ChatCompletionResponseMessage', 'properties', 'content'),
  description:
    'message.content MUST be a string, or null when the message carries something else (tool_calls, function_call, a refusal, audio) or was filtered. Never an array of parts.',
  run: (ctx) =>
    onChoiceObjects(ctx, (list) =>
      list.flatMap((choice, i) => {
        const message = isPlainObject(choice.message) ? choice.message : {}
        const content = message.content
        if (typeof content === 'string') return []
        if (content === null && (hasNonTextOutput(message) || choice.finish_reason === 'content_filter')) return []
        return [
          finding(`message.content is ${show(content)}, expected a string`, {
            at: `/choices/${i}/message/content`,
            actual: content,
          }),
        ]
      }),
    ),
})

export const messageUnrequested = defineCheck({
  id: 'chat.message.unrequested',
  title: 'The message carries no output nobody asked for',
  level: 'required',
  spec: schemaRef(OP, 'ChatCompletionResponseMessage'),
  description:
    'A message MUST NOT carry `tool_calls` or `function_call` when the request offered no tools or functions, nor `audio` when it did not ask for audio output: a client acts on what is there (runs a tool nobody declared, plays audio).',
  notes:
    'Schema-valid mocks (Stoplight Prism answering the spec\'s example) fill in every optional member. Zero-value members (`tool_calls: []`, `function_call: {name: ""}`) are chat.response.placeholders\'.',
  run: (ctx) =>
    onEachChoice(ctx, (read) =>
      read.flatMap(({ message, position, label }) =>
        unrequestedFindings(message, sentRequest(ctx), `/choices/${position}/message`, label),
      ),
    ),
})

export const responsePlaceholders = defineCheck({
  id: 'chat.response.placeholders',
  title: 'No placeholder values where a member is absent or null',
  level: 'recommended',
  spec: schemaRef(OP, 'ChatCompletionResponseMessage'),
  description:
    'A member with nothing to say SHOULD be left out or null, not a zero value: `tool_calls: []` (omit it), `refusal: ""` (null when not refusing), `function_call: {name: ""}` or `audio: {id: ""}` (omit them), `system_fingerprint: ""` (omit it).',
  notes:
    'Clients that test `message.tool_calls` or `refusal !== null` take a placeholder for a call or a refusal; most cope, so a warning.',
  run: (ctx) =>
    onReadChoices(ctx, (read, body) => [
      ...(body.system_fingerprint === ''
        ? [
            finding('system_fingerprint is "" (omit it, or null, when there is no fingerprint)', {
              at: '/system_fingerprint',
              actual: '',
            }),
          ]
        : []),
      ...read.flatMap(({ message, position, label }) =>
        placeholderFindings(message, `/choices/${position}/message`, label),
      ),
    ]),
})

export const refusalExclusive = defineCheck({
  id: 'chat.message.refusal-exclusive',
  title: 'A refusal comes without content',
  level: 'recommended',
  spec: schemaRef(OP, 'ChatCompletionResponseMessage', 'properties', 'refusal'),
  description:
    "A message SHOULD NOT carry both text `content` and a `refusal`: OpenAI sends content null when the model refuses, and clients branch on one of them (the SDK's parse() helper does not parse a refusing message), so the other is lost.",
  notes:
    'No schema rule forbids the pair, so a warning; the structured-output content checks still judge content sent beside a refusal.',
  run: (ctx) =>
    onEachChoice(ctx, (read) =>
      read.flatMap(({ message, position, label }) =>
        refusalBesideContentFindings(message.content, message.refusal, `/choices/${position}/message`, label),
      ),
    ),
})

export const finishReasonEnum = defineCheck({
  id: 'chat.finish-reason.enum',
  title: "finish_reason is one of the spec's values",
  level: 'required',
  spec: { operationId: OP, pointer: FINISH_REASON_POINTER },
  description: 'finish_reason MUST be one of stop, length, tool_calls, content_filter, function_call.',
  run: (ctx) =>
    onChoiceObjects(ctx, (list) => {
      const allowed = finishReasons()
      return list.flatMap((choice, i) =>
        allowed.includes(choice.finish_reason as string)
          ? []
          : [
              finding(`finish_reason is ${show(choice.finish_reason)}, expected one of ${allowed.join(', ')}`, {
                at: `/choices/${i}/finish_reason`,
                actual: choice.finish_reason,
              }),
            ],
      )
    }),
})

export const finishReasonExpected = defineCheck({
  id: 'chat.finish-reason.expected',
  title: 'finish_reason says why generation stopped',
  level: 'required',
  spec: { operationId: OP, pointer: FINISH_REASON_POINTER },
  description:
    'finish_reason MUST be "length" when the token limit cut the reply and "stop" at a natural end or a stop sequence.',
  run: (ctx: CheckContext<{ finishReason: string }>) =>
    onChoiceObjects(ctx, (list) =>
      list.flatMap((choice, i) =>
        choice.finish_reason === ctx.params.finishReason
          ? []
          : [
              finding(`finish_reason is ${show(choice.finish_reason)}, expected "${ctx.params.finishReason}"`, {
                at: `/choices/${i}/finish_reason`,
                actual: choice.finish_reason,
                expected: ctx.params.finishReason,
              }),
            ],
      ),
    ),
})

export const usagePresent = defineCheck({
  id: 'chat.usage.present',
  title: 'usage is reported',
  level: 'recommended',
  spec: schemaRef(OP, RESPONSE, 'properties', 'usage'),
  description:
    'A completion SHOULD report usage; the schema makes it optional, OpenAI always sends it and clients bill by it.',
  notes: 'Optional in the schema, so a warning, not a failure.',
  run: (ctx) =>
    onCompletion(ctx, (body) => {
      const usage = readMember(body, 'usage', isObject)
      if (usage.state === 'present') return []
      if (usage.state === 'absent') return [finding('usage is missing', { at: '/usage' })]
      if (usage.seen === 'null') return [finding('usage is null', { at: '/usage', actual: null })]
      return unreadable('usage', usage.seen, COMPLETION_SCHEMA_CHECK)
    }),
})

/** Runs `rule` on the completion's usage object, or skips: none reported, or not an object. */
function onUsage(ctx: CheckContext<any>, rule: (usage: Record<string, unknown>) => CheckResult): CheckResult {
  return onCompletion(ctx, (body) => {
    const usage = readMember(body, 'usage', isObject)
    if (usage.state === 'present') return rule(usage.value)
    if (usage.state === 'wrong-type' && usage.seen !== 'null')
      return unreadable('usage', usage.seen, COMPLETION_SCHEMA_CHECK)
    return skip('no usage reported; see chat.usage.present')
  })
}

export const usageIntegers = defineCheck({
  id: 'chat.usage.integers',
  title: 'usage counts are non-negative integers',
  level: 'required',
  spec: schemaRef(OP, 'CompletionUsage'),
  description: 'prompt_tokens, completion_tokens and total_tokens MUST be non-negative integers.',
  run: (ctx) => onUsage(ctx, (usage) => usageIntegerFindings(usage, '/usage')),
})

export const usageTotal = defineCheck({
  id: 'chat.usage.total',
  title: 'total_tokens = prompt_tokens + completion_tokens',
  level: 'required',
  spec: schemaRef(OP, 'CompletionUsage', 'properties', 'total_tokens'),
  description: 'total_tokens MUST be the total number of tokens used in the request (prompt + completion).',
  run: (ctx) => onUsage(ctx, (usage) => usageTotalFindings(usage, '/usage')),
})

/** A reply with text or tool calls in some choice: it cost completion tokens. */
function repliedSomething(list: Record<string, unknown>[]): boolean {
  return list.some((choice) => {
    const message = isPlainObject(choice.message) ? choice.message : {}
    const calls = Array.isArray(message.tool_calls) && message.tool_calls.length > 0
    return calls || (typeof message.content === 'string' && message.content !== '')
  })
}

export const usageCounted = defineCheck({
  id: 'chat.usage.counted',
  title: 'usage counts the prompt and the reply',
  level: 'required',
  spec: schemaRef(OP, 'CompletionUsage'),
  description:
    'prompt_tokens MUST be at least 1 for a non-empty prompt, and completion_tokens at least 1 for a non-empty reply: usage is what clients bill by, and zeros there are placeholders, not counts.',
  notes: 'Stoplight Prism and other mocks answer usage 0/0/0 next to real content.',
  run: (ctx) =>
    onUsage(ctx, (usage) =>
      onChoiceObjects(
        ctx,
        (list) => {
          const out: Finding[] = []
          const messages = Array.isArray(ctx.request.messages) ? ctx.request.messages.length : 0
          if (messages > 0 && usage.prompt_tokens === 0)
            out.push(
              finding(`usage.prompt_tokens is 0 for a prompt of ${messages} message(s)`, {
                at: '/usage/prompt_tokens',
                actual: 0,
                expected: '>= 1',
              }),
            )
          if (repliedSomething(list) && usage.completion_tokens === 0)
            out.push(
              finding('usage.completion_tokens is 0 for a non-empty reply', {
                at: '/usage/completion_tokens',
                actual: 0,
                expected: '>= 1',
              }),
            )
          return out
        },
        'judged',
      ),
    ),
})

/** The token limit the request set, if any. */
export function requestedTokenLimit(request: Record<string, unknown>): number | null {
  const limit = request.max_completion_tokens ?? request.max_tokens
  return typeof limit === 'number' ? limit : null
}

export const maxTokensHonoured = defineCheck({
  id: 'chat.max-tokens.honoured',
  title: 'max_tokens / max_completion_tokens bound the completion',
  level: 'required',
  spec: chatRequestParam('max_completion_tokens'),
  description: 'completion_tokens MUST NOT exceed the requested max_completion_tokens (or max_tokens) per choice.',
  run: (ctx) =>
    onUsage(ctx, (usage) => {
      const limit = requestedTokenLimit(ctx.request)
      if (limit === null) return skip('the request set no token limit')
      const n = typeof ctx.request.n === 'number' ? ctx.request.n : 1
      const used = usage.completion_tokens
      if (typeof used !== 'number') return skip('no usage.completion_tokens to compare; see chat.usage.present')
      return used <= limit * n
        ? []
        : [
            finding(`usage.completion_tokens is ${used}, over the limit of ${limit}${n > 1 ? ` × ${n} choices` : ''}`, {
              at: '/usage/completion_tokens',
              actual: used,
              expected: `<= ${limit * n}`,
            }),
          ]
    }),
})

export const stopHonoured = defineCheck({
  id: 'chat.stop.honoured',
  title: 'stop sequences end the completion',
  level: 'required',
  spec: chatRequestParam('stop'),
  description: 'Generation MUST stop before a stop sequence: the returned text never contains one.',
  notes: DERIVED_STOP_NOTES,
  run: (ctx: CheckContext<{ derivedFrom?: string } | undefined>) =>
    onChoiceObjects(ctx, (list, body) => {
      const sequences = stopSequences(ctx.request)
      if (sequences.length === 0) return skip('the request set no stop sequences')
      const texts = list.flatMap((choice, i) => {
        const content = isPlainObject(choice.message) ? choice.message.content : undefined
        return typeof content === 'string' ? [{ content, at: `/choices/${i}/message/content` }] : []
      })
      if (texts.length === 0) return skip('no choice carries text content to search for the stop sequences')
      const found = texts.flatMap(({ content, at }) => stopFindings(content, sequences, at))
      const derivedFrom = ctx.params?.derivedFrom
      return found.length > 0 || derivedFrom === undefined
        ? found
        : reachedStop(firstReplyText(body), ctx.exchanges[derivedFrom], derivedFrom)
    }),
})

export const logprobsShape = defineCheck({
  id: 'chat.logprobs.shape',
  title: 'logprobs have the chat shape',
  level: 'required',
  spec: schemaRef(OP, RESPONSE, 'properties', 'choices', 'items', 'properties', 'logprobs'),
  description:
    'With logprobs requested, each choice MUST carry logprobs.content (or .refusal): one {token, logprob, bytes, top_logprobs} per token (bytes null or the UTF-8 bytes of the token), with at most top_logprobs alternatives.',
  run: (ctx) =>
    onChoiceObjects(ctx, (list) => {
      if (ctx.request.logprobs !== true) return skip('the request did not ask for logprobs')
      const k = typeof ctx.request.top_logprobs === 'number' ? ctx.request.top_logprobs : 0
      return list.flatMap((choice, i) => {
        const at = `/choices/${i}/logprobs`
        const out = choiceLogprobsFindings(choice.logprobs, at, k)
        const content = isPlainObject(choice.message) ? choice.message.content : null
        const entries =
          isPlainObject(choice.logprobs) && Array.isArray(choice.logprobs.content) ? choice.logprobs.content : null
        if (typeof content === 'string' && content !== '' && entries?.length === 0) {
          out.push(finding('logprobs.content is empty although the message has content', { at: `${at}/content` }))
        }
        return out
      })
    }),
})

/** The text of each choice that finished naturally (`stop`) with text, not tool calls or a refusal. */
function naturalReplies(list: Record<string, unknown>[]): { index: number; content: unknown }[] {
  return list
    .map((choice, index) => ({ choice, index, message: isPlainObject(choice.message) ? choice.message : {} }))
    .filter(({ choice, message }) => choice.finish_reason === 'stop' && !hasNonTextOutput(message))
    .map(({ index, message }) => ({ index, content: message.content }))
}

export const contentNonEmpty = defineCheck({
  id: 'chat.content.non-empty',
  title: 'A finished text reply is not empty',
  level: 'recommended',
  spec: schemaRef(OP, 'ChatCompletionResponseMessage', 'properties', 'content'),
  description:
    'A choice that ends with finish_reason "stop" and no tool call or refusal SHOULD carry text: an empty reply to a prompt that asks for one means the output was lost.',
  notes: 'A model may legitimately say nothing, so a warning; the prompts always ask for a reply.',
  run: (ctx) =>
    onChoiceObjects(ctx, (list) => {
      const replies = naturalReplies(list)
      if (replies.length === 0)
        return skip('no choice finished with "stop" on a text reply (tool calls, a refusal or another finish reason)')
      return replies.flatMap(({ index, content }) =>
        typeof content === 'string' && content.trim() !== ''
          ? []
          : [
              finding('the reply is empty although finish_reason is "stop"', {
                at: `/choices/${index}/message/content`,
                actual: content,
              }),
            ],
      )
    }),
})

export const contentContains = defineCheck({
  id: 'chat.content.contains',
  title: 'The reply uses what the request gave',
  level: 'recommended',
  spec: chatRequestParam('messages'),
  description:
    'The reply SHOULD contain the text the conversation asks for, showing the endpoint passed the whole request (system/developer instructions, history, every content part) to the model.',
  notes: 'Model behaviour, not protocol: a warning. Prompts ask for an exact word a competent small model reproduces.',
  run: (ctx: CheckContext<{ text: string }>) =>
    onChoiceObjects(ctx, (list) =>
      list.flatMap((choice, i) => {
        const content = isPlainObject(choice.message) ? choice.message.content : undefined
        const found = typeof content === 'string' && content.toLowerCase().includes(ctx.params.text.toLowerCase())
        return found
          ? []
          : [
              finding(`the reply does not contain ${show(ctx.params.text)}`, {
                at: `/choices/${i}/message/content`,
                actual: content,
                expected: ctx.params.text,
              }),
            ]
      }),
    ),
})

export const CHAT_CHECKS = [
  responseSchema,
  responseObject,
  responseId,
  responseCreated,
  responseModel,
  responseModelRequested,
  choiceIndices,
  choiceCount,
  messageRole,
  messageContent,
  messageUnrequested,
  responsePlaceholders,
  refusalExclusive,
  finishReasonEnum,
  finishReasonExpected,
  usagePresent,
  usageIntegers,
  usageTotal,
  usageCounted,
  maxTokensHonoured,
  stopHonoured,
  logprobsShape,
  contentNonEmpty,
  contentContains,
]
