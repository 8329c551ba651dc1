/**
 * `schemas/openai.validators.cjs` (src/spec/precompiled.ts): the precompiled validators judge
 * every value as the validators ajv compiles from the bundle do, errors, pruning and absent
 * nullable members alike. That the file is what `npm run schemas:record` writes from the
 * bundle is proven with the other recorded files (spec.test.ts).
 */
import { describe, expect, test } from 'vitest'
import { listRecordings, loadRecording } from '../../src/formats/recordings.ts'
import { loadBundle, type SchemaBundle } from '../../src/spec/bundle.ts'
import { loadPrecompiledValidators, precompiledPointers } from '../../src/spec/precompiled.ts'
import { schemaPointer } from '../../src/spec/pointer.ts'
import { compileBundle } from '../../src/spec/schemas.ts'
import { HAVE_RECORDINGS, HAVE_SPEC, loadSpec } from './support/shared.ts'
import { componentExamples, parseExample } from './support/spec-examples.ts'
import { operationFor, responsePayloads } from './support/traffic.ts'

const bundle = loadBundle()
const pointers = precompiledPointers(bundle)
const precompiled = loadPrecompiledValidators(bundle)
const compiledAhead = compileBundle(bundle, precompiled)
const compiledNow = compileBundle(bundle)

/** Values to judge at a pointer: real traffic and the spec's examples where there are some, and their damaged copies. */
function samples(): { pointer: string; value: unknown }[] {
  const found: { pointer: string; value: unknown }[] = []
  if (HAVE_RECORDINGS) {
    for (const file of listRecordings()) {
      const recording = loadRecording(file)
      found.push(...responsePayloads(recording).map(({ pointer, value }) => ({ pointer, value })))
      const request = operationFor(recording).requestSchema
      if (request) found.push({ pointer: request, value: recording.request.body })
    }
  }
  if (HAVE_SPEC) {
    const names = Object.keys(bundle.components.schemas)
    for (const example of componentExamples(loadSpec(), names)) {
      const parsed = parseExample(example.text!)
      const values = parsed.kind === 'json' ? [parsed.value] : parsed.kind === 'stream' ? parsed.values : []
      for (const value of values) found.push({ pointer: schemaPointer(example.component!), value })
    }
  }
  return found.flatMap(({ pointer, value }) => [value, ...damaged(value)].map((v) => ({ pointer, value: v })))
}

/** Copies of a value with each member (to the second level) left out, nulled, or of another type. */
function damaged(value: unknown, depth = 0): unknown[] {
  if (typeof value !== 'object' || value === null || depth > 1) return []
  const copies: unknown[] = []
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key]
    const { [key]: _left, ...without } = value as Record<string, unknown>
    if (!Array.isArray(value)) copies.push(without)
    for (const other of [null, 12345, 'x', [], {}, ...damaged(member, depth + 1)])
      copies.push(
        Array.isArray(value) ? value.map((v, i) => (String(i) === key ? other : v)) : { ...value, [key]: other },
      )
  }
  return copies
}

describe('precompiled validators of the recorded bundle', () => {
  test('are there for every schema of the bundle, and are used by the recorded validation', () => {
    expect(precompiled).toBeDefined()
    expect(pointers.length).toBeGreaterThan(50)
    for (const pointer of pointers) expect(precompiled!.validator(pointer), pointer).toBeTypeOf('function')
    expect(precompiled!.validator('#/components/schemas/NoSuchSchema')).toBeUndefined()
    // What a missing member's schema allows is known for the members of required lists.
    expect(precompiled!.acceptsNull('#/components/schemas/ChatCompletionResponseMessage/properties/refusal')).toBe(true)
    expect(precompiled!.acceptsNull('#/components/schemas/ChatCompletionResponseMessage/properties/role')).toBe(false)
  })

  test('are not used for another bundle', () => {
    const other: SchemaBundle = { ...bundle, components: { schemas: { ...bundle.components.schemas, Extra: {} } } }
    expect(loadPrecompiledValidators(other)).toBeUndefined()
  })

  test('judge every value as compiled validators do', () => {
    const basic = pointers.flatMap((pointer) => [null, {}, [], 'x', 0, true].map((value) => ({ pointer, value })))
    const all = [...basic, ...samples()]
    expect(all.length).toBeGreaterThan(basic.length)
    let failing = 0
    for (const { pointer, value } of all) {
      const now = compiledNow.schemaJudgementAt(pointer, value)
      expect(compiledAhead.schemaJudgementAt(pointer, value), pointer).toEqual(now)
      if (now.errors.length + now.absentNulls.length > 0) failing++
    }
    // The damaged copies exercise errors, not only the happy path.
    expect(failing).toBeGreaterThan(all.length / 4)
  })
})
