/**
 * Structured outputs: `response_format` `json_schema` (OpenAI's structured outputs) and
 * `json_object` (JSON mode), streamed or not, the `refusal` member, the SDK's parse()
 * helper, and a probe of the vendor dialect that puts the schema at the top level.
 *
 * A refusal is reported (structured.refusal.none), never mistaken for a schema failure:
 * the content checks do not judge a choice that refused, unless it sent content too.
 */
import { defineCheck, finding, note, skip } from '../../../core/define.ts'
import type { CheckContext, CheckResult, Finding } from '../../../core/types.ts'
import type { Exchange } from '../../../core/exchange.ts'
import { isPlainObject, show } from '../../shared/body.ts'
import { combineFindings } from '../../shared/findings.ts'
import { schemaRef } from '../../shared/spec.ts'
import { completionChoices, contentAt, onChoices, type ChoiceView } from '../read/completion-choices.ts'
import { readJsonText, type ParsedJson } from '../read/json-text.ts'
import { isUnreadable } from '../read/members.ts'
import { isStreamed, sentRequest } from '../read/request.ts'
import { responseFormat, type ResponseFormat } from '../read/response-format.ts'
import { declaredSchemaFindings } from '../rules/declared-schema.ts'
import { offersCalls } from '../rules/message-members.ts'
import { parseHelperCompletion } from '../sdk-parse.ts'

const OP = 'createChatCompletion'
const MESSAGE = 'ChatCompletionResponseMessage'

/** OpenAI's structured-outputs guide, for rules the schema cannot express. */
export const STRUCTURED_DOCS = {
  guide: 'https://platform.openai.com/docs/guides/structured-outputs',
  refusals: 'https://platform.openai.com/docs/guides/structured-outputs#refusals',
  jsonMode: 'https://platform.openai.com/docs/guides/structured-outputs#json-mode',
  sdk: 'https://github.com/openai/openai-node/blob/master/helpers.md#structured-outputs-parsing-helpers',
} as const

type FormatKind = ResponseFormat['kind']

/** A choice whose content the structured checks judge: parsed as exactly one JSON value. */
interface JudgedContent {
  choice: ChoiceView
  json: ParsedJson
}

/** Content that is a non-empty string. */
const hasText = (content: unknown): boolean => typeof content === 'string' && content !== ''

/**
 * The choices whose content is meant to be the structured output, read as JSON; or why
 * none is. Not judged: a choice that refused with no content (reported by
 * structured.refusal.none), one cut off by the token limit, one that called the tools the
 * request offered instead of answering. Content sent beside a refusal or beside tool calls
 * is still judged: the client gets it (the pair is chat.message.refusal-exclusive's).
 */
function structuredContents(
  ctx: CheckContext<any>,
  kinds: readonly FormatKind[],
): { format: ResponseFormat; contents: JudgedContent[] } | { skip: string } {
  const format = responseFormat(sentRequest(ctx))
  if (!format || !kinds.includes(format.kind)) return skip(`the request's response_format is not ${kinds.join(' or ')}`)
  const choices = completionChoices(ctx)
  if ('skip' in choices) return choices
  const reasons: string[] = []
  const contents: JudgedContent[] = []
  const offeredTools = offersCalls(sentRequest(ctx)).tools
  for (const choice of choices.value) {
    if (choice.refusal !== null && !hasText(choice.content))
      reasons.push(`${choice.label} refused (see structured.refusal.none): ${show(choice.refusal, 100)}`)
    else if (choice.finishReason === 'length') reasons.push(`${choice.label} was cut off by the token limit`)
    else if (choice.toolCalls.length > 0 && offeredTools) reasons.push(`${choice.label} called tools instead`)
    else
      contents.push({
        choice,
        json:
          typeof choice.content === 'string'
            ? readJsonText(choice.content)
            : { ok: false, problem: `is ${show(choice.content)}, not a string` },
      })
  }
  if (contents.length === 0) return skip(reasons.join('; ') || 'the completion has no choices')
  return { format, contents }
}

