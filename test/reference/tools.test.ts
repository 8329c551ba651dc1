/**
 * The reference model's function calling and structured outputs: JSON generated from a
 * table of schemas validates against them (ajv); the tool-call rules follow the suite's
 * prompt conventions; the wire shapes (non-streamed and OpenAI's fragment pattern) and the
 * request validation are OpenAI's; and the tools and structured suites pass on the
 * compliant reference with zero fails, warnings or skips.
 */
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  jsonFromSchema,
  planToolCalls,
  tokenizeJson,
  toolResultsReply,
  type ToolParams,
} from '../../src/apis/chat/reference/model/index.ts'
import {
  REFERENCE_API_KEY,
  REFERENCE_MODELS,
  startReferenceServer,
  type ReferenceServer,
} from '../../src/apis/reference.ts'
import { statedValues } from '../../src/apis/chat/reference/model/structured.ts'
import { schemaErrorsAgainst } from '../../src/spec/index.ts'
import structured from '../../suites/structured.ts'
import tools from '../../suites/tools.ts'
import { outcomes, runCases } from '../support/run-cases.ts'

const object = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
  ...extra,
})

const SCHEMAS: Record<string, Record<string, unknown>> = {
  'flat object': object({
    name: { type: 'string' },
    age: { type: 'integer' },
    active: { type: 'boolean' },
    score: { type: 'number' },
  }),
  'nested objects and arrays of objects': object({
    author: object({ name: { type: 'string' }, born: { type: 'integer' } }),
    chapters: { type: 'array', items: object({ number: { type: 'integer' }, title: { type: 'string' } }) },
  }),
  'enums and const': object({
    unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
    kind: { const: 'weather' },
    level: { enum: [1, 2, 3] },
  }),
  'anyOf and type lists with null': object({
    a: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    b: { type: ['integer', 'null'] },
    c: { anyOf: [{ type: 'null' }, object({ x: { type: 'string' } })] },
  }),
  oneOf: {
    oneOf: [
      object({ kind: { const: 'a' }, a: { type: 'string' } }),
      object({ kind: { const: 'b' }, b: { type: 'integer' } }),
    ],
  },
  '$defs and $ref, recursive': {
    ...object({ root: { $ref: '#/$defs/node' } }),
    $defs: { node: object({ name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } }) },
  },
  'draft-07 definitions and $schema': {
    $schema: 'http://json-schema.org/draft-07/schema#',
    definitions: { p: object({ n: { type: 'string' } }) },
    ...object({ p: { $ref: '#/definitions/p' } }),
  },
  allOf: {
    allOf: [
      { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
      { properties: { b: { type: 'integer', minimum: 3 } }, required: ['b'] },
    ],
  },
  'array bounds and unique items': object({
    two: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 3 },
    none: { type: 'array', items: { type: 'string' }, maxItems: 0 },
    unique: { type: 'array', items: { type: 'integer' }, minItems: 3, uniqueItems: true },
    uniqueEnum: { type: 'array', items: { enum: ['x', 'y'] }, minItems: 2, uniqueItems: true },
    tuple: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false },
  }),
  'string formats and lengths': object({
    when: { type: 'string', format: 'date-time' },
    day: { type: 'string', format: 'date' },
    email: { type: 'string', format: 'email' },
    site: { type: 'string', format: 'uri' },
    id: { type: 'string', format: 'uuid' },
    short: { type: 'string', maxLength: 2 },
    long: { type: 'string', minLength: 30 },
    code: { type: 'string', pattern: '^[A-Z][0-9]$' },
  }),
  'number ranges': object({
    percent: { type: 'integer', minimum: 1, maximum: 100 },
    negative: { type: 'number', maximum: -5 },
    above: { type: 'integer', exclusiveMinimum: 10 },
    below: { type: 'number', exclusiveMaximum: 0 },
    step: { type: 'number', minimum: 0.3, multipleOf: 0.25 },
  }),
  'required names without properties, and no type': {
    type: 'object',
    required: ['x'],
    properties: {},
    additionalProperties: { type: 'integer' },
  },
  'an empty parameter list': { type: 'object', properties: {} },
}

