/**
 * Against the spec itself (`../shared/openai-openapi/`): the committed files are what the
 * script writes, and the spec's own examples validate, except the ones listed as wrong.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { formatSchemaErrors } from '../../src/spec/errors.ts'
import { getOperation, schemaNames, schemaPointer, schemaErrorsAt } from '../../src/spec/index.ts'
import { loadProvenance, SCHEMAS_DIR } from '../../src/spec/bundle.ts'
import { OUTPUT_FILES, renderSchemaFiles } from '../../src/spec/record/outputs.ts'
import { RECORDED_OPERATIONS } from '../../src/spec/record/roots.ts'
import { HAVE_SPEC, loadSpec, loadSpecSource, NO_SHARED } from './support/shared.ts'
import { componentExamples, operationExamples, parseExample, type SpecExample } from './support/spec-examples.ts'

/**
 * Spec examples that contradict the spec's own schemas, with the exact errors expected
 * (so an entry goes stale loudly when the spec or the normalisation changes).
 */
const KNOWN_BAD: Record<string, { reason: string; errors: string[] }> = {
  'createChatCompletion#3 Functions': {
    reason: "message has no 'refusal', which ChatCompletionResponseMessage requires (nullable)",
    errors: ["at /choices/0/message: must have required property 'refusal'"],
  },
  'createChatCompletion#4 Logprobs': {
    reason: "message and logprobs have no 'refusal'; both schemas require it (nullable)",
    errors: [
      "at /choices/0/message: must have required property 'refusal'",
      "at /choices/0/logprobs: must have required property 'refusal'",
      'at /choices/0/logprobs: must match a schema in anyOf',
    ],
  },
  'createImage#1 Streaming': {
    reason:
      'the events have none of created_at, size, quality, background, output_format, which ImageGen*Event require',
    errors: ['event 0', 'event 1'].flatMap((event) =>
      ['created_at', 'size', 'quality', 'background', 'output_format'].map(
        (p) => `${event}: at (root): must have required property '${p}'`,
      ),
    ),
  },
}

/** Examples that cannot be validated, and why (each asserted to still be so). */
const UNUSABLE: Record<string, string> = {
  'createSpeech#0 Default': 'no response example: the body is binary audio',
  'createSpeech#1 SSE Stream Format': 'no response example (the stream events have component examples)',
  'listModels#0': 'not JSON: trailing comma after the last model',
  'createEmbedding#0': 'not JSON: the floats are elided with "...."',
  'component Embedding': 'not JSON: the floats are elided with "...."',
}

/** For an operation example: the 200 schema for its form (JSON body or stream events). */
function examplePointer(example: SpecExample, kind: 'json' | 'stream'): string {
  if (example.component !== undefined) return schemaPointer(example.component)
  const byType = getOperation(example.operationId!)?.responses['200'] ?? {}
  const pointer = byType[kind === 'json' ? 'application/json' : 'text/event-stream']
  if (pointer === undefined) throw new Error(`${example.id}: no 200 ${kind} schema`)
  return pointer
}

/** Errors of every value the example holds (one JSON body, or each stream event, prefixed `event i: `). */
function exampleErrors(example: SpecExample): string[] | { unusable: string } {
  if (example.text === undefined) return { unusable: 'no response text' }
  const parsed = parseExample(example.text)
  if (parsed.kind === 'not-json') return { unusable: parsed.error }
  const values = parsed.kind === 'json' ? [parsed.value] : parsed.values
  const pointer = examplePointer(example, parsed.kind)
  return values.flatMap((value, i) =>
    schemaErrorsAt(pointer, value).map(
      (e) => `${parsed.kind === 'stream' ? `event ${i}: ` : ''}${formatSchemaErrors([e])}`,
    ),
  )
}

describe.skipIf(!HAVE_SPEC)(`the spec (${NO_SHARED})`, () => {
  const doc = HAVE_SPEC ? loadSpec() : undefined
  const examples = doc ? [...operationExamples(doc, RECORDED_OPERATIONS), ...componentExamples(doc, schemaNames())] : []

  test('schemas/ holds exactly what `npm run schemas:record` writes from it', () => {
    const committed = loadProvenance()
    expect(committed.source, 'recorded from another commit than ../shared/openai-openapi: re-record').toEqual(
      loadSpecSource(),
    )
    const files = renderSchemaFiles({
      doc: doc!,
      source: committed.source,
      recordedFrom: committed.recordedFrom,
      recordedAt: committed.recordedAt,
    })
    for (const name of OUTPUT_FILES) {
      const onDisk = readFileSync(new URL(name, SCHEMAS_DIR), 'utf8')
      expect(files[name] === onDisk, `schemas/${name} is stale: run npm run schemas:record`).toBe(true)
    }
  })

  test('every example is validated, listed as wrong, or listed as unusable', () => {
    const ids = examples.map((e) => e.id)
    expect(ids.length).toBeGreaterThan(10)
    expect(ids).toEqual(expect.arrayContaining([...Object.keys(KNOWN_BAD), ...Object.keys(UNUSABLE)]))
  })

  test.each(examples.map((e) => [e.id, e] as const))('example %s', (id, example) => {
    const result = exampleErrors(example)
    if (id in UNUSABLE) {
      expect(result, `${id} is usable now: remove it from UNUSABLE`).toHaveProperty('unusable')
      return
    }
    if (!Array.isArray(result)) throw new Error(`${id}: ${result.unusable}`)
    const bad = KNOWN_BAD[id]
    expect(result).toEqual(bad?.errors ?? [])
  })
})