function onContents(
  ctx: CheckContext<any>,
  kinds: readonly FormatKind[],
  rule: (content: JudgedContent, format: ResponseFormat) => Finding[] | { skip: string },
): CheckResult {
  const judged = structuredContents(ctx, kinds)
  if ('skip' in judged) return judged
  return combineFindings(judged.contents.map((content) => rule(content, judged.format)))
}

export const singleJson = defineCheck({
  id: 'structured.content.single-json',
  title: 'The content is exactly one JSON value',
  level: 'required',
  spec: schemaRef(OP, 'ResponseFormatJsonSchema'),
  description:
    'With response_format json_schema or json_object, the content MUST be exactly one JSON value: no markdown code fence, no prose before or after it.',
  run: (ctx) =>
    onContents(ctx, ['json_schema', 'json_object'], ({ choice, json }) =>
      json.ok
        ? []
        : [
            finding(`${choice.label}: the content ${json.problem}`, {
              at: contentAt(choice),
              actual: choice.content,
            }),
          ],
    ),
})

/** The content validated against the json_schema format's schema, when the format's `strict` is `strict`. */
function schemaCheck(ctx: CheckContext<any>, strict: boolean): CheckResult {
  const format = responseFormat(sentRequest(ctx))
  if (format?.kind === 'json_schema' && format.strict !== strict) {
    return skip(
      strict
        ? 'the json_schema format is not strict: see structured.content.schema-non-strict'
        : 'the json_schema format is strict: see structured.content.schema',
    )
  }
  return onContents(ctx, ['json_schema'], ({ choice, json }, judged) => {
    if (!json.ok) return skip('the content is not JSON; see structured.content.single-json')
    if (judged.kind !== 'json_schema' || !judged.schema)
      return skip('the json_schema response format declares no schema')
    return declaredSchemaFindings(judged.schema, json.value, contentAt(choice), 'content')
  })
}

export const contentSchema = defineCheck({
  id: 'structured.content.schema',
  title: 'The JSON validates against the requested strict schema',
  level: 'required',
  spec: schemaRef(OP, 'ResponseFormatJsonSchema', 'properties', 'json_schema', 'properties', 'strict'),
  description:
    'With response_format json_schema and `strict: true`, the content MUST validate against `json_schema.schema` (types, required, enums, arrays, nested objects, anyOf, $ref): "the model will always follow the exact schema".',
  notes:
    'Validated with ajv (2020-12) after dropping `$schema`; the cases keep to the subset strict mode allows, where the drafts agree. Not-JSON content is structured.content.single-json; a schema without `strict: true` is structured.content.schema-non-strict.',
  run: (ctx) => schemaCheck(ctx, true),
})

export const contentSchemaNonStrict = defineCheck({
  id: 'structured.content.schema-non-strict',
  title: 'The JSON fits a requested non-strict schema',
  level: 'recommended',
  spec: schemaRef(OP, 'ResponseFormatJsonSchema', 'properties', 'json_schema', 'properties', 'strict'),
  description:
    'With response_format json_schema without `strict: true`, the content SHOULD validate against `json_schema.schema`.',
  notes:
    'Without strict the schema is guidance: OpenAI guarantees adherence only "if strict is true", so a mismatch is a warning.',
  run: (ctx) => schemaCheck(ctx, false),
})

export const jsonObject = defineCheck({
  id: 'structured.json-object.object',
  title: 'JSON mode returns a JSON object',
  level: 'required',
  spec: schemaRef(OP, 'ResponseFormatJsonObject'),
  description:
    'With response_format json_object, the content MUST parse to a JSON object (not an array, string or number).',
  run: (ctx) =>
    onContents(ctx, ['json_object'], ({ choice, json }) => {
      if (!json.ok) return skip('the content is not JSON; see structured.content.single-json')
      return isPlainObject(json.value)
        ? []
        : [
            finding(`${choice.label}: the content is JSON but not an object: ${show(json.value, 80)}`, {
              at: contentAt(choice),
              actual: json.value,
            }),
          ]
    }),
})