describe('jsonFromSchema', () => {
  it.each(Object.entries(SCHEMAS))('%s: the value validates', (_name, schema) => {
    const { $schema: _draft, ...rest } = schema
    const value = jsonFromSchema(schema, { seed: 'prompt' })
    expect(schemaErrorsAgainst(rest, value), JSON.stringify(value)).toEqual([])
  })

  it('is deterministic per seed, and the seed varies strings', () => {
    const schema = SCHEMAS['flat object']
    expect(jsonFromSchema(schema, { seed: 'a' })).toEqual(jsonFromSchema(schema, { seed: 'a' }))
    const names = new Set(
      ['a', 'b', 'c', 'd'].map((seed) => (jsonFromSchema(schema, { seed }) as { name: string }).name),
    )
    expect(names.size).toBeGreaterThan(1)
  })

  it('fills nullable fields with a value, not null, while there is room', () => {
    expect(jsonFromSchema(SCHEMAS['anyOf and type lists with null'])).toMatchObject({
      a: expect.any(String),
      b: expect.any(Number),
      c: { x: expect.any(String) },
    })
  })
})

describe('statedValues: what a model without constrained decoding copies from a prompt', () => {
  it('reads `key: value` lines, numbers and booleans as JSON, the rest as text', () => {
    expect(
      statedValues(
        'Record this person:\nname: Ada Lovelace\nage: thirty-six\nborn: 1815\nactive: false\nemail: ada@example.com',
      ),
    ).toEqual({
      name: 'Ada Lovelace',
      age: 'thirty-six',
      born: 1815,
      active: false,
      email: 'ada@example.com',
    })
  })

  it('finds nothing in a cooperative prompt, a colon in a sentence included', () => {
    expect(
      statedValues('Extract the person from this sentence: Ada Lovelace is 36 years old and still active.'),
    ).toEqual({})
  })
})

describe('tokenizeJson', () => {
  it("cuts JSON where OpenAI's streams do, and joins back exactly", () => {
    expect(tokenizeJson('{"output":7}')).toEqual(['{"', 'output', '":', '7', '}'])
    const text = JSON.stringify({ a: 'Paris, France', b: [1, 2], c: null })
    expect(tokenizeJson(text).join('')).toBe(text)
  })
})

const WEATHER = {
  name: 'get_weather',
  parameters: object({ location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }),
}
const TIME = { name: 'get_time', parameters: object({ timezone: { type: 'string' } }) }
const user = (content: string) => ({ role: 'user' as const, content })
const params = (overrides: Partial<ToolParams> = {}): ToolParams => ({
  tools: [WEATHER, TIME],
  toolChoice: 'auto',
  parallelToolCalls: true,
  ...overrides,
})
const names = (calls: ReturnType<typeof planToolCalls>) => calls?.map((call) => call.name) ?? null

