/**
 * Record-time transformations on small inputs: normalisation, discriminators, errata,
 * extraction, SOURCE.md. Each output is also compiled with the strict bundle options, so
 * "normalised" means "ajv strict accepts it", not only "looks right".
 */
import { describe, expect, test } from 'vitest'
import { BUNDLE_AJV_OPTIONS, createAjv } from '../../src/spec/ajv.ts'
import {
  createDiscriminatorLog,
  discriminatorProblem,
  settleDiscriminators,
} from '../../src/spec/record/discriminators.ts'
import { applyErratum } from '../../src/spec/record/errata.ts'
import { collectClosure, extractOperations, type OpenApiDocument } from '../../src/spec/record/extract.ts'
import {
  createNormaliseLog,
  describeNormalisations,
  makeNullable,
  normaliseComponent,
  normaliseSchema,
} from '../../src/spec/record/normalise.ts'
import { parseSourceMd } from '../../src/spec/record/source.ts'
import type { SchemaNode } from '../../src/spec/record/walk.ts'

/** Compiles `schema` in strict mode (with `defs` as `$defs` for refs) and returns a validity predicate. */
function strictValidator(schema: SchemaNode, defs: Record<string, unknown> = {}): (value: unknown) => boolean {
  const ajv = createAjv(BUNDLE_AJV_OPTIONS)
  const validate = ajv.compile({ ...(typeof schema === 'boolean' ? {} : schema), $defs: defs })
  return (value) => validate(value) as boolean
}

describe('nullable', () => {
  test('with a type: null joins the type', () => {
    const out = normaliseSchema({ type: 'string', nullable: true, description: 'd' })
    expect(out).toEqual({ type: ['string', 'null'], description: 'd' })
    const valid = strictValidator(out)
    expect([valid('a'), valid(null), valid(1)]).toEqual([true, true, false])
  })

  test('with an enum: null joins the enum too, or the enum would still reject it', () => {
    const out = normaliseSchema({ type: 'string', enum: ['stop', 'length'], nullable: true })
    expect(out).toEqual({ type: ['string', 'null'], enum: ['stop', 'length', null] })
    const valid = strictValidator(out)
    expect([valid('stop'), valid(null), valid('other')]).toEqual([true, true, false])
  })

  test('with a $ref: wrapped in anyOf with null, annotations on the wrapper', () => {
    const out = normaliseSchema({ $ref: '#/$defs/Usage', nullable: true, description: 'usage or null' })
    expect(out).toEqual({ anyOf: [{ $ref: '#/$defs/Usage' }, { type: 'null' }], description: 'usage or null' })
    const valid = strictValidator(out, {
      Usage: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } },
    })
    expect([valid({ n: 1 }), valid(null), valid({}), valid(1)]).toEqual([true, true, false, false])
  })

  test('with allOf (and a type): wrapped, because the allOf would still reject null', () => {
    const out = normaliseSchema({ type: 'object', allOf: [{ $ref: '#/$defs/A' }], nullable: true })
    expect(out).toEqual({ anyOf: [{ type: 'object', allOf: [{ $ref: '#/$defs/A' }] }, { type: 'null' }] })
    const valid = strictValidator(out, {
      A: { type: 'object', required: ['a'], properties: { a: { type: 'string' } } },
    })
    expect([valid({ a: 'x' }), valid(null), valid({})]).toEqual([true, true, false])
  })

  test('with no type and no composition: nothing to add (null already passes)', () => {
    expect(normaliseSchema({ description: 'anything', nullable: true })).toEqual({ description: 'anything' })
  })

  test('a const becomes an enum with null', () => {
    expect(makeNullable({ type: 'string', const: 'auto' })).toEqual({ type: ['string', 'null'], enum: ['auto', null] })
  })

  test('nullable: false is dropped; a type that already has null is left alone', () => {
    expect(normaliseSchema({ type: 'string', nullable: false })).toEqual({ type: 'string' })
    expect(normaliseSchema({ type: ['string', 'null'], nullable: true })).toEqual({ type: ['string', 'null'] })
  })

  test('inside properties, items and anyOf branches', () => {
    const out = normaliseSchema({
      type: 'object',
      properties: { a: { type: 'array', items: { type: 'integer', nullable: true } } },
      anyOf: [{ type: 'object', properties: { b: { type: 'number', nullable: true } } }],
    })
    expect(out).toEqual({
      type: 'object',
      properties: { a: { type: 'array', items: { type: ['integer', 'null'] } } },
      anyOf: [{ type: 'object', properties: { b: { type: ['number', 'null'] } } }],
    })
  })
})

