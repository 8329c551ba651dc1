/**
 * The vectors themselves: floats when floats were asked, one length across a batch, the
 * length `dimensions` asked for, unit length as OpenAI's are.
 */
import { defineCheck, finding, skip } from '../../../core/define.ts'
import type { CheckContext, CheckResult } from '../../../core/types.ts'
import { show } from '../../shared/body.ts'
import { askedEncoding, embeddingItems, norm, readVector, vectorsByInput, wireRequest } from '../read.ts'
import { EMBEDDING_DOCS, embeddingRef, requestParam } from './spec.ts'

/** Runs `rule` on the vectors by input position, or skips when they do not all read. */
function onVectors(ctx: CheckContext<unknown>, rule: (vectors: number[][]) => CheckResult): CheckResult {
  const vectors = vectorsByInput(ctx.exchange)
  return 'skip' in vectors ? vectors : rule(vectors.value)
}

export const vectorFloat = defineCheck({
  id: 'embeddings.vector.float',
  title: 'Floats asked, floats answered',
  level: 'required',
  spec: embeddingRef('properties', 'embedding'),
  description:
    'With `encoding_format: "float"` (or none: float is the default on the wire), each `embedding` MUST be a non-empty array of finite numbers.',
  notes:
    'The schema allows a string here too (the base64 form), so it passes a base64 answer to a float request; code that asked for floats breaks on it. A NaN written as `null` fails here as well.',
  run: ({ exchange }) => {
    const encoding = askedEncoding(exchange)
    if (encoding !== 'float') return skip(`the request asked for ${show(encoding)}, not floats`)
    const read = embeddingItems(exchange)
    if ('skip' in read) return read
    return read.value.items.flatMap((item, i) => {
      const embedding = (item as Record<string, unknown> | null)?.embedding
      if (!Array.isArray(embedding))
        return [
          finding(`data[${i}].embedding is ${show(embedding, 60)}, expected an array of numbers`, {
            at: `/data/${i}/embedding`,
          }),
        ]
      const vector = readVector(embedding)
      return vector.ok ? [] : [finding(`data[${i}].embedding: ${vector.reason}`, { at: `/data/${i}/embedding` })]
    })
  },
})

export const vectorLengthEqual = defineCheck({
  id: 'embeddings.vector.length-equal',
  title: 'Every vector of a batch has one length',
  level: 'required',
  spec: embeddingRef('properties', 'embedding'),
  description:
    "The vectors of one answer MUST all have the same length (the model's dimension, or `dimensions`): vectors of different lengths cannot be compared or stored in one index.",
  notes: 'With `dimensions` set, embeddings.dimensions.honoured judges each length against it instead.',
  run: (ctx) =>
    onVectors(ctx, (vectors) => {
      if (vectors.length < 2) return skip('one vector: nothing to compare its length with')
      if (Number.isInteger(wireRequest(ctx.exchange).dimensions))
        return skip('the request sets `dimensions`; see embeddings.dimensions.honoured')
      const lengths = vectors.map((vector) => vector.length)
      return lengths.every((length) => length === lengths[0])
        ? []
        : [finding(`the vectors' lengths are ${show(lengths)}`, { at: '/data', actual: lengths })]
    }),
})

export const dimensionsHonoured = defineCheck({
  id: 'embeddings.dimensions.honoured',
  title: '`dimensions` sets the vector length',
  level: 'required',
  spec: requestParam('dimensions'),
  description: 'With `dimensions: d` every vector MUST have exactly d values.',
  notes:
    "A vector of the full size where a shorter one was asked does not fit the index the caller built for d dimensions. A model that cannot shorten its vectors should reject the parameter: the case skips on a 400 that names it unsupported the way OpenAI's envelope does.",
  run: (ctx) => {
    const dimensions = wireRequest(ctx.exchange).dimensions
    if (!Number.isInteger(dimensions)) return skip('the request sets no integer `dimensions`')
    return onVectors(ctx, (vectors) =>
      vectors.flatMap((vector, i) =>
        vector.length === dimensions
          ? []
          : [
              finding(`the vector of input ${i} has ${vector.length} values, dimensions asked ${dimensions}`, {
                at: `/data/${i}/embedding`,
                actual: vector.length,
                expected: dimensions,
              }),
            ],
      ),
    )
  },
})

/** How far from 1 a unit vector's length may be: float32 rounding, and a little more. */
const UNIT_TOLERANCE = 0.01

export const vectorNormalised = defineCheck({
  id: 'embeddings.vector.normalised',
  title: 'Vectors have unit length',
  level: 'recommended',
  spec: { doc: EMBEDDING_DOCS.faq },
  description: `Vectors SHOULD be normalised to length 1 (within ${UNIT_TOLERANCE}), as OpenAI's are, also when \`dimensions\` shortens them.`,
  notes:
    "OpenAI's guide says its embeddings are normalised, so that a dot product is the cosine similarity; code relying on that ranks wrongly with vectors of other lengths. The API reference does not require it, so this is a warning.",
  run: (ctx) =>
    onVectors(ctx, (vectors) =>
      vectors.flatMap((vector, i) => {
        const length = norm(vector)
        return Math.abs(length - 1) <= UNIT_TOLERANCE
          ? []
          : [finding(`the vector of input ${i} has length ${length.toFixed(4)}, not 1`, { at: `/data/${i}/embedding` })]
      }),
    ),
})

export const VECTOR_CHECKS = [vectorFloat, vectorLengthEqual, dimensionsHonoured, vectorNormalised]
