/**
 * The structured-output checks on hand-made exchanges, streamed and not: OpenAI's own
 * shapes pass (a refusal included); fences, prose, schema violations and arrays in JSON
 * mode are caught with a message that says which; a refusal is reported, not mistaken for
 * a schema failure; the vendor-dialect probe reports what happened as a note.
 */
import { describe, expect, it } from 'vitest'
import { getCheck } from '../../src/apis/index.ts'
import {
  completion,
  contentChunks,
  exchange,
  PERSON,
  run,
  said,
  streamed,
  textMessage,
  verdict,
} from './tools-fixtures.ts'

const MESSAGES = [{ role: 'user', content: 'Extract the person: Ada, 36.' }]
const JSON_SCHEMA = {
  model: 'gpt-4o',
  messages: MESSAGES,
  response_format: { type: 'json_schema', json_schema: { name: 'person', strict: true, schema: PERSON } },
}
const JSON_OBJECT = { model: 'gpt-4o', messages: MESSAGES, response_format: { type: 'json_object' } }
const VENDOR = { model: 'gpt-4o', messages: MESSAGES, response_format: { type: 'json_schema', schema: PERSON } }

const answer = (
  content: unknown,
  request: Record<string, unknown> = JSON_SCHEMA,
  extra: Record<string, unknown> = {},
) => exchange(completion([textMessage(content, extra)]), request)

describe('structured.content.single-json', () => {
  it('passes one JSON value, pretty-printed or compact', () => {
    expect(verdict(run('structured.content.single-json', answer('{"name":"Ada","age":36}')))).toBe('pass')
    expect(
      verdict(run('structured.content.single-json', answer('{\n  "name": "Ada",\n  "age": 36\n}', JSON_OBJECT))),
    ).toBe('pass')
  })

  it.each([
    ['a markdown fence', '```json\n{"name":"Ada","age":36}\n```', /wrapped in a markdown code fence/],
    [
      'prose before the JSON',
      'Here is the JSON:\n{"name":"Ada","age":36}',
      /has prose before the JSON: "Here is the JSON:\\n"/,
    ],
    ['text after the JSON', '{"name":"Ada","age":36} Hope this helps!', /is not a single JSON value/],
    ['null content', null, /is null, not a string/],
  ])('fails %s', (_what, content, message) => {
    expect(said(run('structured.content.single-json', answer(content)))).toMatch(message)
  })

  it('skips a request without a JSON response format', () => {
    expect(said(run('structured.content.single-json', answer('hi', { model: 'gpt-4o', messages: MESSAGES })))).toMatch(
      /^skip: the request's response_format is not json_schema or json_object/,
    )
  })

  it("reads a stream's assembled content", () => {
    expect(
      verdict(
        run(
          'structured.content.single-json',
          streamed(contentChunks(['{"', 'name', '":"', 'Ada', '","', 'age', '":', '36', '}']), JSON_SCHEMA),
        ),
      ),
    ).toBe('pass')
    expect(
      said(
        run(
          'structured.content.single-json',
          streamed(contentChunks(['```json\n{"', 'name":"Ada","age":36}', '\n```']), JSON_SCHEMA),
        ),
      ),
    ).toMatch(/markdown code fence/)
  })
})