describe('extensions, examples and formats', () => {
  test('x-* keywords are dropped at every level, but a property named x-foo is data and stays', () => {
    const out = normaliseSchema({
      type: 'object',
      'x-oaiMeta': { name: 'n' },
      properties: {
        'x-foo': { type: 'string', 'x-stainless-const': true },
        nullable: { type: 'boolean' },
      },
      required: ['x-foo'],
    })
    expect(out).toEqual({
      type: 'object',
      properties: { 'x-foo': { type: 'string' }, nullable: { type: 'boolean' } },
      required: ['x-foo'],
    })
    strictValidator(out)
  })

  test('enum and default values are data, never rewritten', () => {
    const out = normaliseSchema({ type: 'object', default: { nullable: true, 'x-a': 1 }, properties: {} })
    expect(out).toEqual({ type: 'object', default: { nullable: true, 'x-a': 1 }, properties: {} })
  })

  test('example is dropped (not 2020-12), examples kept when an array', () => {
    expect(normaliseSchema({ type: 'number', example: 1, examples: [1, 2] })).toEqual({
      type: 'number',
      examples: [1, 2],
    })
    expect(normaliseSchema({ type: 'number', examples: 1 })).toEqual({ type: 'number' })
  })

  test('unknown formats are dropped with the type kept; ajv-formats ones stay', () => {
    const log = createNormaliseLog()
    const out = normaliseSchema(
      {
        type: 'object',
        properties: {
          created: { type: 'integer', format: 'unixtime' },
          url: { type: 'string', format: 'uri' },
          audio: { type: 'string', format: 'binary' },
        },
      },
      log,
    )
    expect(out).toEqual({
      type: 'object',
      properties: {
        created: { type: 'integer' },
        url: { type: 'string', format: 'uri' },
        audio: { type: 'string', format: 'binary' },
      },
    })
    const valid = strictValidator(out)
    expect([valid({ created: 1 }), valid({ created: 1.5 }), valid({ url: 'not a uri' })]).toEqual([true, false, false])
    expect(describeNormalisations(log)).toEqual(['formats unknown to ajv-formats dropped, type kept: unixtime (1x)'])
  })

  test('a component with properties but no type becomes an object (else any string would pass)', () => {
    const log = createNormaliseLog()
    const out = normaliseComponent('Model', { properties: { id: { type: 'string' } }, required: ['id'] }, log)
    expect(out).toEqual({ type: 'object', properties: { id: { type: 'string' } }, required: ['id'] })
    expect(strictValidator(out)('gpt-4o')).toBe(false)
    expect(log.objectTyped).toEqual(['Model'])
    // Only at the top of a component, and not where composition decides the type.
    expect(normaliseComponent('X', { anyOf: [{ type: 'string' }], properties: {} })).not.toHaveProperty('type')
  })

  test('the input is not changed', () => {
    const input = { type: 'string', nullable: true, 'x-a': 1 }
    normaliseSchema(input)
    expect(input).toEqual({ type: 'string', nullable: true, 'x-a': 1 })
  })
})