export const refusalType = defineCheck({
  id: 'structured.refusal.type',
  title: 'message.refusal is null or a string',
  level: 'required',
  spec: schemaRef(OP, MESSAGE, 'properties', 'refusal'),
  description: '`message.refusal` MUST be null or the refusal message (a string), nothing else.',
  notes:
    "A missing refusal member is the response schema's finding (it is required there). Streamed refusal deltas are judged by stream.chunk.schema.",
  run: (ctx) => {
    if (isStreamed(sentRequest(ctx)))
      return skip('a streamed completion: refusal deltas are judged by stream.chunk.schema')
    return onChoices(ctx, (choices) =>
      choices.flatMap((choice) => {
        const refusal = choice.rawRefusal
        return refusal === null || refusal === undefined || typeof refusal === 'string'
          ? []
          : [
              finding(`${choice.label}: refusal is ${show(refusal)}, expected null or a string`, {
                at: `${choice.at}/refusal`,
                actual: refusal,
              }),
            ]
      }),
    )
  },
})

export const refusalNone = defineCheck({
  id: 'structured.refusal.none',
  title: 'A benign structured request is answered, not refused',
  level: 'recommended',
  spec: { doc: STRUCTURED_DOCS.refusals },
  description:
    'A harmless request for structured output SHOULD get the JSON, not a refusal; a refusal is reported with its text.',
  notes:
    "Refusing is the model's choice, so a warning; the refusal itself is not a schema failure, and the content checks skip the choice (unless it carries content too: that content is judged, and the pair is chat.message.refusal-exclusive's).",
  run: (ctx) =>
    onChoices(ctx, (choices) =>
      choices
        .filter((choice) => choice.refusal !== null)
        .map((choice) =>
          finding(`${choice.label} refused (model behaviour): ${show(choice.refusal, 160)}`, {
            at: choice.at,
            actual: choice.refusal,
          }),
        ),
    ),
})

export const sdkParsed = defineCheck({
  id: 'structured.sdk.parsed',
  title: "The SDK's parse() returns the parsed object",
  level: 'required',
  spec: { doc: STRUCTURED_DOCS.sdk },
  description:
    '`client.chat.completions.parse()` with zodResponseFormat MUST return `message.parsed` (the validated object) for each answered choice, without raising.',
  notes:
    "The one SDK-level check of a parse() case (sdk.call.succeeds is left out there, so one raise is one finding): the helper JSON-parses the content and validates it with the zod schema, so a fence, prose or a schema violation breaks it even where a lenient client would cope. A refused request is http.status.success's.",
  run: (ctx) => {
    const parsed = parseHelperCompletion(ctx)
    if (!('completion' in parsed)) return parsed
    const { choices } = parsed.completion
    const messages = choices.map((choice, i) => ({
      message: isPlainObject(choice.message) ? choice.message : {},
      at: `/choices/${i}/message`,
    }))
    if (!messages.some(({ message }) => 'parsed' in message)) return skip("the SDK's parse() helper was not used")
    const answered = messages.filter(({ message }) => typeof message.content === 'string' && !message.refusal)
    if (answered.length === 0) return skip('no choice answered with content (refused or called tools)')
    return answered.flatMap(({ message, at }) =>
      message.parsed !== null && message.parsed !== undefined
        ? []
        : [
            finding(`message.parsed is ${show(message.parsed)} although the content is ${show(message.content, 80)}`, {
              at: `${at}/parsed`,
              actual: message.parsed,
            }),
          ],
    )
  },
})

