/**
 * Faults in structured outputs: JSON wrapped or preceded by prose, a schema accepted but not
 * enforced, JSON mode answering with an array, a malformed or needless refusal, and the
 * vendor dialect (`{type: "json_schema", schema}`) accepted and ignored, or needed.
 *
 * Content faults edit the text through `eachStructuredContent`, which works on both forms:
 * the message's `content`, and a stream's content deltas (assembled, edited, and sent again
 * as JSON-sized pieces in as many chunks as it takes).
 */
import { lastUserText, tokenizeJson } from '../reference/model/index.ts'
import { statedValues } from '../reference/model/structured.ts'
import { onErrors, WAIVED_STATUS } from '../../shared/faults/helpers.ts'
import type { Fault, FaultHooks, ReferenceRequest } from '../../../reference/fault.ts'
import { choicesOf, forChatCompletions, messagesOf } from './helpers.ts'

type Json = Record<string, any>

/** The request's response_format type when it asks for JSON (json_schema or json_object), else null. */
function structuredFormat(req: ReferenceRequest): 'json_schema' | 'json_object' | null {
  const type = req.body?.response_format?.type
  return type === 'json_schema' || type === 'json_object' ? type : null
}

/**
 * Hooks that edit the content of every choice of a structured-output response (the request
 * asks for `kinds`), non-streamed or streamed.
 */
function eachStructuredContent(
  kinds: readonly string[],
  edit: (text: string, req: ReferenceRequest) => string,
): Pick<FaultHooks, 'body' | 'events'> {
  const applies = (req: ReferenceRequest) => kinds.includes(structuredFormat(req) ?? '')
  return {
    body(completion, req) {
      if (!applies(req)) return completion
      for (const choice of choicesOf(completion))
        if (typeof choice.message?.content === 'string') choice.message.content = edit(choice.message.content, req)
      return completion
    },
    events(chunks, req) {
      if (!applies(req)) return chunks
      const indices = new Set(chunks.flatMap((chunk) => choicesOf(chunk).map((choice) => choice.index)))
      return [...indices].reduce(
        (result: unknown[], index) => rewriteStreamedContent(result as Json[], index, (text) => edit(text, req)),
        chunks,
      )
    },
  }
}

/**
 * Replaces a streamed choice's content: the content deltas are joined, edited, and the new
 * text is cut into JSON-sized pieces that take the place of the old deltas (the last one's
 * chunk cloned for any extra piece, surplus chunks dropped).
 */
function rewriteStreamedContent(chunks: Json[], index: number, edit: (text: string) => string): Json[] {
  const carriers = chunks.filter((chunk) =>
    choicesOf(chunk).some(
      (choice) => choice.index === index && typeof choice.delta?.content === 'string' && choice.delta.content !== '',
    ),
  )
  if (carriers.length === 0) return chunks
  const deltaOf = (chunk: Json) => choicesOf(chunk).find((choice) => choice.index === index)!.delta
  const pieces = tokenizeJson(edit(carriers.map((chunk) => deltaOf(chunk).content).join('')))
  const last = carriers.at(-1)!
  const result: Json[] = []
  for (const chunk of chunks) {
    const at = carriers.indexOf(chunk)
    if (at === -1) {
      result.push(chunk)
      continue
    }
    const count = chunk === last ? Math.max(pieces.length - at, 0) : at < pieces.length ? 1 : 0
    for (let k = 0; k < count; k++) {
      const copy = k === 0 ? chunk : structuredClone(chunk)
      deltaOf(copy).content = pieces[at + k]
      result.push(copy)
    }
  }
  return result
}

/** A `respond` hook that deletes `response_format` when `matches` says so: the endpoint ignores it. */
function ignoresResponseFormat(matches: (format: Json) => boolean): NonNullable<FaultHooks['respond']> {
  return (req) => {
    const format = req.body?.response_format
    if (typeof format === 'object' && format !== null && matches(format)) delete req.body.response_format
    return undefined
  }
}

/** `{type: "json_schema", schema}`: the vendor dialect, schema at the top level. */
const isVendorForm = (format: Json) =>
  format.type === 'json_schema' && format.json_schema === undefined && format.schema !== undefined
/** OpenAI's form: `{type: "json_schema", json_schema: {…}}`. */
const isOpenAiForm = (format: Json) => format.type === 'json_schema' && format.json_schema !== undefined

/** An `error` hook that waives the missing `json_schema` the vendor dialect causes: the endpoint accepts that form. */
const acceptsVendorForm = onErrors(
  (error) => error.body?.error?.param === 'response_format.json_schema',
  (error) => ({ ...error, status: WAIVED_STATUS }),
)

const REFUSAL = "I'm sorry, but I can't assist with that request."

