/**
 * What the vectors mean, judged by comparing them: the same input gives the same vector, a
 * paraphrase lands nearer than an unrelated sentence, and each vector belongs to its input
 * (reversing a batch reverses its vectors). These compare exchanges of one case, or inputs
 * of one batch the case chose.
 */
import { defineCheck, finding, skip } from '../../../core/define.ts'
import type { CheckContext } from '../../../core/types.ts'
import { show } from '../../shared/body.ts'
import { vectorDifferences } from '../compare.ts'
import { cosine, oneLength, showCosine, vectorsByInput, wireRequest } from '../read.ts'
import { EMBEDDING_DOCS, embeddingRef } from './spec.ts'

/** The exchange a case names `again`: the same request sent a second time. */
export const AGAIN = 'again'

/** The exchange a case names `reversed`: the main request's batch in reverse order. */
export const REVERSED = 'reversed'

/** The cosine at or above which two runs of one input count as the same vector. */
export const DETERMINISTIC = 0.999

export const deterministic = defineCheck({
  id: 'embeddings.semantic.deterministic',
  title: 'The same input gives the same vector',
  level: 'recommended',
  spec: { doc: EMBEDDING_DOCS.guide },
  description: `The same request sent twice SHOULD give the same vectors (cosine ≥ ${DETERMINISTIC} for each input).`,
  notes: `Compares with the case's "${AGAIN}" exchange. Caches, deduplication and search over stored vectors assume it; GPU numerics that depend on the batch may move a vector slightly, which is why it is not bit equality, and not required.`,
  run: (ctx) => {
    const again = ctx.exchanges[AGAIN]
    if (!again) return skip(`the case has no "${AGAIN}" exchange (the same request sent again)`)
    const first = vectorsByInput(ctx.exchange)
    if ('skip' in first) return first
    const second = vectorsByInput(again)
    if ('skip' in second) return skip(`the second answer is not comparable: ${second.skip}`)
    return vectorDifferences(
      first.value,
      second.value,
      { actual: 'the first answer', expected: 'the second' },
      DETERMINISTIC,
    )
  },
})

/** Which inputs of the batch are the sentence, its paraphrase and an unrelated sentence. */
export interface ParaphraseParams {
  anchor: number
  paraphrase: number
  unrelated: number
}

export const paraphraseCloser = defineCheck({
  id: 'embeddings.semantic.paraphrase-closer',
  title: 'A paraphrase is closer than an unrelated sentence',
  level: 'recommended',
  spec: { doc: EMBEDDING_DOCS.guide },
  description:
    "A sentence's vector SHOULD be closer (by cosine) to its paraphrase's than to an unrelated sentence's: what embeddings are for.",
  notes:
    'Model behaviour, not protocol: the paraphrase reuses most of the words, so even a crude model passes; vectors of something else (a truncated input, the wrong pooling, a placeholder vector) do not. A warning that shows both cosines.',
  run: (ctx: CheckContext<ParaphraseParams>) => {
    const vectors = vectorsByInput(ctx.exchange)
    if ('skip' in vectors) return vectors
    const uneven = oneLength(vectors.value)
    if (uneven) return uneven
    const { anchor, paraphrase, unrelated } = ctx.params
    const [a, p, u] = [anchor, paraphrase, unrelated].map((i) => vectors.value[i])
    if (!a || !p || !u) return skip(`the batch has no inputs ${anchor}, ${paraphrase} and ${unrelated}`)
    const [near, far] = [cosine(a, p), cosine(a, u)]
    const input = wireRequest(ctx.exchange).input as unknown[]
    return near > far
      ? []
      : [
          finding(
            `the paraphrase is no closer than the unrelated sentence: cosine ${showCosine(near)} vs ${showCosine(far)}`,
            {
              actual: { paraphrase: near, unrelated: far },
              expected: `${show(input[paraphrase])} nearer to ${show(input[anchor])}`,
            },
          ),
        ]
  },
})

export const batchOrder = defineCheck({
  id: 'embeddings.batch.order',
  title: 'Each vector belongs to its input: reversing a batch reverses the vectors',
  level: 'required',
  spec: embeddingRef('properties', 'index'),
  description:
    "The embedding at index i MUST be the vector of input i: sent again in reverse order, the batch's vectors come back reversed (each input's vector is nearest to its own in the other answer).",
  notes: `Compares with the case's "${REVERSED}" exchange. Indices 0…n-1 (embeddings.item.index) say nothing of which vector is whose; vectors shuffled within a batch pass every other check and store each text under another's vector.`,
  run: (ctx) => {
    const reversed = ctx.exchanges[REVERSED]
    if (!reversed) return skip(`the case has no "${REVERSED}" exchange (the batch in reverse order)`)
    const forward = vectorsByInput(ctx.exchange)
    if ('skip' in forward) return forward
    const backward = vectorsByInput(reversed)
    if ('skip' in backward) return skip(`the reversed answer is not comparable: ${backward.skip}`)
    const [f, b] = [forward.value, backward.value]
    const uneven = oneLength([...f, ...b])
    if (uneven) return uneven
    if (f.length !== b.length || f.length < 2)
      return skip(`the answers hold ${f.length} and ${b.length} vectors; see embeddings.data.count`)
    if (!apart(f))
      return skip(
        `the vectors of different inputs are the same (cosine ≥ ${DETERMINISTIC}): there is no order to judge`,
      )
    return f.flatMap((vector, i) => {
      const similarities = b.map((other) => cosine(vector, other))
      const nearest = similarities.indexOf(Math.max(...similarities))
      const own = f.length - 1 - i
      return nearest === own
        ? []
        : [
            finding(
              `input ${i}'s vector is nearest to the reversed batch's vector ${nearest} (the input ${f.length - 1 - nearest}), not ${own} (its own): cosine ${showCosine(similarities[nearest]!)} vs ${showCosine(similarities[own]!)}`,
              { at: `/data/${i}/embedding` },
            ),
          ]
    })
  },
})

/** No two vectors of the batch are the same vector. */
function apart(vectors: readonly number[][]): boolean {
  return vectors.every((vector, i) => vectors.slice(i + 1).every((other) => cosine(vector, other) < DETERMINISTIC))
}

export const SEMANTIC_CHECKS = [deterministic, paraphraseCloser, batchOrder]
