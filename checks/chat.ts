/**
 * Chat completions, non-streamed: `POST /chat/completions` → `CreateChatCompletionResponse`.
 * Each check reads one rule of the response object; the schema check catches the rest.
 */
import { defineCheck, finding, skip } from '../src/engine/define.ts'
import type { CheckContext, CheckResult, Finding } from '../src/engine/types.ts'
import { resolvePointer } from '../src/schemas/index.ts'
import { successObject } from './support/applicability.ts'
import { isPlainObject, show } from './support/body.ts'
import { schemaFindings } from './support/schema.ts'
import { DOCS, schemaRef } from './support/spec.ts'

const OP = 'createChatCompletion'
const RESPONSE = 'CreateChatCompletionResponse'
/** A request parameter's schema: the request is `allOf: [shared model properties, chat properties]`. */
const requestParam = (name: string) => schemaRef(OP, 'CreateChatCompletionRequest', 'allOf', '1', 'properties', name)

/** Runs `rule` on the success body, or skips when there is none. */
function onCompletion(ctx: CheckContext<any>, rule: (body: Record<string, unknown>) => CheckResult): CheckResult {
  const body = successObject(ctx.exchange)
  return 'skip' in body ? body : rule(body.value)
}

/** The choices array, when it is one (the schema check reports when it is not). */
function choices(body: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(body.choices) ? body.choices.filter(isPlainObject) : []
}

export const responseSchema = defineCheck({
  id: 'chat.response.schema',
  title: 'The response validates against CreateChatCompletionResponse',
  level: 'required',
  spec: schemaRef(OP, RESPONSE),
  description: 'The body of a successful chat completion MUST validate against the recorded CreateChatCompletionResponse schema.',
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
      body.object === 'chat.completion' ? [] : [finding(`object is ${show(body.object)}, expected "chat.completion"`, { at: '/object', actual: body.object })],
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
      typeof body.id === 'string' && body.id.trim() !== '' ? [] : [finding(`id is ${show(body.id)}, expected a non-empty string`, { at: '/id', actual: body.id })],
    ),
})

/** 2020-09-13: earlier than any OpenAI-compatible API; a smaller number is not a timestamp. */
const EARLIEST_PLAUSIBLE = 1_600_000_000
const CLOCK_SKEW_SECONDS = 86_400

/** Shared with the streaming checks: `created` must be integer Unix seconds. */
export function createdFindings(created: unknown, at: string, nowSeconds = Date.now() / 1000): Finding[] {
  if (typeof created !== 'number' || !Number.isInteger(created)) {
    return [finding(`created is ${show(created)}, expected an integer Unix timestamp in seconds`, { at, actual: created })]
  }
  if (created > 1e12) return [finding(`created is ${created}: that is milliseconds, expected seconds`, { at, actual: created })]
  if (created < EARLIEST_PLAUSIBLE || created > nowSeconds + CLOCK_SKEW_SECONDS) {
    return [finding(`created is ${created}: not a plausible Unix time in seconds`, { at, actual: created })]
  }
  return []
}

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
      typeof body.model === 'string' && body.model !== '' ? [] : [finding(`model is ${show(body.model)}, expected a non-empty string`, { at: '/model', actual: body.model })],
    ),
})

export const choiceIndices = defineCheck({
  id: 'chat.choices.indices',
  title: 'choices are indexed 0..n-1',
  level: 'required',
  spec: schemaRef(OP, RESPONSE, 'properties', 'choices'),
  description: 'choices MUST be non-empty and each choice\'s index MUST be its position: 0, 1, … n-1, each once.',
  run: (ctx) =>
    onCompletion(ctx, (body) => {
      const list = choices(body)
      if (list.length === 0) return [finding('choices is empty or missing', { at: '/choices', actual: body.choices })]
      const indices = list.map((c) => c.index)
      const expected = list.map((_, i) => i)
      const sorted = [...indices].sort((a, b) => Number(a) - Number(b))
      return sorted.every((value, i) => value === expected[i])
        ? []
        : [finding(`choice indices are ${show(indices)}, expected ${show(expected)} in some order`, { at: '/choices', actual: indices })]
    }),
})

