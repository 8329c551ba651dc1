/**
 * Structured outputs: `json_schema` (strict) for a flat object, nested objects and arrays
 * with enums, `anyOf` with null and `$defs` / `$ref`; JSON mode; both streamed; the SDK's
 * parse() helper; and a probe of the vendor dialect with a top-level schema.
 *
 * The schemas keep to what OpenAI's strict mode allows (every property required,
 * `additionalProperties: false`, optional values as `anyOf` with null), so OpenAI itself
 * accepts each request. Prompts state the data plainly, so a small model has nothing to
 * invent; except the enforcement probe, which asks for values the schema cannot hold, so
 * that only an endpoint that enforces `strict` (constrained decoding) answers validly.
 *
 * Every case caps its completion (`withTokenCap`, ./common.ts) with room for the whole JSON
 * value and a reasoning model's hidden reasoning: the JSON is parsed, so it may not be cut.
 */
import type { RequestSpec } from '../src/core/types.ts'
import { zodResponseFormatRef } from '../src/apis/chat/sdk-helpers.ts'
import {
  CHAT_COMPLETION,
  JSON_MODE_CONTENT,
  STREAM_COMPLETION,
  STRUCTURED_CONTENT,
  STRUCTURED_NON_STRICT,
  STRUCTURED_NOT_REFUSED,
  STRUCTURED_REFUSAL_TYPE,
  VENDOR_DIALECT,
} from '../src/apis/chat/check-sets.ts'
import {
  PARSED_COMPLETION,
  REPLY_TOKENS,
  defineSuite,
  judgedReply,
  user,
  withTokenCap,
  type KnownCheckUse,
} from './common.ts'

// ---------------------------------------------------------------------------------------
// Schemas

const PERSON = {
  type: 'object',
  properties: { name: { type: 'string' }, age: { type: 'integer' }, active: { type: 'boolean' } },
  required: ['name', 'age', 'active'],
  additionalProperties: false,
}

const BOOK = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    author: {
      type: 'object',
      properties: { name: { type: 'string' }, born: { type: 'integer' } },
      required: ['name', 'born'],
      additionalProperties: false,
    },
    genres: { type: 'array', items: { type: 'string', enum: ['fiction', 'history', 'science', 'poetry'] } },
    chapters: {
      type: 'array',
      items: {
        type: 'object',
        properties: { number: { type: 'integer' }, title: { type: 'string' } },
        required: ['number', 'title'],
        additionalProperties: false,
      },
    },
  },
  required: ['title', 'author', 'genres', 'chapters'],
  additionalProperties: false,
}

const CITY = {
  type: 'object',
  properties: {
    city: { type: 'string' },
    country: { type: 'string' },
    population: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
    nickname: { anyOf: [{ type: 'string' }, { type: 'null' }] },
  },
  required: ['city', 'country', 'population', 'nickname'],
  additionalProperties: false,
}

const MEETING = {
  type: 'object',
  $defs: {
    person: {
      type: 'object',
      properties: { name: { type: 'string' }, email: { type: 'string' } },
      required: ['name', 'email'],
      additionalProperties: false,
    },
  },
  properties: {
    organizer: { $ref: '#/$defs/person' },
    attendees: { type: 'array', items: { $ref: '#/$defs/person' } },
  },
  required: ['organizer', 'attendees'],
  additionalProperties: false,
}

// ---------------------------------------------------------------------------------------
// Prompts

const PERSON_PROMPT = 'Extract the person from this sentence: Ada Lovelace is 36 years old and still active.'
/**
 * Values PERSON cannot hold (the age in words, "active" as a phrase, an undeclared email), as
 * `key: value` lines a model without constrained decoding copies. An endpoint that enforces
 * the strict schema answers validly by construction.
 */
const STRICT_PROBE_PROMPT =
  'Record this person. Use these values exactly as written, and keep the email too:\n' +
  'name: Ada Lovelace\nage: thirty-six\nactive: no longer\nemail: ada@example.com'
const BOOK_PROMPT =
  'Describe the book "A Brief History of Time" by Stephen Hawking (born 1942): genres science and history, ' +
  'with its first two chapters, "Our Picture of the Universe" and "Space and Time".'
const CITY_PROMPT =
  'Give the city Paris in France, its population as a number if you know it, and its nickname, or null when unsure.'
const MEETING_PROMPT =
  'Ada (ada@example.com) organises a meeting with Grace (grace@example.com) and Alan (alan@example.com). Extract the people.'
const JSON_OBJECT_PROMPT =
  'Describe the city of Paris as a JSON object with the keys "name" and "country". Answer in JSON.'

// ---------------------------------------------------------------------------------------
// Check sets

/** A structured (json_schema) answer to a benign request, streamed or not: one JSON value, valid, not refused. */
const STRUCTURED_ANSWER: readonly KnownCheckUse[] = [...STRUCTURED_CONTENT.checks, ...STRUCTURED_NOT_REFUSED.checks]

/** A JSON-mode answer to a benign request, streamed or not. */
const JSON_MODE_ANSWER: readonly KnownCheckUse[] = [...JSON_MODE_CONTENT.checks, ...STRUCTURED_NOT_REFUSED.checks]

function jsonSchema(name: string, schema: Record<string, unknown>, strict = true) {
  return { type: 'json_schema', json_schema: { name, strict, schema } }
}

function create(body: Record<string, unknown>): RequestSpec {
  return { operation: 'chat.completions.create', body }
}

function stream(body: Record<string, unknown>): RequestSpec {
  return { operation: 'chat.completions.create.stream', body: { ...body, stream: true } }
}