describe("planToolCalls: the suite's prompt conventions", () => {
  it('"auto" calls the tool the prompt names, and nothing when it names none', () => {
    expect(names(planToolCalls([user('Use the get_time tool for Tokyo.')], params()))).toEqual(['get_time'])
    expect(names(planToolCalls([user('Hello there.')], params()))).toBeNull()
    expect(names(planToolCalls([user('Call get_time, then get_weather.')], params()))).toEqual([
      'get_time',
      'get_weather',
    ])
  })

  it('"none" never calls; "required" calls the named tool or the first; a named choice calls that function', () => {
    expect(planToolCalls([user('Use the get_weather tool.')], params({ toolChoice: 'none' }))).toBeNull()
    expect(names(planToolCalls([user('Hello.')], params({ toolChoice: 'required' })))).toEqual(['get_weather'])
    expect(names(planToolCalls([user('Use get_time.')], params({ toolChoice: 'required' })))).toEqual(['get_time'])
    expect(
      names(planToolCalls([user('Use the get_weather tool.')], params({ toolChoice: { name: 'get_time' } }))),
    ).toEqual(['get_time'])
  })

  it('two calls when asked "twice" / "once for each", one with parallel_tool_calls false', () => {
    const prompt = [user('Call the get_weather tool twice, once for each city.')]
    expect(names(planToolCalls(prompt, params()))).toEqual(['get_weather', 'get_weather'])
    expect(names(planToolCalls(prompt, params({ parallelToolCalls: false })))).toEqual(['get_weather'])
  })

  it("arguments validate against the tool's parameters", () => {
    for (const call of planToolCalls([user('Call the get_weather tool twice.')], params()) ?? []) {
      expect(schemaErrorsAgainst(WEATHER.parameters, JSON.parse(call.arguments))).toEqual([])
      expect(call.argumentTokens.join('')).toBe(call.arguments)
    }
  })

  it('enforces the schema: a prompt asking for values the schema cannot hold still gets valid arguments', () => {
    const contact = {
      name: 'save_contact',
      parameters: object({
        name: { type: 'string' },
        age: { type: 'integer' },
        status: { type: 'string', enum: ['active', 'inactive'] },
      }),
    }
    const prompt =
      'Save this contact with the save_contact tool, exactly as written:\nname: Ada\nage: thirty-six\nstatus: retired\nemail: ada@example.com'
    const [call] = planToolCalls([user(prompt)], params({ tools: [contact], toolChoice: { name: 'save_contact' } }))!
    expect(schemaErrorsAgainst(contact.parameters, JSON.parse(call!.arguments))).toEqual([])
  })

  it('after tool results, "auto" answers with them; a forced choice still calls', () => {
    const messages = [
      user('Use get_weather.'),
      { role: 'assistant', content: null, tool_calls: [] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temperature": 27}' },
    ]
    expect(planToolCalls(messages, params())).toBeNull()
    expect(toolResultsReply(messages)).toBe('The tool returned: {"temperature": 27}')
    expect(names(planToolCalls(messages, params({ toolChoice: 'required' })))).toEqual(['get_weather'])
    expect(toolResultsReply([user('hi')])).toBeNull()
  })
})

describe('on the wire', () => {
  let server: ReferenceServer
  let client: OpenAI
  const model = REFERENCE_MODELS.chat!
  const TOOLS = [{ type: 'function' as const, function: { ...WEATHER, strict: true } }]

  beforeAll(async () => {
    server = await startReferenceServer({ apiKey: REFERENCE_API_KEY })
    client = new OpenAI({ baseURL: server.url, apiKey: REFERENCE_API_KEY, maxRetries: 0 })
  })
  afterAll(() => server.close())

  it('a tool call: content null, OpenAI-format ids, string arguments, finish "tool_calls"', async () => {
    const completion = await client.chat.completions.create({
      model,
      messages: [user('Call the get_weather tool twice, once for each city.')],
      tools: TOOLS,
    })
    const [choice] = completion.choices
    expect(choice!.finish_reason).toBe('tool_calls')
    expect(choice!.message.content).toBeNull()
    const calls = choice!.message.tool_calls!
    expect(calls).toHaveLength(2)
    for (const call of calls) {
      expect(call).toMatchObject({
        id: expect.stringMatching(/^call_[A-Za-z0-9]{24}$/),
        type: 'function',
        function: { name: 'get_weather', arguments: expect.any(String) },
      })
    }
    expect(new Set(calls.map((call) => call.id)).size).toBe(2)
  })

  it('a named tool_choice finishes with "stop", as OpenAI does', async () => {
    const completion = await client.chat.completions.create({
      model,
      messages: [user('Hi.')],
      tools: TOOLS,
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    })
    expect(completion.choices[0]!.finish_reason).toBe('stop')
    expect(completion.choices[0]!.message.tool_calls).toHaveLength(1)
  })

  it('streamed: the first fragment carries role, id, type, name and empty arguments; later ones only index and argument text', async () => {
    const stream = await client.chat.completions.create({
      model,
      messages: [user('Use get_weather.')],
      tools: TOOLS,
      stream: true,
    })
    const deltas: Record<string, any>[] = []
    for await (const chunk of stream)
      deltas.push({ ...chunk.choices[0]!.delta, finish_reason: chunk.choices[0]!.finish_reason })
    const [first, ...rest] = deltas
    expect(first).toMatchObject({
      role: 'assistant',
      content: null,
      refusal: null,
      tool_calls: [
        {
          index: 0,
          id: expect.stringMatching(/^call_/),
          type: 'function',
          function: { name: 'get_weather', arguments: '' },
        },
      ],
    })
    const pieces = rest.slice(0, -1)
    expect(pieces.length).toBeGreaterThan(1)
    for (const delta of pieces)
      expect(delta).toEqual({
        tool_calls: [{ index: 0, function: { arguments: expect.any(String) } }],
        finish_reason: null,
      })
    expect(deltas.at(-1)).toEqual({ finish_reason: 'tool_calls' })
    const args = JSON.parse(pieces.map((delta) => delta.tool_calls[0].function.arguments).join(''))
    expect(schemaErrorsAgainst(WEATHER.parameters, args)).toEqual([])
  })

  it('json_schema: compact JSON that validates, streamed in several chunks', async () => {
    const schema = SCHEMAS['nested objects and arrays of objects']!
    const response_format = { type: 'json_schema' as const, json_schema: { name: 'book', strict: true, schema } }
    const completion = await client.chat.completions.create({ model, messages: [user('A book.')], response_format })
    expect(schemaErrorsAgainst(schema, JSON.parse(completion.choices[0]!.message.content!))).toEqual([])
    const stream = await client.chat.completions.create({
      model,
      messages: [user('A book.')],
      response_format,
      stream: true,
    })
    const pieces: string[] = []
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) pieces.push(chunk.choices[0].delta.content)
    expect(pieces.length).toBeGreaterThan(5)
    expect(schemaErrorsAgainst(schema, JSON.parse(pieces.join('')))).toEqual([])
  })

  it('json_object: a JSON object', async () => {
    const completion = await client.chat.completions.create({
      model,
      messages: [user('Reply with exactly: hi. Answer in JSON.')],
      response_format: { type: 'json_object' },
    })
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ answer: 'hi' })
  })

  it.each([
    [
      'the vendor dialect of response_format',
      { response_format: { type: 'json_schema', schema: { type: 'object' } } },
      "Missing required parameter: 'response_format.json_schema'.",
    ],
    ['tool_choice without tools', { tool_choice: 'auto' }, "'tool_choice' is only allowed when 'tools' are specified"],
    [
      'a named tool_choice not among the tools',
      { tools: TOOLS, tool_choice: { type: 'function', function: { name: 'get_time' } } },
      "function 'get_time' is not one of the functions in 'tools'",
    ],
    [
      'a function name with spaces',
      { tools: [{ type: 'function', function: { name: 'get weather' } }] },
      'string does not match pattern',
    ],
  ])('rejects %s with 400, as OpenAI does', async (_what, extra, message) => {
    const error = await client.chat.completions
      .create({ model, messages: [user('Hi.')], ...extra } as never)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.BadRequestError)
    expect((error as Error).message).toContain(message)
  })
})

describe('the tools and structured suites on the compliant reference', () => {
  it('pass with zero fails, warnings or skips', async () => {
    const server = await startReferenceServer({ apiKey: REFERENCE_API_KEY })
    try {
      const results = await runCases({
        baseURL: server.url,
        apiKey: REFERENCE_API_KEY,
        models: REFERENCE_MODELS,
        suites: [tools, structured],
      })
      const notPassed = outcomes(results).filter((o) => o.status !== 'pass')
      expect(notPassed.map((o) => `${o.case} ${o.id} ${o.status}: ${o.message}`)).toEqual([])
    } finally {
      await server.close()
    }
  })
})