export const choiceCount = defineCheck({
  id: 'chat.choices.count',
  title: 'n choices are returned',
  level: 'required',
  spec: requestParam('n'),
  description: 'The response MUST contain exactly `n` choices (1 when `n` is not given).',
  run: (ctx) =>
    onCompletion(ctx, (body) => {
      const n = typeof ctx.request.n === 'number' ? ctx.request.n : 1
      const count = Array.isArray(body.choices) ? body.choices.length : 0
      return count === n ? [] : [finding(`${count} choice(s) returned, the request asked for n=${n}`, { at: '/choices', actual: count, expected: n })]
    }),
})

export const messageRole = defineCheck({
  id: 'chat.message.role',
  title: 'message.role is "assistant"',
  level: 'required',
  spec: schemaRef(OP, 'ChatCompletionResponseMessage', 'properties', 'role'),
  description: 'Each choice\'s message MUST have role "assistant".',
  run: (ctx) =>
    onCompletion(ctx, (body) =>
      choices(body).flatMap((choice, i) => {
        const role = isPlainObject(choice.message) ? choice.message.role : undefined
        return role === 'assistant' ? [] : [finding(`message.role is ${show(role)}, expected "assistant"`, { at: `/choices/${i}/message/role`, actual: role })]
      }),
    ),
})

export const messageContent = defineCheck({
  id: 'chat.message.content',
  title: 'message.content is a string',
  level: 'required',
  spec: schemaRef(OP, 'ChatCompletionResponseMessage', 'properties', 'content'),
  description: 'message.content MUST be a string; null only when the message carries tool_calls or a refusal. Never an array of parts.',
  run: (ctx) =>
    onCompletion(ctx, (body) =>
      choices(body).flatMap((choice, i) => {
        const message = isPlainObject(choice.message) ? choice.message : {}
        const content = message.content
        if (typeof content === 'string') return []
        const hasAlternative = (Array.isArray(message.tool_calls) && message.tool_calls.length > 0) || typeof message.refusal === 'string'
        if (content === null && hasAlternative) return []
        return [finding(`message.content is ${show(content)}, expected a string`, { at: `/choices/${i}/message/content`, actual: content })]
      }),
    ),
})

const FINISH_REASON_POINTER = `#/components/schemas/${RESPONSE}/properties/choices/items/properties/finish_reason/enum`

/** The finish reasons the recorded spec allows (read from the schema, not restated here). */
export function finishReasons(pointer = FINISH_REASON_POINTER): string[] {
  const values = resolvePointer(pointer)
  if (!Array.isArray(values)) throw new Error(`the recorded spec has no finish_reason enum at ${pointer}`)
  return values as string[]
}

export const finishReasonEnum = defineCheck({
  id: 'chat.finish-reason.enum',
  title: 'finish_reason is one of the spec\'s values',
  level: 'required',
  spec: { operationId: OP, pointer: FINISH_REASON_POINTER },
  description: 'finish_reason MUST be one of stop, length, tool_calls, content_filter, function_call.',
  run: (ctx) =>
    onCompletion(ctx, (body) => {
      const allowed = finishReasons()
      return choices(body).flatMap((choice, i) =>
        allowed.includes(choice.finish_reason as string)
          ? []
          : [finding(`finish_reason is ${show(choice.finish_reason)}, expected one of ${allowed.join(', ')}`, { at: `/choices/${i}/finish_reason`, actual: choice.finish_reason })],
      )
    }),
})

export const finishReasonExpected = defineCheck<{ finishReason: string }>({
  id: 'chat.finish-reason.expected',
  title: 'finish_reason says why generation stopped',
  level: 'required',
  spec: { operationId: OP, pointer: FINISH_REASON_POINTER },
  description: 'finish_reason MUST be "length" when the token limit cut the reply and "stop" at a natural end or a stop sequence.',
  run: (ctx) =>
    onCompletion(ctx, (body) =>
      choices(body).flatMap((choice, i) =>
        choice.finish_reason === ctx.params.finishReason
          ? []
          : [finding(`finish_reason is ${show(choice.finish_reason)}, expected "${ctx.params.finishReason}"`, { at: `/choices/${i}/finish_reason`, actual: choice.finish_reason, expected: ctx.params.finishReason })],
      ),
    ),
})

