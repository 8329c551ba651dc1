/**
 * The Embeddings API's check sets: every answer, a batch, each encoding, `dimensions`, and
 * the sets only a declared case can use (they compare its exchanges, or read the SDK's
 * outcome). Premises read the request as sent: a call of the SDK that names no
 * `encoding_format` sends `"base64"`, so the base64 sets hold for it (`isNot: "float"`).
 */
import { defineCheckSet } from '../../core/define.ts'
import type { CheckSetPremise } from '../../core/types.ts'
import { JSON_SUCCESS } from '../shared/check-sets.ts'
import type { SharedCheckId } from '../shared/checks/index.ts'
import type { EmbeddingsCheckId } from './checks/index.ts'
import { isBatch } from './read.ts'

/** The checks this slice's sets may name. */
type SetCheckId = EmbeddingsCheckId | SharedCheckId

/** A successful answer to an embeddings request. */
const ANSWERED: CheckSetPremise = { endpoint: { method: 'POST', path: '/embeddings' }, status: 'success' }

/** Every successful embeddings answer: the JSON answer, the envelope, the items, usage. */
export const EMBEDDINGS_RESPONSE = defineCheckSet<SetCheckId>({
  name: 'embeddings.response',
  title: 'An embeddings answer: the JSON answer, the envelope, one embedding per input at its index, usage',
  premise: ANSWERED,
  checks: [
    ...JSON_SUCCESS.checks,
    'embeddings.response.schema',
    'embeddings.response.object',
    'embeddings.data.count',
    'embeddings.item.object',
    'embeddings.item.index',
    'embeddings.data.order',
    'embeddings.vector.normalised',
    'embeddings.usage.present',
  ],
})

export const EMBEDDINGS_BATCH = defineCheckSet<SetCheckId>({
  name: 'embeddings.batch',
  title: 'A batch: every vector has one length',
  premise: {
    ...ANSWERED,
    where: { says: 'the input is a batch (several strings or token arrays)', holds: isBatch },
  },
  checks: ['embeddings.vector.length-equal'],
})

export const EMBEDDINGS_FLOAT = defineCheckSet<SetCheckId>({
  name: 'embeddings.float',
  title: 'Floats asked (or no encoding named): arrays of numbers',
  premise: { ...ANSWERED, request: { encoding_format: { isNot: 'base64' } } },
  checks: ['embeddings.vector.float'],
})

export const EMBEDDINGS_BASE64 = defineCheckSet<SetCheckId>({
  name: 'embeddings.base64',
  title: 'base64 asked (by the caller, or by the SDK for a call naming none): base64 of float32 values',
  premise: { ...ANSWERED, request: { encoding_format: { isNot: 'float' } } },
  checks: ['embeddings.base64.answered', 'embeddings.base64.decodes'],
})

export const EMBEDDINGS_DIMENSIONS = defineCheckSet<SetCheckId>({
  name: 'embeddings.dimensions',
  title: '`dimensions` sets the vector length',
  premise: { ...ANSWERED, request: { dimensions: { present: true } } },
  checks: ['embeddings.dimensions.honoured'],
})

export const EMBEDDINGS_FORMS_AGREE = defineCheckSet<SetCheckId>({
  name: 'embeddings.forms-agree',
  title: 'The base64 answer, and what the SDK decodes of it, are the float vectors',
  premise: { ...ANSWERED, request: { encoding_format: { isNot: 'float' } } },
  checks: ['embeddings.base64.matches-float', 'embeddings.sdk.matches-float'],
  needsCase:
    'they compare with the case\'s "float" exchange of the same input, and the SDK check reads the outcome of the SDK call',
})

export const EMBEDDINGS_SEMANTICS = defineCheckSet<SetCheckId>({
  name: 'embeddings.semantics',
  title: 'The vectors mean their inputs: the same again, a paraphrase nearer, a reversed batch reversed',
  premise: ANSWERED,
  checks: ['embeddings.semantic.deterministic', 'embeddings.semantic.paraphrase-closer', 'embeddings.batch.order'],
  needsCase:
    'they compare with a second exchange of the case (the same request again, the batch reversed) or take params naming which inputs are a paraphrase',
})

export const EMBEDDINGS_CHECK_SETS = [
  EMBEDDINGS_RESPONSE,
  EMBEDDINGS_BATCH,
  EMBEDDINGS_FLOAT,
  EMBEDDINGS_BASE64,
  EMBEDDINGS_DIMENSIONS,
  EMBEDDINGS_FORMS_AGREE,
  EMBEDDINGS_SEMANTICS,
]