export const structuredFaults: Fault[] = forChatCompletions([
  {
    name: 'structured-json-fenced',
    description: 'Structured output arrives wrapped in a ```json markdown fence (streamed and not).',
    modelledOn:
      'Backends that do not constrain decoding and let the model fence its JSON: omlx#613, LM Studio (lmstudio-bug-tracker#2403), laravel/ai#879 (vLLM / LM Studio / llama.cpp "emit fenced json").',
    proves: ['structured.content.single-json', 'structured.sdk.parsed'],
    hooks: eachStructuredContent(['json_schema', 'json_object'], (text) => `\`\`\`json\n${text}\n\`\`\``),
  },
  {
    name: 'structured-prose-before-json',
    description: 'Structured output starts with a sentence before the JSON (streamed and not).',
    modelledOn:
      'Endpoints that accept response_format and only prompt for JSON (FastFlowLM#554: response_format silently ignored, prose around the JSON).',
    proves: ['structured.content.single-json'],
    hooks: eachStructuredContent(['json_schema', 'json_object'], (text) => `Here is the JSON you asked for:\n${text}`),
  },
  {
    name: 'structured-schema-not-enforced',
    description:
      'Accepts a json_schema (strict or not) but does not enforce it: the JSON misses its last required property and adds an undeclared one.',
    modelledOn:
      'Servers that take `strict: true` as a hint and only prompt for the schema (best-effort structured output, as imp#1597 describes for strict tools).',
    proves: ['structured.content.schema', 'structured.content.schema-non-strict', 'structured.sdk.parsed'],
    hooks: eachStructuredContent(['json_schema'], (text) => {
      const value = JSON.parse(text)
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return text
      const [dropped] = Object.keys(value).slice(-1)
      if (dropped !== undefined) delete value[dropped]
      return JSON.stringify({ ...value, comment: 'extra' })
    }),
  },
  {
    name: 'structured-schema-follows-prompt',
    description:
      'Accepts a strict json_schema without constraining decoding, and its model is otherwise good: valid JSON for a cooperative prompt, but values the prompt spells out (`key: value` lines) are copied even where the schema cannot hold them.',
    modelledOn:
      'Any server that takes `strict` as a hint in front of a competent model (FastFlowLM#554, best-effort structured output): only a prompt that asks for what the schema forbids tells it from enforcement.',
    proves: ['structured.content.schema'],
    hooks: eachStructuredContent(['json_schema'], (text, req) => {
      const stated = statedValues(lastUserText(messagesOf(req)))
      const value = JSON.parse(text)
      if (Object.keys(stated).length === 0 || typeof value !== 'object' || value === null || Array.isArray(value))
        return text
      return JSON.stringify({ ...value, ...stated })
    }),
  },
  {
    name: 'structured-json-object-array',
    description: 'JSON mode answers with a top-level JSON array instead of an object.',
    modelledOn:
      'JSON mode implemented as "any valid JSON" (ollama#3783 proposed exactly that for format=json; generic JSON grammars allow an array root).',
    proves: ['structured.json-object.object'],
    hooks: eachStructuredContent(['json_object'], (text) => `[${text}]`),
  },
  {
    name: 'structured-refusal-object',
    description: 'A structured request gets `refusal` as an object `{reason, message}` instead of null or a string.',
    modelledOn:
      "Hypothetical, no public report found: a translating gateway that copies a provider's structured refusal (as Anthropic's `stop_details`) into `refusal` unflattened.",
    proves: ['structured.refusal.type', 'chat.response.schema'],
    hooks: {
      body: (completion, req) => {
        if (!structuredFormat(req)) return completion
        for (const choice of choicesOf(completion))
          if (choice.message) choice.message.refusal = { reason: 'none', message: null }
        return completion
      },
    },
  },
  {
    name: 'structured-refuses',
    description: 'Refuses every json_schema request: content null, `refusal` set, as OpenAI refuses a harmful one.',
    modelledOn:
      "OpenAI's own refusal shape (real-traffic nonstream-jsonschema-strict-refusal__01) given to a harmless request: an over-refusing model.",
    proves: ['structured.refusal.none'],
    hooks: {
      body: (completion, req) => {
        if (structuredFormat(req) !== 'json_schema') return completion
        for (const choice of choicesOf(completion)) {
          if (!choice.message) continue
          choice.message.content = null
          choice.message.refusal = REFUSAL
          choice.finish_reason = 'stop'
        }
        return completion
      },
    },
  },
  {
    name: 'structured-vendor-form-ignored',
    description:
      'Accepts `response_format: {type: "json_schema", schema}` (a vendor dialect) without error and ignores it: prose comes back.',
    modelledOn:
      'Endpoints that neither validate response_format nor honour unknown shapes of it (FastFlowLM#554: accepted, silently ignored).',
    proves: ['structured.vendor-dialect'],
    hooks: { error: acceptsVendorForm, respond: ignoresResponseFormat(isVendorForm) },
  },
  {
    name: 'structured-needs-vendor-form',
    description:
      'Honours only the vendor dialect `{type: "json_schema", schema}`: OpenAI\'s `json_schema: {name, schema}` form is ignored (prose comes back).',
    modelledOn:
      'A vendor whose documentation sends the schema at the top level of response_format (../shared/reference/vendor-compat-doc.txt, "Structured Outputs").',
    proves: ['structured.content.single-json', 'structured.sdk.parsed'],
    hooks: { error: acceptsVendorForm, respond: ignoresResponseFormat(isOpenAiForm) },
  },
])
