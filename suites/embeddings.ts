import {
  EMBEDDINGS_BASE64,
  EMBEDDINGS_BATCH,
  EMBEDDINGS_FLOAT,
  EMBEDDINGS_RESPONSE,
} from '../src/apis/embeddings/check-sets.ts'
import { JSON_ERROR } from '../src/apis/shared/check-sets.ts'
import { defineSuite, type KnownCheckUse } from './common.ts'

const OPERATION = 'embeddings.create'

/** An answer asked as floats, of one input. */
const FLOAT_ANSWER: readonly KnownCheckUse[] = [...EMBEDDINGS_RESPONSE.checks, ...EMBEDDINGS_FLOAT.checks]

/** An answer asked as floats, of a batch. */
const FLOAT_BATCH: readonly KnownCheckUse[] = [...FLOAT_ANSWER, ...EMBEDDINGS_BATCH.checks]

/** An answer asked as base64 (by the case, or by the SDK's default), of a batch. */
const BASE64_BATCH: readonly KnownCheckUse[] = [
  ...EMBEDDINGS_RESPONSE.checks,
  ...EMBEDDINGS_BASE64.checks,
  ...EMBEDDINGS_BATCH.checks,
]

/** Two unrelated sentences: a batch whose vectors differ. */
const PAIR = ['Paris is the capital of France.', 'Water boils at one hundred degrees Celsius.']

/** A sentence, its paraphrase (most words shared) and an unrelated sentence that opens like it. */
const PARAPHRASE = [
  'The weather today is sunny and warm.',
  'Today it is warm and sunny outside.',
  'The weather station recorded a small earthquake overnight.',
]

/** Four sentences that share no opening words, for the batch-order case. */
const ORDERED = [
  'Apples grow on trees in the orchard.',
  'Bicycles have two wheels and a chain.',
  'Cold winters bring snow to the mountains.',
  'Deserts receive very little rain each year.',
]

/** The float form of a request: the same body with `encoding_format: "float"`. */
function asFloats(body: Record<string, unknown>) {
  return { operation: OPERATION, body: { ...body, encoding_format: 'float' } } as const
}

export default defineSuite({
  capability: 'embeddings',
  title: 'Embeddings',
  cases: [
    {
      id: 'embeddings.single-string',
      title: 'One string, as floats',
      capability: 'embeddings',
      request: asFloats({ input: 'The quick brown fox jumps over the lazy dog.' }),
      checks: FLOAT_ANSWER,
    },
    {
      id: 'embeddings.batch',
      title: 'A batch of three strings, as floats',
      capability: 'embeddings',
      request: asFloats({ input: [...PAIR, 'The library opens at nine every morning.'] }),
      checks: FLOAT_BATCH,
    },
    {
      id: 'embeddings.token-arrays',
      title: 'A batch of token arrays (arrays of integers), as floats',
      capability: 'embeddings',
      request: asFloats({
        input: [
          [9906, 1917, 0],
          [791, 4062, 14198, 39935, 35308],
        ],
      }),
      checks: FLOAT_BATCH,
    },
    {
      id: 'embeddings.base64',
      title: 'encoding_format "base64": base64 of float32, the same vectors as the float form',
      capability: 'embeddings',
      request: { operation: OPERATION, body: { input: PAIR, encoding_format: 'base64' } },
      related: { float: asFloats({ input: PAIR }) },
      checks: [...BASE64_BATCH, 'embeddings.base64.matches-float'],
    },
    {
      id: 'embeddings.sdk-default',
      title: "The SDK's default (base64 on the wire, decoded by the SDK) gives the float vectors",
      capability: 'embeddings',
      request: { operation: OPERATION, body: { input: PAIR } },
      related: { float: asFloats({ input: PAIR }) },
      checks: [...BASE64_BATCH, 'embeddings.sdk.matches-float'],
      asked: 'nothing: the SDK itself asks for base64 when a call names no encoding_format, and decodes it',
    },
    {
      id: 'embeddings.dimensions',
      title: 'dimensions: 32 shortens every vector to 32 values',
      capability: 'embeddings',
      request: asFloats({ input: PAIR, dimensions: 32 }),
      // embeddings.dimensions.honoured judges each vector's length; vector.length-equal defers to it.
      checks: [...FLOAT_ANSWER, 'embeddings.dimensions.honoured'],
      // Models that cannot shorten their vectors (text-embedding-ada-002) reject it.
      optionalParams: ['dimensions'],
    },
    {
      id: 'embeddings.determinism',
      title: 'The same input twice gives the same vector',
      capability: 'embeddings',
      request: asFloats({ input: 'A quiet river runs through the old town.' }),
      related: { again: asFloats({ input: 'A quiet river runs through the old town.' }) },
      checks: [...FLOAT_ANSWER, 'embeddings.semantic.deterministic'],
    },
    {
      id: 'embeddings.paraphrase',
      title: 'A paraphrase is closer than an unrelated sentence',
      capability: 'embeddings',
      request: asFloats({ input: PARAPHRASE }),
      checks: [...FLOAT_BATCH, ['embeddings.semantic.paraphrase-closer', { anchor: 0, paraphrase: 1, unrelated: 2 }]],
      asked: 'place a sentence nearer its paraphrase than an unrelated sentence that opens with the same words',
    },
    {
      id: 'embeddings.batch-order',
      title: 'Reversing a batch reverses its vectors',
      capability: 'embeddings',
      request: asFloats({ input: ORDERED }),
      related: { reversed: asFloats({ input: [...ORDERED].reverse() }) },
      checks: [...FLOAT_BATCH, 'embeddings.batch.order'],
    },
    {
      id: 'embeddings.missing-input',
      title: 'A request without input gives 400 with the error envelope',
      capability: 'embeddings',
      expect: 'error',
      request: { operation: OPERATION, body: { encoding_format: 'float' } },
      checks: [
        'errors.malformed.status-400',
        ...JSON_ERROR.checks,
        ['errors.sdk.error-class', { classes: ['BadRequestError'] }],
      ],
    },
  ],
})