export const usagePresent = defineCheck({
  id: 'chat.usage.present',
  title: 'usage is reported',
  level: 'recommended',
  spec: schemaRef(OP, RESPONSE, 'properties', 'usage'),
  description: 'A completion SHOULD report usage; the schema makes it optional, OpenAI always sends it and clients bill by it.',
  notes: 'Optional in the schema, so a warning, not a failure.',
  run: (ctx) => onCompletion(ctx, (body) => (isPlainObject(body.usage) ? [] : [finding('usage is missing', { at: '/usage', actual: body.usage })])),
})

const USAGE_FIELDS = ['prompt_tokens', 'completion_tokens', 'total_tokens'] as const

/** Shared with the streaming usage chunk. */
export function usageIntegerFindings(usage: Record<string, unknown>, at: string): Finding[] {
  return USAGE_FIELDS.flatMap((field) => {
    const value = usage[field]
    return typeof value === 'number' && Number.isInteger(value) && value >= 0
      ? []
      : [finding(`usage.${field} is ${show(value)}, expected a non-negative integer`, { at: `${at}/${field}`, actual: value })]
  })
}

export function usageTotalFindings(usage: Record<string, unknown>, at: string): Finding[] {
  const { prompt_tokens: prompt, completion_tokens: completion, total_tokens: total } = usage
  if (typeof prompt !== 'number' || typeof completion !== 'number' || typeof total !== 'number') return []
  return total === prompt + completion
    ? []
    : [finding(`usage.total_tokens is ${total}, but prompt_tokens + completion_tokens = ${prompt + completion}`, { at: `${at}/total_tokens`, actual: total, expected: prompt + completion })]
}

function onUsage(ctx: CheckContext<any>, rule: (usage: Record<string, unknown>) => Finding[]): CheckResult {
  return onCompletion(ctx, (body) => (isPlainObject(body.usage) ? rule(body.usage) : skip('no usage reported; see chat.usage.present')))
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

/** The token limit the request set, if any. */
export function requestedTokenLimit(request: Record<string, unknown>): number | null {
  const limit = request.max_completion_tokens ?? request.max_tokens
  return typeof limit === 'number' ? limit : null
}

export const maxTokensHonoured = defineCheck({
  id: 'chat.max-tokens.honoured',
  title: 'max_tokens / max_completion_tokens bound the completion',
  level: 'required',
  spec: requestParam('max_completion_tokens'),
  description: 'completion_tokens MUST NOT exceed the requested max_completion_tokens (or max_tokens) per choice.',
  run: (ctx) =>
    onCompletion(ctx, (body) => {
      const limit = requestedTokenLimit(ctx.request)
      if (limit === null) return skip('the request set no token limit')
      const n = typeof ctx.request.n === 'number' ? ctx.request.n : 1
      const used = isPlainObject(body.usage) ? body.usage.completion_tokens : undefined
      if (typeof used !== 'number') return skip('no usage.completion_tokens to compare; see chat.usage.present')
      return used <= limit * n
        ? []
        : [finding(`usage.completion_tokens is ${used}, over the limit of ${limit}${n > 1 ? ` × ${n} choices` : ''}`, { at: '/usage/completion_tokens', actual: used, expected: `<= ${limit * n}` })]
    }),
})

export const stopHonoured = defineCheck({
  id: 'chat.stop.honoured',
  title: 'stop sequences end the completion',
  level: 'required',
  spec: requestParam('stop'),
  description: 'Generation MUST stop before a stop sequence: the returned text never contains one.',
  run: (ctx) =>
    onCompletion(ctx, (body) => {
      const stop = ctx.request.stop
      const sequences = (Array.isArray(stop) ? stop : typeof stop === 'string' ? [stop] : []).filter((s): s is string => typeof s === 'string' && s !== '')
      if (sequences.length === 0) return skip('the request set no stop sequences')
      return choices(body).flatMap((choice, i) => {
        const content = isPlainObject(choice.message) ? choice.message.content : undefined
        if (typeof content !== 'string') return []
        const hit = sequences.find((s) => content.includes(s))
        return hit === undefined ? [] : [finding(`content contains the stop sequence ${show(hit)}`, { at: `/choices/${i}/message/content`, actual: content })]
      })
    }),
})

/** Shared with streamed logprobs: the chat shape of one token's logprob entry. */
export function logprobEntryFindings(entry: unknown, at: string, topLogprobs: number | null): Finding[] {
  if (!isPlainObject(entry)) return [finding(`expected a logprob object, got ${show(entry)}`, { at, actual: entry })]
  const out: Finding[] = []
  if (typeof entry.token !== 'string') out.push(finding('token is not a string', { at: `${at}/token`, actual: entry.token }))
  if (typeof entry.logprob !== 'number' || entry.logprob > 0) {
    out.push(finding(`logprob is ${show(entry.logprob)}, expected a number <= 0`, { at: `${at}/logprob`, actual: entry.logprob }))
  }
  const bytesOk = entry.bytes === null || (Array.isArray(entry.bytes) && entry.bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255))
  if (!bytesOk) out.push(finding('bytes is neither null nor a list of byte values', { at: `${at}/bytes`, actual: entry.bytes }))
  if (topLogprobs !== null) {
    if (!Array.isArray(entry.top_logprobs)) {
      out.push(finding('top_logprobs is not a list', { at: `${at}/top_logprobs`, actual: entry.top_logprobs }))
    } else if (entry.top_logprobs.length !== topLogprobs) {
      out.push(finding(`top_logprobs has ${entry.top_logprobs.length} entries, the request asked for ${topLogprobs}`, { at: `${at}/top_logprobs`, actual: entry.top_logprobs.length, expected: topLogprobs }))
    } else {
      entry.top_logprobs.forEach((top, j) => out.push(...logprobEntryFindings(top, `${at}/top_logprobs/${j}`, null)))
    }
  }
  return out
}