describe('structured.content.schema', () => {
  it('passes content that validates; fails a missing property, a wrong type, an extra property', () => {
    expect(verdict(run('structured.content.schema', answer('{"name":"Ada","age":36}')))).toBe('pass')
    expect(said(run('structured.content.schema', answer('{"name":"Ada"}')))).toMatch(
      /content: must have required property 'age'/,
    )
    expect(said(run('structured.content.schema', answer('{"name":"Ada","age":"36"}')))).toMatch(/must be integer/)
    expect(said(run('structured.content.schema', answer('{"name":"Ada","age":36,"x":1}')))).toMatch(
      /must NOT have additional properties/,
    )
  })

  it('validates $defs/$ref and anyOf with null', () => {
    const schema = {
      type: 'object',
      $defs: { person: PERSON },
      properties: {
        organizer: { $ref: '#/$defs/person' },
        nickname: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
      required: ['organizer', 'nickname'],
      additionalProperties: false,
    }
    const request = {
      ...JSON_SCHEMA,
      response_format: { type: 'json_schema', json_schema: { name: 'm', strict: true, schema } },
    }
    expect(
      verdict(
        run('structured.content.schema', answer('{"organizer":{"name":"Ada","age":36},"nickname":null}', request)),
      ),
    ).toBe('pass')
    expect(
      said(run('structured.content.schema', answer('{"organizer":{"name":"Ada"},"nickname":null}', request))),
    ).toMatch(/required property 'age'/)
  })

  it('judges strict schemas only; a non-strict one is structured.content.schema-non-strict, a warning', () => {
    const loose = {
      ...JSON_SCHEMA,
      response_format: { type: 'json_schema', json_schema: { name: 'person', schema: PERSON } },
    }
    expect(said(run('structured.content.schema', answer('{"name":"Ada"}', loose)))).toBe(
      'skip: the json_schema format is not strict: see structured.content.schema-non-strict',
    )
    expect(getCheck('structured.content.schema-non-strict')!.level).toBe('recommended')
    expect(said(run('structured.content.schema-non-strict', answer('{"name":"Ada"}', loose)))).toMatch(
      /content: must have required property 'age'/,
    )
    expect(verdict(run('structured.content.schema-non-strict', answer('{"name":"Ada","age":36}', loose)))).toBe('pass')
    expect(said(run('structured.content.schema-non-strict', answer('{"name":"Ada"}')))).toBe(
      'skip: the json_schema format is strict: see structured.content.schema',
    )
  })

  it('leaves content that is not JSON to single-json, and a stream cut short skips', () => {
    expect(said(run('structured.content.schema', answer('```json\n{}\n```')))).toMatch(
      /^skip: the content is not JSON; see structured.content.single-json/,
    )
    expect(
      said(run('structured.content.schema', streamed(contentChunks(['{"name":'], 'length'), JSON_SCHEMA))),
    ).toMatch(/^skip: choice 0 was cut off by the token limit/)
  })
})

describe('refusals', () => {
  // Real traffic: nonstream-jsonschema-strict-refusal__01.
  const refused = answer(null, JSON_SCHEMA, { refusal: "I'm very sorry, but I can't assist with that request." })

  it('a refusal is reported by structured.refusal.none (a warning) and not judged as content', () => {
    expect(getCheck('structured.refusal.none')!.level).toBe('recommended')
    expect(said(run('structured.refusal.none', refused))).toMatch(
      /choice 0 refused \(model behaviour\): "I'm very sorry/,
    )
    for (const id of ['structured.content.single-json', 'structured.content.schema']) {
      expect(said(run(id, refused))).toMatch(/^skip: choice 0 refused \(see structured.refusal.none\)/)
    }
    expect(verdict(run('structured.refusal.type', refused))).toBe('pass')
  })

  it('structured.refusal.type fails anything but null or a string', () => {
    expect(verdict(run('structured.refusal.type', answer('{"name":"Ada","age":36}')))).toBe('pass')
    expect(said(run('structured.refusal.type', answer('{}', JSON_SCHEMA, { refusal: { reason: 'policy' } })))).toMatch(
      /refusal is \{"reason":"policy"\}, expected null or a string/,
    )
    expect(said(run('structured.refusal.type', answer('{}', JSON_SCHEMA, { refusal: false })))).toMatch(
      /refusal is false/,
    )
  })
})

describe('structured.json-object.object', () => {
  it('passes an object, fails an array or a string', () => {
    expect(verdict(run('structured.json-object.object', answer('{"name":"Paris"}', JSON_OBJECT)))).toBe('pass')
    expect(said(run('structured.json-object.object', answer('[{"name":"Paris"}]', JSON_OBJECT)))).toMatch(
      /the content is JSON but not an object: \[/,
    )
    expect(verdict(run('structured.json-object.object', answer('"Paris"', JSON_OBJECT)))).toBe('deviation')
  })

  it('applies to JSON mode only', () => {
    expect(verdict(run('structured.json-object.object', answer('{"name":"Ada","age":36}')))).toBe('skip')
  })
})

describe('structured.sdk.parsed', () => {
  const sdkOf = (parsed: unknown, content = '{"name":"Ada","age":36}') => ({
    ok: true as const,
    value: { choices: [{ message: { content, refusal: null, parsed } }] },
  })
  const body = completion([textMessage('{"name":"Ada","age":36}')])

  it('passes a parsed object, fails a null one or a raising SDK, skips without parse()', () => {
    expect(
      verdict(run('structured.sdk.parsed', exchange(body, JSON_SCHEMA, { sdk: sdkOf({ name: 'Ada', age: 36 }) }))),
    ).toBe('pass')
    expect(said(run('structured.sdk.parsed', exchange(body, JSON_SCHEMA, { sdk: sdkOf(null) })))).toMatch(
      /message\.parsed is null although the content is/,
    )
    const raised = {
      ok: false as const,
      error: { name: 'SyntaxError', message: 'Error reading response: invalid structured output JSON.' },
    }
    expect(said(run('structured.sdk.parsed', exchange(body, JSON_SCHEMA, { sdk: raised })))).toMatch(
      /the SDK's parse\(\) raised SyntaxError/,
    )
    expect(
      said(
        run(
          'structured.sdk.parsed',
          exchange(body, JSON_SCHEMA, { sdk: { ok: true, value: { choices: [{ message: { content: '{}' } }] } } }),
        ),
      ),
    ).toMatch(/^skip: the SDK's parse\(\) helper was not used/)
  })

  it("fails a result that is not a completion; a refused request is http.status.success's alone", () => {
    expect(
      said(run('structured.sdk.parsed', exchange(body, JSON_SCHEMA, { sdk: { ok: true, value: 'raw body' } }))),
    ).toMatch(/parse\(\) returned "raw body", not a completion/)
    const refused = { ok: false as const, error: { name: 'BadRequestError', status: 400, message: '400 bad' } }
    expect(
      said(
        run(
          'structured.sdk.parsed',
          exchange({ error: { message: 'bad' } }, JSON_SCHEMA, { status: 400, sdk: refused }),
        ),
      ),
    ).toMatch(/^skip: the request did not succeed \(HTTP 400\)/)
  })
})

describe('structured.vendor-dialect (an informational probe)', () => {
  const openAiForm = (content: string) => answer(content, JSON_SCHEMA)
  const rejected = exchange(
    {
      error: {
        message: "Missing required parameter: 'response_format.json_schema'.",
        type: 'invalid_request_error',
        param: 'response_format.json_schema',
        code: 'missing_required_parameter',
      },
    },
    VENDOR,
    { status: 400 },
  )

  it('is optional: it can only warn', () => {
    expect(getCheck('structured.vendor-dialect')!.level).toBe('optional')
  })

  it('rejecting the vendor form, as OpenAI does, passes with a note', () => {
    const result = run('structured.vendor-dialect', rejected, {
      related: { openai: openAiForm('{"name":"Ada","age":36}') },
    })
    expect(said(result)).toBe(
      'note: rejects the vendor dialect with HTTP 400, as OpenAI does; the OpenAI form is honoured',
    )
  })

  it('honouring it passes with a note, which says "needs" when the OpenAI form is not honoured', () => {
    const honoured = answer('{"name":"Ada","age":36}', VENDOR)
    expect(
      said(run('structured.vendor-dialect', honoured, { related: { openai: openAiForm('{"name":"Ada","age":36}') } })),
    ).toMatch(
      /^note: accepts the vendor dialect and honours its schema \(an extension; OpenAI rejects this form\); the OpenAI form is honoured$/,
    )
    expect(said(run('structured.vendor-dialect', honoured, { related: { openai: openAiForm('Ada is 36.') } }))).toMatch(
      /^note: needs the vendor dialect .*; the OpenAI form is not honoured \(the content is not a single JSON value/,
    )
  })

  it('accepting it and ignoring the schema is a deviation (a warning)', () => {
    expect(said(run('structured.vendor-dialect', answer('Ada is 36 years old.', VENDOR)))).toMatch(
      /accepts the vendor dialect but ignores its schema \(the content is not a single JSON value/,
    )
    expect(said(run('structured.vendor-dialect', answer('{"name":"Ada"}', VENDOR)))).toMatch(
      /ignores its schema \(the content does not validate/,
    )
  })

  it("skips a request in OpenAI's form", () => {
    expect(verdict(run('structured.vendor-dialect', openAiForm('{}')))).toBe('skip')
  })
})
