/**
 * The spec's own examples: `x-oaiMeta.examples[].response` on operations and
 * `x-oaiMeta.example` on component schemas. They are text: usually JSON, sometimes a
 * stream (JSON objects separated by blank lines, with or without `event:`/`data:`
 * framing, `....` standing for elided chunks), sometimes JSON with elisions (not JSON).
 */
import { findOperation, type OpenApiDocument } from '../../../src/spec/record/extract.ts'

export interface SpecExample {
  /** Stable id for test names and the KNOWN_BAD table: `createChatCompletion#2 Streaming`, `component Model`. */
  id: string
  /** The operation's, or undefined for a component example. */
  operationId?: string
  /** The component's, for a component example. */
  component?: string
  /** Undefined when the example has no response (e.g. binary audio). */
  text: string | undefined
}

export type ParsedExample =
  | { kind: 'json'; value: unknown }
  | { kind: 'stream'; values: unknown[] }
  | { kind: 'not-json'; error: string }

export function operationExamples(doc: OpenApiDocument, operationIds: readonly string[]): SpecExample[] {
  return operationIds.flatMap((operationId) => {
    const found = findOperation(doc, operationId)
    if (found === undefined) throw new Error(`no operation ${operationId}`)
    const meta = found.operation['x-oaiMeta'] as { examples?: unknown } | undefined
    const list = Array.isArray(meta?.examples) ? meta.examples : meta?.examples === undefined ? [] : [meta.examples]
    return list.map(
      (example: { title?: string; response?: unknown }, i: number): SpecExample => ({
        id: `${operationId}#${i}${example.title ? ` ${example.title}` : ''}`,
        operationId,
        text: typeof example.response === 'string' ? example.response : undefined,
      }),
    )
  })
}

export function componentExamples(doc: OpenApiDocument, names: readonly string[]): SpecExample[] {
  return names.flatMap((name) => {
    const meta = (doc.components.schemas[name] as { 'x-oaiMeta'?: { example?: unknown } })['x-oaiMeta']
    return typeof meta?.example === 'string' ? [{ id: `component ${name}`, component: name, text: meta.example }] : []
  })
}

/** An elided chunk in a stream example: `....`, `...`. */
const ELISION = /^\.{3,}$/

export function parseExample(text: string): ParsedExample {
  try {
    return { kind: 'json', value: JSON.parse(text) }
  } catch (error) {
    const blocks = text
      .split(/\n\s*\n/)
      .map((block) =>
        block
          .split('\n')
          .filter((line) => !line.startsWith('event:'))
          .map((line) => line.replace(/^data: ?/, ''))
          .join('\n')
          .trim(),
      )
      .filter((block) => block !== '' && !ELISION.test(block))
    try {
      if (blocks.length < 2) throw error
      return { kind: 'stream', values: blocks.map((b) => JSON.parse(b)) }
    } catch {
      return { kind: 'not-json', error: (error as Error).message.split('\n')[0] ?? '' }
    }
  }
}