/** Whether an exchange's completion honoured a schema: every answered choice is one JSON value that validates. */
function honours(
  ctx: CheckContext<any>,
  exchange: Exchange,
  schema: Record<string, unknown>,
): { honoured: true } | { honoured: false; why: string } {
  const status = exchange.response?.status ?? 0
  if (status < 200 || status >= 300) return { honoured: false, why: `it was rejected with HTTP ${status}` }
  const choices = completionChoices({
    ...ctx,
    exchange,
    request: (exchange.request.body ?? {}) as Record<string, unknown>,
  })
  if ('skip' in choices) return { honoured: false, why: choices.skip }
  if (choices.value.length === 0) return { honoured: false, why: 'the completion has no choices' }
  for (const choice of choices.value) {
    const json =
      typeof choice.content === 'string'
        ? readJsonText(choice.content)
        : { ok: false as const, problem: `is ${show(choice.content)}` }
    if (!json.ok) return { honoured: false, why: `the content ${json.problem}` }
    const errors = declaredSchemaFindings(schema, json.value, contentAt(choice), 'content')
    if (!Array.isArray(errors)) return { honoured: false, why: errors.skip }
    if (errors.length > 0) return { honoured: false, why: `the content does not validate (${errors[0]!.message})` }
  }
  return { honoured: true }
}

/** What the OpenAI-form twin of the probe did, as a clause for the note. */
function twinClause(ctx: CheckContext<any>): string {
  const twin = ctx.exchanges.openai
  if (!twin) return ''
  const format = responseFormat((twin.request.body ?? {}) as Record<string, unknown>)
  if (format?.kind !== 'json_schema' || !format.schema) return ''
  const result = honours(ctx, twin, format.schema)
  return result.honoured ? '; the OpenAI form is honoured' : `; the OpenAI form is not honoured (${result.why})`
}

export const vendorDialect = defineCheck({
  id: 'structured.vendor-dialect',
  title: 'Vendor dialect probe: response_format with a top-level schema',
  level: 'optional',
  spec: schemaRef(OP, 'ResponseFormatJsonSchema'),
  description:
    'Information: does the endpoint accept (or need) `{type: "json_schema", schema}`, a vendor dialect that is not OpenAI\'s shape? Rejecting it, as OpenAI does, and honouring it both pass with a note; accepting it and silently ignoring the schema is a warning.',
  notes:
    "OpenAI certifies only `json_schema: {name, schema, strict}` (the structured.* checks); this probe reports what clients following a vendor's documentation meet (e.g. ../shared/reference/vendor-compat-doc.txt).",
  run: (ctx) => {
    const format = responseFormat(sentRequest(ctx))
    if (format?.kind !== 'vendor_schema') return skip('the request does not send the vendor dialect')
    const status = ctx.exchange.response!.status
    if (status >= 400) return note(`rejects the vendor dialect with HTTP ${status}, as OpenAI does${twinClause(ctx)}`)
    const choices = completionChoices(ctx)
    if (isUnreadable(choices))
      return [finding(`accepts the vendor dialect but answers a completion it cannot read: ${choices.unreadable}`)]
    const result = honours(ctx, ctx.exchange, format.schema)
    if (!result.honoured) {
      return [
        finding(
          `accepts the vendor dialect but ignores its schema (${result.why}): a client following the vendor form gets unconstrained output and no error${twinClause(ctx)}`,
          { actual: format.schema },
        ),
      ]
    }
    const twin = twinClause(ctx)
    const needs = twin.startsWith('; the OpenAI form is not honoured')
    return note(
      `${needs ? 'needs' : 'accepts'} the vendor dialect and honours its schema (an extension; OpenAI rejects this form)${twin}`,
    )
  },
})

export const STRUCTURED_CHECKS = [
  singleJson,
  contentSchema,
  contentSchemaNonStrict,
  jsonObject,
  refusalType,
  refusalNone,
  sdkParsed,
  vendorDialect,
]