/** Shared with streamed logprobs: a choice's `logprobs` object in the chat (not legacy completions) shape. */
export function choiceLogprobsFindings(logprobs: unknown, at: string, topLogprobs: number): Finding[] {
  if (!isPlainObject(logprobs)) return [finding(`logprobs is ${show(logprobs)}, expected an object with a content list`, { at, actual: logprobs })]
  if (!Array.isArray(logprobs.content)) {
    return [finding('logprobs.content is not a list (legacy completions shape?)', { at: `${at}/content`, actual: logprobs })]
  }
  return logprobs.content.flatMap((entry, i) => logprobEntryFindings(entry, `${at}/content/${i}`, topLogprobs))
}

export const logprobsShape = defineCheck({
  id: 'chat.logprobs.shape',
  title: 'logprobs have the chat shape',
  level: 'required',
  spec: schemaRef(OP, RESPONSE, 'properties', 'choices', 'items', 'properties', 'logprobs'),
  description: 'With logprobs requested, each choice MUST carry logprobs.content: one {token, logprob, bytes, top_logprobs} per token, with top_logprobs entries as requested.',
  run: (ctx) =>
    onCompletion(ctx, (body) => {
      if (ctx.request.logprobs !== true) return skip('the request did not ask for logprobs')
      const k = typeof ctx.request.top_logprobs === 'number' ? ctx.request.top_logprobs : 0
      return choices(body).flatMap((choice, i) => {
        const at = `/choices/${i}/logprobs`
        const out = choiceLogprobsFindings(choice.logprobs, at, k)
        const content = isPlainObject(choice.message) ? choice.message.content : null
        const entries = isPlainObject(choice.logprobs) && Array.isArray(choice.logprobs.content) ? choice.logprobs.content : null
        if (typeof content === 'string' && content !== '' && entries?.length === 0) {
          out.push(finding('logprobs.content is empty although the message has content', { at: `${at}/content` }))
        }
        return out
      })
    }),
})

export const CHAT_CHECKS = [
  responseSchema,
  responseObject,
  responseId,
  responseCreated,
  responseModel,
  choiceIndices,
  choiceCount,
  messageRole,
  messageContent,
  finishReasonEnum,
  finishReasonExpected,
  usagePresent,
  usageIntegers,
  usageTotal,
  maxTokensHonoured,
  stopHonoured,
  logprobsShape,
]
