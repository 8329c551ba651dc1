/**
 * Errata: where OpenAI's own traffic contradicts the recorded spec, the smallest change
 * that makes the traffic valid, applied at record time. Each entry names the recordings
 * (`shared/real-traffic/`) that prove it; `test/schemas/real-traffic.test.ts` checks that
 * every entry is still needed (its evidence fails without it), and `applyErratum` throws
 * when one no longer applies.
 *
 * Never add an erratum without evidence from real OpenAI traffic, and never relax more
 * than the evidence shows.
 */
import type { Erratum, ErratumChange } from '../types.ts'
import { getAtPointer, parsePointer, toPointer } from '../pointer.ts'
import { makeNullable, withAlternative } from './normalise.ts'
import { isSchemaObject } from './walk.ts'

export const ERRATA: readonly Erratum[] = [
  {
    schema: 'CreateChatCompletionResponse',
    pointer: '/properties/choices/items',
    change: { kind: 'drop-required', property: 'logprobs' },
    reason:
      'The spec requires choices[].logprobs (nullable), but OpenAI omits the key for some models ' +
      '(gpt-5-nano here); other recordings send "logprobs": null.',
    evidence: ['openai__chat-completions__nonstream__02.json'],
    references: ['https://github.com/openai/openai-openapi/issues/433'],
  },
  {
    schema: 'CreateChatCompletionResponse',
    pointer: '/properties/system_fingerprint',
    change: { kind: 'allow-null' },
    reason: 'The spec types system_fingerprint as a string; OpenAI sends null (gpt-5 family).',
    evidence: ['openai__chat-completions__nonstream__02.json'],
    references: [
      'https://github.com/openai/openai-node/pull/1525 (maintainer: "the API can return system_fingerprint: null")',
    ],
  },
  {
    schema: 'CreateChatCompletionStreamResponse',
    pointer: '/properties/system_fingerprint',
    change: { kind: 'allow-null' },
    reason: 'As for the non-streamed response: every chunk carries "system_fingerprint": null (gpt-5-mini).',
    evidence: ['openai__chat-completions__stream-include_usage__01.json'],
    references: ['https://github.com/openai/openai-node/pull/1525'],
  },
  {
    schema: 'Embedding',
    pointer: '/properties/embedding',
    change: { kind: 'also-accept', schema: { type: 'string', format: 'byte' }, label: 'a base64 string' },
    reason:
      'The spec allows only an array of floats, but with encoding_format: "base64" (the openai SDKs\' ' +
      'default) OpenAI returns the vector as a base64 string. Whether the form matches the request is ' +
      'for a check to judge; the schema cannot see the request.',
    evidence: ['openai__embeddings__nonstream-enc-base64-dimensions__01.json'],
    references: ['https://github.com/openai/openai-openapi/issues/424'],
  },
]

/** `drop 'logprobs' from required`, for PROVENANCE and the README. */
export function describeChange(change: ErratumChange): string {
  switch (change.kind) {
    case 'drop-required':
      return `drop '${change.property}' from required`
    case 'allow-null':
      return 'also accept null'
    case 'also-accept':
      return `also accept ${change.label}`
  }
}

/**
 * Applies `erratum` to `schemas` (component name -> normalised schema) in place.
 * Throws when it no longer applies (the spec was fixed, or the pointer moved), so a stale
 * erratum fails the recording instead of lingering.
 */
export function applyErratum(schemas: Record<string, unknown>, erratum: Erratum): void {
  const where = `erratum ${erratum.schema}${erratum.pointer}`
  const root = schemas[erratum.schema]
  if (root === undefined) throw new Error(`${where}: schema not recorded`)
  const node = getAtPointer(root, erratum.pointer)
  if (!isSchemaObject(node)) throw new Error(`${where}: no schema object at the pointer`)
  const { change } = erratum
  switch (change.kind) {
    case 'drop-required': {
      const required = node.required
      if (!Array.isArray(required) || !required.includes(change.property)) {
        throw new Error(`${where}: '${change.property}' is not required there (spec fixed?)`)
      }
      node.required = required.filter((p) => p !== change.property)
      return
    }
    case 'allow-null': {
      const nullable = makeNullable(node)
      if (JSON.stringify(nullable) === JSON.stringify(node))
        throw new Error(`${where}: already accepts null (spec fixed?)`)
      replaceAt(schemas, erratum.schema, erratum.pointer, nullable)
      return
    }
    case 'also-accept':
      replaceAt(schemas, erratum.schema, erratum.pointer, withAlternative(node, change.schema))
      return
  }
}

function replaceAt(schemas: Record<string, unknown>, name: string, pointer: string, value: unknown): void {
  const tokens = parsePointer(pointer) ?? []
  if (tokens.length === 0) {
    schemas[name] = value
    return
  }
  const last = tokens.pop() as string
  const parent = getAtPointer(schemas[name], toPointer(tokens))
  ;(parent as Record<string, unknown>)[last] = value
}