export default defineSuite({
  capability: 'structured',
  title: 'Structured outputs',
  cases: [
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'structured.json-schema.flat',
      title: 'json_schema: a flat object',
      capability: 'structured',
      request: create({ messages: [user(PERSON_PROMPT)], response_format: jsonSchema('person', PERSON) }),
      checks: [...CHAT_COMPLETION.checks, ...STRUCTURED_ANSWER, ...STRUCTURED_REFUSAL_TYPE.checks],
      asked: 'name, age and active for Ada Lovelace',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.long), {
      id: 'structured.json-schema.nested',
      title: 'json_schema: nested objects, arrays of objects and an enum',
      capability: 'structured',
      request: create({ messages: [user(BOOK_PROMPT)], response_format: jsonSchema('book', BOOK) }),
      checks: [...CHAT_COMPLETION.checks, ...STRUCTURED_ANSWER, ...STRUCTURED_REFUSAL_TYPE.checks],
      asked: 'a book with its author, genres and two chapters',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'structured.json-schema.nullable',
      title: 'json_schema: anyOf with null',
      capability: 'structured',
      request: create({ messages: [user(CITY_PROMPT)], response_format: jsonSchema('city', CITY) }),
      checks: [...CHAT_COMPLETION.checks, ...STRUCTURED_ANSWER, ...STRUCTURED_REFUSAL_TYPE.checks],
      asked: 'Paris with a population and a nickname, each a value or null',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.long), {
      id: 'structured.json-schema.refs',
      title: 'json_schema: $defs and $ref',
      capability: 'structured',
      request: create({ messages: [user(MEETING_PROMPT)], response_format: jsonSchema('meeting', MEETING) }),
      checks: [...CHAT_COMPLETION.checks, ...STRUCTURED_ANSWER, ...STRUCTURED_REFUSAL_TYPE.checks],
      asked: 'an organizer and two attendees, each a $ref to one person schema',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'structured.json-schema.enforced',
      title: 'Probe: a strict schema holds even when the prompt asks for values it cannot hold',
      capability: 'structured',
      request: create({ messages: [user(STRICT_PROBE_PROMPT)], response_format: jsonSchema('person', PERSON) }),
      checks: [...CHAT_COMPLETION.checks, ...STRUCTURED_ANSWER, ...STRUCTURED_REFUSAL_TYPE.checks],
      asked:
        'the person with an age in words, "active" as a phrase and an undeclared email: only schema enforcement gives valid JSON',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'structured.json-schema.non-strict',
      title: 'json_schema without strict: the JSON fits the schema (best effort)',
      capability: 'structured',
      request: create({ messages: [user(PERSON_PROMPT)], response_format: jsonSchema('person', PERSON, false) }),
      checks: [
        ...CHAT_COMPLETION.checks,
        'structured.content.single-json',
        ...STRUCTURED_NON_STRICT.checks,
        ...STRUCTURED_NOT_REFUSED.checks,
        ...STRUCTURED_REFUSAL_TYPE.checks,
      ],
      asked: 'name, age and active for Ada Lovelace, with a schema that is not strict',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'structured.json-object',
      title: 'json_object (JSON mode) returns a JSON object',
      capability: 'structured',
      request: create({ messages: [user(JSON_OBJECT_PROMPT)], response_format: { type: 'json_object' } }),
      checks: [...CHAT_COMPLETION.checks, ...JSON_MODE_ANSWER, ...STRUCTURED_REFUSAL_TYPE.checks],
      asked: 'Paris as a JSON object with name and country ("JSON" is in the prompt, as JSON mode requires)',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.long), {
      id: 'structured.stream.json-schema',
      title: 'Streamed json_schema content assembles to one valid JSON value',
      capability: 'structured',
      request: stream({ messages: [user(BOOK_PROMPT)], response_format: jsonSchema('book', BOOK) }),
      checks: [...STREAM_COMPLETION.checks, 'stream.content.multiple-chunks', ...STRUCTURED_ANSWER],
      asked: 'the book, streamed: the JSON arrives in several chunks',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'structured.stream.json-object',
      title: 'Streamed JSON mode content assembles to a JSON object',
      capability: 'structured',
      request: stream({ messages: [user(JSON_OBJECT_PROMPT)], response_format: { type: 'json_object' } }),
      checks: [...STREAM_COMPLETION.checks, ...JSON_MODE_ANSWER],
      asked: 'Paris as a JSON object, streamed',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.long), {
      id: 'structured.sdk.parse',
      title: "The SDK's parse() with zodResponseFormat returns the parsed object",
      capability: 'structured',
      request: {
        operation: 'chat.completions.parse',
        body: {
          messages: [
            user(
              'Alice and Bob are going to a science fair on Friday in Lyon, room unknown, normal priority. Extract the event.',
            ),
          ],
          response_format: zodResponseFormatRef('calendar_event'),
        },
      },
      checks: [...PARSED_COMPLETION, ...STRUCTURED_ANSWER, 'structured.sdk.parsed'],
      asked: 'the event, through client.chat.completions.parse() with zodResponseFormat',
    }),
    // Both forms.
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'structured.vendor-dialect',
      title: 'Probe: response_format with the schema at the top level (a vendor dialect), beside the OpenAI form',
      capability: 'structured',
      request: create({ messages: [user(PERSON_PROMPT)], response_format: { type: 'json_schema', schema: PERSON } }),
      related: { openai: create({ messages: [user(PERSON_PROMPT)], response_format: jsonSchema('person', PERSON) }) },
      checks: VENDOR_DIALECT.checks,
      asked: 'the person, once in the vendor form `{type: "json_schema", schema}` and once in OpenAI\'s',
    }),
  ],
})
