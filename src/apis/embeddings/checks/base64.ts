/**
 * `encoding_format: "base64"`: the vectors as base64 of float32 little-endian values. The
 * official SDK asks for it whenever a call names no encoding and decodes it, so an endpoint
 * that ignores the parameter is met by every SDK user who never set it.
 */
import { defineCheck, finding, skip } from '../../../core/define.ts'
import type { CheckContext, CheckResult } from '../../../core/types.ts'
import type { Applicable } from '../../shared/applicability.ts'
import { isPlainObject, show } from '../../shared/body.ts'
import { vectorDifferences } from '../compare.ts'
import { askedEncoding, decodeFloat32Base64, embeddingItems, hasPositionalIndices, vectorsByInput } from '../read.ts'
import { EMBEDDING_DOCS, embeddingRef, requestParam } from './spec.ts'

/** The exchange a case names `float`: the same input asked as floats. */
export const FLOAT_TWIN = 'float'

/** Runs `rule` when the request asked for base64 on the wire, or skips. */
function whenBase64(ctx: CheckContext<unknown>, rule: () => CheckResult): CheckResult {
  const encoding = askedEncoding(ctx.exchange)
  return encoding === 'base64' ? rule() : skip(`the request asked for ${show(encoding)}, not base64`)
}

/** The vectors of the case's float twin by input, or why they cannot be compared with. */
function floatTwin(ctx: CheckContext<unknown>): Applicable<number[][]> {
  const twin = ctx.exchanges[FLOAT_TWIN]
  if (!twin) return skip(`the case has no "${FLOAT_TWIN}" exchange (the same input asked as floats)`)
  if (askedEncoding(twin) !== 'float') return skip(`the "${FLOAT_TWIN}" exchange did not ask for floats`)
  const vectors = vectorsByInput(twin)
  return 'skip' in vectors ? skip(`the float answer is not comparable: ${vectors.skip}`) : vectors
}

export const base64Answered = defineCheck({
  id: 'embeddings.base64.answered',
  title: 'base64 asked, base64 answered',
  level: 'required',
  spec: requestParam('encoding_format'),
  description:
    'With `encoding_format: "base64"` (which the official SDK sends when a call names none) each `embedding` MUST be a base64 string, not an array of floats.',
  notes:
    'Decoders that trust the request read a float array as base64 bytes: openai-node before its float-array guard (openai-node#2150; openai 7.10 in rssmonster#276) returned vectors a quarter of the real length, silently, and vector stores then hold vectors of the wrong dimension. The pinned SDK copes, so this is judged on the wire.',
  run: (ctx) =>
    whenBase64(ctx, () => {
      const read = embeddingItems(ctx.exchange)
      if ('skip' in read) return read
      return read.value.items.flatMap((item, i) => {
        const embedding = isPlainObject(item) ? item.embedding : undefined
        if (typeof embedding === 'string') return []
        const form = Array.isArray(embedding) ? `an array of ${embedding.length} values` : show(embedding, 60)
        return [finding(`data[${i}].embedding is ${form}, expected a base64 string`, { at: `/data/${i}/embedding` })]
      })
    }),
})

export const base64Decodes = defineCheck({
  id: 'embeddings.base64.decodes',
  title: 'base64 decodes to float32 values',
  level: 'required',
  spec: embeddingRef('properties', 'embedding'),
  description:
    'A base64 `embedding` MUST be standard base64 (RFC 4648 §4: the `+` `/` alphabet, padded) of whole float32 little-endian values, all finite, at least one.',
  notes:
    "Decoders differ on anything else: Python's `base64.b64decode` drops the URL-safe `-` and `_`, browsers' `atob` throws on them, Node stops at a `=` in the middle; each then hands back a different vector, or none.",
  run: (ctx) =>
    whenBase64(ctx, () => {
      const read = embeddingItems(ctx.exchange)
      if ('skip' in read) return read
      const strings = read.value.items.flatMap((item, i) =>
        isPlainObject(item) && typeof item.embedding === 'string' ? [[i, item.embedding] as const] : [],
      )
      if (strings.length === 0) return skip('no embedding is a string; see embeddings.base64.answered')
      return strings.flatMap(([i, text]) => {
        const decoded = decodeFloat32Base64(text)
        if ('problem' in decoded)
          return [
            finding(`data[${i}].embedding is not base64 of float32 values: ${decoded.problem}`, {
              at: `/data/${i}/embedding`,
              actual: text.slice(0, 80),
            }),
          ]
        const bad = decoded.values.findIndex((value) => !Number.isFinite(value))
        return bad === -1
          ? []
          : [
              finding(`data[${i}].embedding: value ${bad} decodes to ${decoded.values[bad]}`, {
                at: `/data/${i}/embedding`,
              }),
            ]
      })
    }),
})

