/**
 * The committed bundle and the runtime API over it: strict compilation, roots and
 * operations present, pointers, readable errors, ad-hoc validation. Needs only `schemas/`.
 */
import { describe, expect, test } from 'vitest'
import { loadBundle } from '../../src/spec/bundle.ts'
import { formatSchemaErrors } from '../../src/spec/errors.ts'
import {
  getOperation,
  resolvePointer,
  schemaNames,
  schemaPointer,
  specProvenance,
  schemaErrorsAgainst,
  schemaErrorsAt,
  schemaErrors,
  schemaJudgement,
} from '../../src/spec/index.ts'
import { absentNullFindings, schemaFindings, schemaFindingsIn } from '../../src/apis/shared/schema.ts'
import { compileEverySchema, operationPointers } from '../../src/spec/record/record.ts'
import { RECORDED_OPERATIONS, ROOT_SCHEMAS } from '../../src/spec/record/roots.ts'
import { loadProvenance } from '../../src/spec/bundle.ts'

const completion = () => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [
    { index: 0, message: { role: 'assistant', content: 'hi', refusal: null }, logprobs: null, finish_reason: 'stop' },
  ],
})

describe('the bundle', () => {
  test('every schema is valid 2020-12 and compiles in strict mode', () => {
    expect(() => compileEverySchema(loadBundle())).not.toThrow()
  })

  test('every root and every schema an operation points at is present', () => {
    expect(schemaNames()).toEqual(expect.arrayContaining([...ROOT_SCHEMAS]))
    for (const id of RECORDED_OPERATIONS) {
      const op = getOperation(id)
      expect(op, id).toBeDefined()
      for (const pointer of operationPointers(op!)) expect(resolvePointer(pointer), pointer).toBeTypeOf('object')
    }
  })

  test('no OpenAPI-only keyword is left', () => {
    const text = JSON.stringify(loadBundle())
    expect(text).not.toMatch(/"(nullable|example|x-[A-Za-z-]+)":/)
  })

  test('provenance names the source, commit, version and date', () => {
    const p = loadProvenance()
    expect(p.source.repository).toMatch(/openai-openapi/)
    expect(p.source.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(p.specVersion).not.toBe('')
    expect(p.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(p.roots).toEqual([...ROOT_SCHEMAS])
    expect(p.normalisations.length).toBeGreaterThan(0)
    expect(specProvenance()).toEqual({
      source: `${p.source.repository}/${p.source.file}`,
      commit: p.source.commit,
      version: p.specVersion,
      recordedAt: p.recordedAt,
    })
  })
})

describe('pointers and operations', () => {
  test('resolvePointer reaches components and deeper; undefined elsewhere', () => {
    expect(schemaPointer('Model')).toBe('#/components/schemas/Model')
    expect(resolvePointer('#/components/schemas/CreateChatCompletionResponse')).toMatchObject({ type: 'object' })
    expect(resolvePointer('#/components/schemas/CreateChatCompletionResponse/properties/usage')).toEqual({
      $ref: '#/components/schemas/CompletionUsage',
    })
    expect(resolvePointer('#/components/schemas/CreateChatCompletionResponse/required/0')).toBe('choices')
    expect(resolvePointer('#/components/schemas/NoSuchSchema')).toBeUndefined()
    expect(resolvePointer('not a pointer')).toBeUndefined()
  })

  test('getOperation', () => {
    expect(getOperation('retrieveModel')).toEqual({
      operationId: 'retrieveModel',
      method: 'GET',
      path: '/models/{model}',
      responses: { '200': { 'application/json': '#/components/schemas/Model' } },
    })
    expect(getOperation('createChatCompletion')?.responses['200']).toEqual({
      'application/json': '#/components/schemas/CreateChatCompletionResponse',
      'text/event-stream': '#/components/schemas/CreateChatCompletionStreamResponse',
    })
    expect(getOperation('toString')).toBeUndefined()
  })
})

describe('schemaErrors', () => {
  test('a valid value gives no errors', () => {
    expect(schemaErrors('CreateChatCompletionResponse', completion())).toEqual([])
  })

  test('a missing property: where and what, readably', () => {
    const value = completion()
    delete (value.choices[0] as { index?: number }).index
    expect(schemaErrors('CreateChatCompletionResponse', value)).toEqual([
      {
        path: '/choices/0',
        message: "must have required property 'index'",
        keyword: 'required',
        missing: { property: 'index', allowsNull: false },
      },
    ])
  })

  test('an enum error lists the allowed values', () => {
    const value = { ...completion(), object: 'chat.completion.chunk' }
    expect(schemaErrors('CreateChatCompletionResponse', value)).toEqual([
      { path: '/object', message: 'must be equal to one of the allowed values: "chat.completion"', keyword: 'enum' },
    ])
  })

  test('string-or-null: one error naming both types, not three', () => {
    const value = completion()
    ;(value.choices[0]!.message as { content: unknown }).content = 42
    expect(schemaErrors('CreateChatCompletionResponse', value)).toEqual([
      { path: '/choices/0/message/content', message: 'must be string or null', keyword: 'type' },
    ])
  })

  test('object-or-null failing inside the object: the deep error, without "must be null"', () => {
    const value = { ...completion(), choices: [{ ...completion().choices[0], logprobs: { content: [] } }] }
    const errors = schemaErrors('CreateChatCompletionResponse', value)
    expect(formatSchemaErrors(errors)).toBe(
      [
        "at /choices/0/logprobs: must have required property 'refusal'",
        'at /choices/0/logprobs: must match a schema in anyOf',
      ].join('\n'),
    )
  })

  test('a type list reads as alternatives', () => {
    const chunk = {
      id: 'c',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'm',
      choices: [{ index: 0, delta: {}, finish_reason: 5 }],
    }
    expect(schemaErrors('CreateChatCompletionStreamResponse', chunk)).toEqual([
      { path: '/choices/0/finish_reason', message: 'must be string or null', keyword: 'type' },
      {
        path: '/choices/0/finish_reason',
        message:
          'must be equal to one of the allowed values: "stop", "length", "tool_calls", "content_filter", "function_call", null',
        keyword: 'enum',
      },
    ])
  })

  test('a nullable $ref (usage) of the wrong type: one error', () => {
    const chunk = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: 5 }
    expect(schemaErrors('CreateChatCompletionStreamResponse', chunk)).toEqual([
      { path: '/usage', message: 'must be object or null', keyword: 'type' },
    ])
  })

  test('a discriminated union reports the selected branch only', () => {
    const calls = [{ id: 'c', type: 'function', function: { name: 'f' } }]
    expect(schemaErrors('ChatCompletionMessageToolCalls', calls)).toEqual([
      {
        path: '/0/function',
        message: "must have required property 'arguments'",
        keyword: 'required',
        missing: { property: 'arguments', allowsNull: false },
      },
    ])
    expect(schemaErrors('ChatCompletionMessageToolCalls', [{ id: 'c', type: 'nope' }])).toEqual([
      { path: '/0', message: 'value of tag "type" must be in oneOf (got "nope")', keyword: 'discriminator' },
    ])
    expect(schemaErrors('ChatCompletionMessageToolCalls', ['not an object'])).toEqual([
      { path: '/0', message: 'must be object', keyword: 'type' },
    ])
  })

  test('a Model that is not an object fails (the spec leaves out type: object; normalisation adds it)', () => {
    expect(schemaErrors('Model', 'gpt-4o')).toEqual([{ path: '', message: 'must be object', keyword: 'type' }])
  })

  test('an unknown schema name is a programming error', () => {
    expect(() => schemaErrors('NoSuchSchema', {})).toThrow(/no schema at #\/components\/schemas\/NoSuchSchema/)
  })

  test('schemaErrorsAt reaches inline operation schemas', () => {
    const pointer = getOperation('createSpeech')!.responses['200']!['application/octet-stream']!
    expect(schemaErrorsAt(pointer, 'bytes')).toEqual([])
    expect(schemaErrorsAt(pointer, 1)).toEqual([{ path: '', message: 'must be string', keyword: 'type' }])
  })
})

describe('schemaErrorsAgainst (ad-hoc schemas)', () => {
  const parameters = {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { enum: ['c', 'f'] } },
    required: ['city'],
    additionalProperties: false,
    'x-unknown-keyword': true,
  }

  test('plain JSON Schema, unknown keywords tolerated, errors readable', () => {
    expect(schemaErrorsAgainst(parameters, { city: 'Paris' })).toEqual([])
    expect(schemaErrorsAgainst(parameters, { unit: 'k', extra: 1 })).toEqual([
      { path: '', message: "must have required property 'city'", keyword: 'required' },
      { path: '', message: "must NOT have additional properties: 'extra'", keyword: 'additionalProperties' },
      { path: '/unit', message: 'must be equal to one of the allowed values: "c", "f"', keyword: 'enum' },
    ])
  })

  test('the same schema twice (also one with an $id) compiles once and keeps working', () => {
    const withId = { $id: 'urn:test:tool', type: 'integer' }
    expect(schemaErrorsAgainst(withId, 1)).toEqual([])
    expect(schemaErrorsAgainst({ ...withId }, 'x')).toHaveLength(1)
    expect(schemaErrorsAgainst({ $id: 'urn:test:tool', type: 'string' }, 'x')).toEqual([])
  })

  test('a schema that does not compile throws', () => {
    expect(() => schemaErrorsAgainst({ type: 'no-such-type' }, 1)).toThrow()
  })
})

describe('required members that may be null, left out', () => {
  const withoutRefusal = () => {
    const value = completion()
    delete (value.choices[0]!.message as { refusal?: unknown }).refusal
    return value
  }

  test('are told apart: no violation, one absent null', () => {
    const judgement = schemaJudgement('CreateChatCompletionResponse', withoutRefusal())
    expect(judgement.errors).toEqual([])
    expect(judgement.absentNulls).toEqual([
      {
        path: '/choices/0/message',
        message: "must have required property 'refusal'",
        keyword: 'required',
        missing: { property: 'refusal', allowsNull: true },
      },
    ])
  })

  test('a wrong type stays a violation', () => {
    const value = completion()
    ;(value.choices[0]!.message as { refusal: unknown }).refusal = 5
    expect(schemaJudgement('CreateChatCompletionResponse', value)).toEqual({
      errors: [{ path: '/choices/0/message/refusal', message: 'must be string or null', keyword: 'type' }],
      absentNulls: [],
    })
  })

  test('a required member that may not be null stays a violation', () => {
    const value = withoutRefusal()
    delete (value.choices[0]!.message as { role?: unknown }).role
    const judgement = schemaJudgement('CreateChatCompletionResponse', value)
    expect(judgement.errors).toEqual([
      {
        path: '/choices/0/message',
        message: "must have required property 'role'",
        keyword: 'required',
        missing: { property: 'role', allowsNull: false },
      },
    ])
    expect(judgement.absentNulls.map((e) => e.missing?.property)).toEqual(['refusal'])
  })

  test('inside a nullable object: the object is not failed for it ("must match a schema in anyOf" goes too)', () => {
    const value = { ...completion(), choices: [{ ...completion().choices[0], logprobs: { content: [] } }] }
    const judgement = schemaJudgement('CreateChatCompletionResponse', value)
    expect(judgement.errors).toEqual([])
    expect(judgement.absentNulls.map((e) => `${e.path} ${e.missing?.property}`)).toEqual([
      '/choices/0/logprobs refusal',
    ])
  })

  test('the findings: none from the schema check, one recommendation per member however often it is absent', () => {
    const value = withoutRefusal()
    value.choices.push({ ...structuredClone(value.choices[0]!), index: 1 })
    expect(schemaFindings('CreateChatCompletionResponse', value)).toEqual([])
    expect(absentNullFindings('CreateChatCompletionResponse', value)).toEqual([
      {
        message:
          '/choices/*/message/refusal is absent: the schema requires it and allows null, so send null explicitly (and in 1 more place)',
        at: '/choices/0/message',
      },
    ])
  })
})

describe('schema findings: one per distinct rule violated', () => {
  test('a missing member does not hide an invalid enum', () => {
    const value = completion() as Record<string, unknown>
    delete value.id
    ;(value.choices as Array<Record<string, unknown>>)[0]!.finish_reason = 'done'
    expect(schemaFindings('CreateChatCompletionResponse', value).map((f) => f.message)).toEqual([
      "CreateChatCompletionResponse: must have required property 'id'",
      expect.stringMatching(/^CreateChatCompletionResponse: must be equal to one of the allowed values/),
    ])
  })

  test('the same rule broken in many values is one finding that counts them; another rule in one of them is its own', () => {
    const chunk = (i: number) => ({
      object: 'chat.completion.chunk',
      created: 1,
      model: 'm',
      choices: [{ index: 0, delta: {}, finish_reason: i === 20 ? 'done' : null }],
    })
    const located = Array.from({ length: 30 }, (_, i) => ({ value: chunk(i), at: (p: string) => `chunk ${i} ${p}` }))
    expect(schemaFindingsIn('CreateChatCompletionStreamResponse', located).map((f) => [f.message, f.at])).toEqual([
      ["CreateChatCompletionStreamResponse: must have required property 'id' (and in 29 more places)", 'chunk 0 '],
      [expect.stringMatching(/allowed values/), 'chunk 20 /choices/0/finish_reason'],
    ])
  })
})
