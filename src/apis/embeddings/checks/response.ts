/**
 * `POST /embeddings` → `CreateEmbeddingResponse`: the envelope, one `Embedding` per input at
 * its input's index, and usage. Each check reads one rule; the schema check catches the rest.
 */
import { defineCheck, finding, skip } from '../../../core/define.ts'
import type { CheckContext, CheckResult, Finding } from '../../../core/types.ts'
import { successObject } from '../../shared/applicability.ts'
import { isPlainObject, show } from '../../shared/body.ts'
import { schemaFindings } from '../../shared/schema.ts'
import { embeddingItems, hasPositionalIndices, inputCount, wireRequest } from '../read.ts'
import { embeddingRef, RESPONSE, responseRef } from './spec.ts'

/** Runs `rule` on the non-empty `data` list of the answer, or skips when there is none. */
function onItems(ctx: CheckContext<unknown>, rule: (items: unknown[]) => CheckResult): CheckResult {
  const read = embeddingItems(ctx.exchange)
  return 'skip' in read ? read : rule(read.value.items)
}

export const responseSchema = defineCheck({
  id: 'embeddings.response.schema',
  title: 'The response validates against CreateEmbeddingResponse',
  level: 'required',
  spec: responseRef(),
  description:
    'The body of a successful embeddings request MUST validate against the recorded CreateEmbeddingResponse schema: {object, data: [Embedding, …], model, usage}.',
  run: ({ exchange }) => {
    const body = successObject(exchange)
    return 'skip' in body ? body : schemaFindings(RESPONSE, body.value)
  },
})

export const responseObject = defineCheck({
  id: 'embeddings.response.object',
  title: 'object is "list"',
  level: 'required',
  spec: responseRef('properties', 'object'),
  description: 'The object type of the answer MUST be the string "list".',
  run: ({ exchange }) => {
    const body = successObject(exchange)
    if ('skip' in body) return body
    const object = body.value.object
    return object === 'list'
      ? []
      : [finding(`object is ${show(object)}, expected "list"`, { at: '/object', actual: object })]
  },
})

export const dataCount = defineCheck({
  id: 'embeddings.data.count',
  title: 'One embedding per input',
  level: 'required',
  spec: responseRef('properties', 'data'),
  description:
    '`data` MUST hold one embedding per input: 1 for a string or a token array, n for a list of n strings or token arrays. An empty `data` with HTTP 200 leaves the caller with nothing and no error.',
  run: ({ exchange }) => {
    const body = successObject(exchange)
    if ('skip' in body) return body
    const data = body.value.data
    if (!Array.isArray(data)) return skip('the answer has no data list; see embeddings.response.schema')
    const expected = inputCount(wireRequest(exchange).input)
    if (expected === null) return skip('the request has no input this check can count')
    return data.length === expected
      ? []
      : [
          finding(`${data.length} embedding(s) for ${expected} input(s)`, {
            at: '/data',
            actual: data.length,
            expected,
          }),
        ]
  },
})

export const itemObject = defineCheck({
  id: 'embeddings.item.object',
  title: 'Each item is an "embedding" object',
  level: 'required',
  spec: embeddingRef('properties', 'object'),
  description: 'Each item of `data` MUST be an Embedding object whose `object` is the string "embedding".',
  run: (ctx) =>
    onItems(ctx, (items) =>
      items.flatMap((item, i) => {
        const object = isPlainObject(item) ? item.object : item
        return object === 'embedding'
          ? []
          : [finding(`data[${i}].object is ${show(object)}, expected "embedding"`, { at: `/data/${i}/object` })]
      }),
    ),
})

export const itemIndex = defineCheck({
  id: 'embeddings.item.index',
  title: "Each item's index is its input's position, each once",
  level: 'required',
  spec: embeddingRef('properties', 'index'),
  description:
    'Each embedding MUST carry `index`, the position of its input in the request (an integer): with n inputs the indices are 0…n-1, each exactly once.',
  notes: 'Clients that use `index` to pair vectors with their inputs store the wrong vector otherwise.',
  run: (ctx) =>
    onItems(ctx, (items) => {
      if (hasPositionalIndices(items)) return []
      const indices = items.map((item) => (isPlainObject(item) ? item.index : undefined))
      return [
        finding(`the indices are ${show(indices)}, expected 0…${items.length - 1} each once`, {
          at: '/data',
          actual: indices,
        }),
      ]
    }),
})

export const dataOrder = defineCheck({
  id: 'embeddings.data.order',
  title: 'data is listed in input order',
  level: 'recommended',
  spec: responseRef('properties', 'data'),
  description: '`data` SHOULD list the embeddings in input order: data[i].index is i.',
  notes:
    'The spec says each embedding carries its index but not that the list is in order. OpenAI answers in order, and much client code reads `data` by position (`data.map(d => d.embedding)`), pairing vectors with the wrong inputs when it is not; so a list out of order is a warning.',
  run: (ctx) =>
    onItems(ctx, (items) => {
      if (!hasPositionalIndices(items)) return skip('the indices are not 0…n-1 each once; see embeddings.item.index')
      const indices = items.map((item) => (item as Record<string, unknown>).index)
      return indices.every((index, i) => index === i)
        ? []
        : [finding(`data lists the indices ${show(indices)}, not in input order`, { at: '/data', actual: indices })]
    }),
})

/** What is wrong with a usage count, or null. */
function countProblem(value: unknown, minimum: number): string | null {
  if (value === undefined) return 'is missing'
  if (!Number.isInteger(value)) return `is ${show(value)}, not an integer`
  return (value as number) < minimum ? `is ${value}, expected at least ${minimum}` : null
}

export const usagePresent = defineCheck({
  id: 'embeddings.usage.present',
  title: 'usage counts the input tokens',
  level: 'required',
  spec: responseRef('properties', 'usage'),
  description:
    'The answer MUST carry `usage` with integer `prompt_tokens` (at least 1: an input is never empty) and `total_tokens` (at least `prompt_tokens`).',
  notes: 'Clients and gateways bill and rate-limit embeddings by these counts; some refuse an answer without them.',
  run: ({ exchange }) => {
    const body = successObject(exchange)
    if ('skip' in body) return body
    const usage = body.value.usage
    if (!isPlainObject(usage)) return [finding(`usage is ${show(usage)}, expected an object`, { at: '/usage' })]
    const findings: Finding[] = []
    const prompt = countProblem(usage.prompt_tokens, 1)
    if (prompt) findings.push(finding(`usage.prompt_tokens ${prompt}`, { at: '/usage/prompt_tokens' }))
    const total = countProblem(
      usage.total_tokens,
      Number.isInteger(usage.prompt_tokens) ? Number(usage.prompt_tokens) : 0,
    )
    if (total) findings.push(finding(`usage.total_tokens ${total}`, { at: '/usage/total_tokens' }))
    return findings
  },
})

export const RESPONSE_CHECKS = [
  responseSchema,
  responseObject,
  dataCount,
  itemObject,
  itemIndex,
  dataOrder,
  usagePresent,
]