describe('discriminator', () => {
  const defs = {
    Fn: {
      type: 'object',
      properties: { type: { type: 'string', enum: ['function'] }, name: { type: 'string' } },
      required: ['type', 'name'],
    },
    Custom: {
      type: 'object',
      properties: { type: { type: 'string', enum: ['custom'] }, input: { type: 'string' } },
      required: ['type', 'input'],
    },
    Untyped: { properties: { type: { type: 'string', enum: ['untyped'] } }, required: ['type'] },
    Optional: { type: 'object', properties: { type: { type: 'string', enum: ['optional'] } } },
  }
  const resolve = (ref: string): unknown => defs[ref.replace('#/$defs/', '') as keyof typeof defs]
  const union = (keyword: 'oneOf' | 'anyOf', ...names: string[]) => ({
    [keyword]: names.map((n) => ({ $ref: `#/$defs/${n}` })),
    discriminator: { propertyName: 'type' },
  })

  test('kept on a valid oneOf, with type: object added, and same verdicts as the plain oneOf', () => {
    const log = createDiscriminatorLog()
    const out = settleDiscriminators(union('oneOf', 'Fn', 'Custom'), resolve, log)
    expect(out).toEqual({ type: 'object', ...union('oneOf', 'Fn', 'Custom') })
    expect(log.kept).toBe(1)
    const valid = strictValidator(out, defs)
    expect([
      valid({ type: 'function', name: 'f' }),
      valid({ type: 'custom', input: 'i' }),
      valid({ type: 'function', input: 'i' }),
      valid({ type: 'other' }),
      valid('a string'),
    ]).toEqual([true, true, false, false, false])
  })

  test('an anyOf with disjoint required tags becomes a oneOf (same values accepted)', () => {
    const log = createDiscriminatorLog()
    const out = settleDiscriminators(union('anyOf', 'Fn', 'Custom'), resolve, log)
    expect(out).toEqual({ type: 'object', ...union('oneOf', 'Fn', 'Custom') })
    expect(log.fromAnyOf).toBe(1)
  })

  test.each([
    ['a branch that is not type object', union('oneOf', 'Fn', 'Untyped'), 'a branch is not type object'],
    ['a tag that is not required', union('oneOf', 'Fn', 'Optional'), "'type' is not required"],
    ['a mapping', { ...union('oneOf', 'Fn'), discriminator: { propertyName: 'type', mapping: {} } }, 'has a mapping'],
    [
      'an allOf',
      { allOf: [{ $ref: '#/$defs/Fn' }], discriminator: { propertyName: 'type' } },
      'no oneOf (anyOf or allOf instead)',
    ],
    ['a duplicate tag', union('oneOf', 'Fn', 'Fn'), "'type' values are not unique strings"],
  ])('dropped for %s, leaving the oneOf/anyOf to decide', (_name, node, reason) => {
    expect(discriminatorProblem(node, resolve)).toBe(reason)
    const log = createDiscriminatorLog()
    const out = settleDiscriminators(node, resolve, log)
    expect(out).not.toHaveProperty('discriminator')
    expect([...log.dropped.keys()]).toEqual([reason])
  })
})

describe('errata', () => {
  const schemas = () => ({
    Choice: {
      type: 'object',
      properties: { logprobs: { type: ['object', 'null'] }, fp: { type: 'string', description: 'd' } },
      required: ['logprobs', 'index'],
    },
  })

  test('drop-required removes exactly that property', () => {
    const s = schemas()
    applyErratum(s, {
      schema: 'Choice',
      pointer: '',
      change: { kind: 'drop-required', property: 'logprobs' },
      reason: 'r',
      evidence: [],
    })
    expect(s.Choice.required).toEqual(['index'])
  })

  test('allow-null and also-accept change only the node at the pointer', () => {
    const s: Record<string, unknown> = schemas()
    applyErratum(s, {
      schema: 'Choice',
      pointer: '/properties/fp',
      change: { kind: 'allow-null' },
      reason: 'r',
      evidence: [],
    })
    expect((s.Choice as { properties: object }).properties).toEqual({
      logprobs: { type: ['object', 'null'] },
      fp: { type: ['string', 'null'], description: 'd' },
    })
    applyErratum(s, {
      schema: 'Choice',
      pointer: '/properties/fp',
      change: { kind: 'also-accept', schema: { type: 'integer' }, label: 'an integer' },
      reason: 'r',
      evidence: [],
    })
    expect((s.Choice as { properties: { fp: unknown } }).properties.fp).toEqual({
      anyOf: [{ type: ['string', 'null'] }, { type: 'integer' }],
      description: 'd',
    })
  })

  test('a stale erratum (spec fixed, pointer moved) fails the recording instead of lingering', () => {
    const base = { reason: 'r', evidence: [] }
    expect(() =>
      applyErratum(schemas(), {
        ...base,
        schema: 'Choice',
        pointer: '',
        change: { kind: 'drop-required', property: 'fp' },
      }),
    ).toThrow(/not required there/)
    expect(() =>
      applyErratum(schemas(), {
        ...base,
        schema: 'Choice',
        pointer: '/properties/logprobs',
        change: { kind: 'allow-null' },
      }),
    ).toThrow(/already accepts null/)
    expect(() =>
      applyErratum(schemas(), {
        ...base,
        schema: 'Choice',
        pointer: '/properties/gone',
        change: { kind: 'allow-null' },
      }),
    ).toThrow(/no schema object/)
    expect(() =>
      applyErratum(schemas(), { ...base, schema: 'Nope', pointer: '', change: { kind: 'allow-null' } }),
    ).toThrow(/not recorded/)
  })
})