export const base64MatchesFloat = defineCheck({
  id: 'embeddings.base64.matches-float',
  title: 'The base64 vectors are the float vectors',
  level: 'required',
  spec: requestParam('encoding_format'),
  description:
    'The base64 form MUST carry the vectors the float form does: decoded, each has the same number of values as the float vector of the same input, and points the same way (cosine ≥ 0.99).',
  notes:
    'Compares with the case\'s "float" exchange (the same input asked as floats). Not bit-equal: two requests may differ by a model\'s run-to-run noise, which stays far above 0.99; bytes of another type (float16, float64) or byte order give other lengths or unrelated values.',
  run: (ctx) =>
    whenBase64(ctx, () => {
      const read = embeddingItems(ctx.exchange)
      if ('skip' in read) return read
      if (!read.value.items.every((item) => isPlainObject(item) && typeof item.embedding === 'string'))
        return skip('not every embedding is a base64 string; see embeddings.base64.answered')
      const vectors = vectorsByInput(ctx.exchange)
      if ('skip' in vectors) return vectors
      const floats = floatTwin(ctx)
      if ('skip' in floats) return floats
      return vectorDifferences(vectors.value, floats.value, {
        actual: 'the base64 answer',
        expected: 'the float answer',
      })
    }),
})

/** The vectors the SDK returned, by the wire's index, or why there are none to compare. */
function sdkVectors(ctx: CheckContext<unknown>): Applicable<number[][]> {
  const sdk = ctx.exchange.sdk
  if (!sdk) return skip('no SDK outcome was captured (a recording)')
  if (!sdk.ok) return skip(`the SDK raised ${sdk.error.name}; see sdk.call.succeeds`)
  const data = isPlainObject(sdk.value) ? sdk.value.data : undefined
  if (!Array.isArray(data) || data.length === 0)
    return skip('the SDK returned no embeddings; see embeddings.data.count')
  if (!hasPositionalIndices(data)) return skip('the indices are not 0…n-1 each once; see embeddings.item.index')
  const vectors: number[][] = []
  for (const item of data as Record<string, unknown>[]) {
    const embedding = item.embedding
    if (!Array.isArray(embedding) || !embedding.every((value) => typeof value === 'number'))
      return skip(
        `the SDK returned ${show(embedding, 60)} for input ${item.index}, not numbers; see embeddings.base64.decodes`,
      )
    vectors[item.index as number] = embedding
  }
  return { value: vectors }
}

export const sdkMatchesFloat = defineCheck({
  id: 'embeddings.sdk.matches-float',
  title: "What the SDK's default call returns are the float vectors",
  level: 'required',
  spec: { doc: EMBEDDING_DOCS.sdkDefault },
  description:
    'A call of `embeddings.create()` naming no `encoding_format` (the SDK asks for base64 and decodes it) MUST return, for each input, the vector the float form carries: the same number of values, pointing the same way (cosine ≥ 0.99).',
  notes:
    "This judges what the caller gets: the SDK's outcome, against the case's \"float\" exchange. The pinned SDK returns the wire's float arrays as they are and decodes its base64 strings exactly, so what this finds is a base64 answer that decodes to other vectors (float16 or float64 bytes, another byte order); a wire that does not decode is embeddings.base64.decodes'.",
  run: (ctx) => {
    const wire = vectorsByInput(ctx.exchange)
    if ('skip' in wire) return wire
    const returned = sdkVectors(ctx)
    if ('skip' in returned) return returned
    const floats = floatTwin(ctx)
    if ('skip' in floats) return floats
    return vectorDifferences(returned.value, floats.value, {
      actual: 'what the SDK returned',
      expected: 'the float answer',
    })
  },
})

export const BASE64_CHECKS = [base64Answered, base64Decodes, base64MatchesFloat, sdkMatchesFloat]