describe('extraction', () => {
  const doc: OpenApiDocument = {
    openapi: '3.1.0',
    info: { version: '1' },
    paths: {
      '/things/{id}': {
        parameters: [],
        get: {
          operationId: 'getThing',
          responses: {
            '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
            '429': { $ref: '#/components/responses/TooMany' },
          },
        },
        post: {
          operationId: 'putThing',
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          responses: {
            '200': { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
          },
        },
      },
    },
    components: {
      schemas: {
        Thing: { type: 'object', properties: { part: { $ref: '#/components/schemas/Part' } } },
        Part: { type: 'object', properties: { self: { $ref: '#/components/schemas/Part' } } },
        Err: { type: 'object' },
        Unused: { type: 'object' },
      },
      responses: { TooMany: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Err' } } } } },
    },
  }

  test('the closure follows $refs transitively (cycles included) and nothing else', () => {
    expect(collectClosure(doc, ['Thing'])).toEqual(['Part', 'Thing'])
    expect(() => collectClosure(doc, ['Missing'])).toThrow(/no component schema 'Missing'/)
  })

  test('operations: method, path, request, responses through component responses, inline schemas to $defs', () => {
    const { operations, inlineSchemas } = extractOperations(doc, ['getThing', 'putThing'])
    expect(operations).toEqual([
      {
        operationId: 'getThing',
        method: 'GET',
        path: '/things/{id}',
        responses: {
          '200': { 'application/json': '#/components/schemas/Thing' },
          '429': { 'application/json': '#/components/schemas/Err' },
        },
      },
      {
        operationId: 'putThing',
        method: 'POST',
        path: '/things/{id}',
        requestSchema: '#/components/schemas/Thing',
        responses: { '200': { 'application/octet-stream': '#/$defs/putThing-200-application-octet-stream' } },
      },
    ])
    expect(inlineSchemas).toEqual({ 'putThing-200-application-octet-stream': { type: 'string', format: 'binary' } })
    expect(() => extractOperations(doc, ['nope'])).toThrow(/not in the spec/)
  })
})

describe('SOURCE.md', () => {
  test('repository, file, commit and date are read; a missing line is an error', () => {
    const md = [
      '# Source of openapi.yaml',
      '',
      '- Repository: github.com/openai/openai-openapi, file `openapi.yaml` (OpenAPI 3.1, spec `info.version` 2.3.0)',
      '- Commit: f85dbe223d40e1a31cba812ab2d755c7e98a92a3 (2026-08-21T20:48:10+00:00)',
    ].join('\n')
    expect(parseSourceMd(md)).toEqual({
      repository: 'github.com/openai/openai-openapi',
      file: 'openapi.yaml',
      commit: 'f85dbe223d40e1a31cba812ab2d755c7e98a92a3',
      commitDate: '2026-08-21T20:48:10+00:00',
    })
    expect(() => parseSourceMd('- Repository: x')).toThrow(/SOURCE.md/)
  })
})
