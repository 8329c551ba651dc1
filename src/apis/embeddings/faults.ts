/**
 * Faults of `POST /embeddings`, each modelled on a server's real behaviour: the encoding
 * asked for ignored or mangled, `dimensions` ignored, items without their index or out of
 * order, vectors shuffled, cut, scaled or noisy, usage missing.
 */
import type { Fault, FaultHooks } from '../../reference/fault.ts'
import { seededRandom } from '../../reference/hash.ts'
import { ignoresParameters, limitedTo } from '../shared/faults/helpers.ts'
import { float32Base64, float32FromBase64, normalised, tokensOf } from './reference/model.ts'

type Json = Record<string, any>

/** The answer's items; none when it has no array of them. */
const itemsOf = (body: Json): Json[] => (Array.isArray(body?.data) ? body.data : [])

/** A `body` hook that edits every item in place. */
function eachItem(edit: (item: Json, position: number, items: Json[]) => void): NonNullable<FaultHooks['body']> {
  return (body) => {
    itemsOf(body).forEach((item, position, items) => edit(item, position, items))
    return body
  }
}

/** A `body` hook that rewrites every vector as numbers, whichever encoding carries it. */
function eachVector(rewrite: (vector: number[], position: number) => number[]): NonNullable<FaultHooks['body']> {
  return eachItem((item, position) => {
    if (typeof item.embedding === 'string')
      item.embedding = float32Base64(rewrite(float32FromBase64(item.embedding), position))
    else if (Array.isArray(item.embedding)) item.embedding = rewrite(item.embedding, position).map(Math.fround)
  })
}

/** A `body` hook that rewrites the base64 strings only. */
function eachBase64(rewrite: (text: string) => string): NonNullable<FaultHooks['body']> {
  return eachItem((item) => {
    if (typeof item.embedding === 'string') item.embedding = rewrite(item.embedding)
  })
}

/** IEEE 754 half precision of a number (round to nearest; the faults' vectors are small and finite). */
function float16Bits(value: number): number {
  const f32 = new DataView(new ArrayBuffer(4))
  f32.setFloat32(0, value)
  const bits = f32.getUint32(0)
  const sign = (bits >>> 16) & 0x8000
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15
  const mantissa = bits & 0x7fffff
  if (exponent <= 0) return sign // too small for a normal half: zero
  if (exponent >= 31) return sign | 0x7c00
  return sign | (exponent << 10) | Math.round(mantissa / 0x2000)
}

/** The vector's bytes as float16 little-endian, base64: a half-precision tensor sent as is. */
function float16Base64(vector: readonly number[]): string {
  const bytes = new DataView(new ArrayBuffer(vector.length * 2))
  vector.forEach((value, i) => bytes.setUint16(i * 2, Math.min(float16Bits(value), 0xffff), true))
  return Buffer.from(bytes.buffer).toString('base64')
}

/** The vector plus noise of about `relative` of its length, normalised again; a new draw on every call. */
function noisy(relative: number): (vector: number[]) => number[] {
  let draws = 0
  return (vector) => {
    const random = seededRandom(0x5eed + ++draws)
    const scale = relative / Math.sqrt(vector.length)
    // The sum of three uniforms is near enough to a normal distribution (variance 1/4).
    return normalised(vector.map((value) => value + scale * 2 * (random() + random() + random() - 1.5)))
  }
}

/** Tokens an input keeps under a context this small. */
const TINY_CONTEXT = 2

export const embeddingsFaults: Fault[] = limitedTo(
  ['createEmbedding'],
  [
    {
      name: 'embeddings-base64-ignored',
      description: '`encoding_format: "base64"` is ignored: the vectors come back as float arrays.',
      modelledOn:
        'LocalAI before #9135, LM Studio (rssmonster#276) and Ollama-style servers, which always answer floats; openai-node before its float-array guard (openai-node#2150) then returned vectors a quarter of the real length.',
      proves: ['embeddings.base64.answered'],
      hooks: { respond: ignoresParameters('encoding_format') },
    },
    {
      name: 'embeddings-empty-data',
      description: 'Answers HTTP 200 with an empty `data` list.',
      modelledOn:
        'Ollama answering an input it did not read with an empty embedding list and 200 (ollama#7490, ollama#5713): the caller gets nothing and no error.',
      proves: ['embeddings.data.count'],
      hooks: { body: (body) => ({ ...body, data: [] }) },
    },
    {
      name: 'embeddings-dimensions-ignored',
      description: "`dimensions` is ignored: the vectors have the model's full length.",
      modelledOn:
        'llama.cpp server (llama.cpp#25210) and LM Studio (Qwen3-Embedding#101), which accept `dimensions` and ignore it.',
      proves: ['embeddings.dimensions.honoured'],
      hooks: { respond: ignoresParameters('dimensions') },
    },
    {
      name: 'embeddings-index-missing',
      description: 'The embedding objects carry no `index`.',
      modelledOn:
        'Hand-built compatibility layers that serialise only `object` and `embedding` (as far as known; the schema requires `index`).',
      proves: ['embeddings.item.index', 'embeddings.response.schema'],
      hooks: {
        body: eachItem((item) => {
          delete item.index
        }),
      },
    },
    {
      name: 'embeddings-index-zero',
      description: 'Every embedding has `index: 0`, so in a batch the indices repeat.',
      modelledOn:
        'Gateways that fan a batch out as single-input requests and concatenate the answers unchanged (each says index 0), as far as known; litellm#3276 is the same mistake with chat choices.',
      proves: ['embeddings.item.index'],
      hooks: {
        body: eachItem((item) => {
          item.index = 0
        }),
      },
    },
    {
      name: 'embeddings-data-reversed',
      description: 'Lists the embeddings in reverse input order, each with its right index.',
      modelledOn:
        'Servers that gather a batch as its parts finish, keeping each index but not the order: legal by the letter of the spec, and what breaks client code reading `data` by position (graphiti#1732, openai-python#420).',
      proves: ['embeddings.data.order'],
      hooks: {
        body: (body) => (Array.isArray(body?.data) ? { ...body, data: [...body.data].reverse() } : body),
      },
    },
    {
      name: 'embeddings-batch-shuffled',
      description: "Gives each input of a batch the next input's vector; the indices stay 0…n-1.",
      modelledOn:
        "Ollama batch embeddings shuffled between inputs (ollama#6187): every vector well-formed, the wrong text's.",
      proves: ['embeddings.batch.order'],
      hooks: {
        body: (body) => {
          const vectors = itemsOf(body).map((item) => item.embedding)
          itemsOf(body).forEach((item, i) => {
            item.embedding = vectors[(i + 1) % vectors.length]
          })
          return body
        },
      },
    },
    {
      name: 'embeddings-usage-missing',
      description: 'The answer has no `usage`.',
      modelledOn: "Gemini's OpenAI-compatible /v1/embeddings, which omits usage (agentgateway#2451).",
      proves: ['embeddings.usage.present', 'embeddings.response.schema'],
      hooks: { body: ({ usage: _usage, ...body }) => body },
    },
    {
      name: 'embeddings-usage-total-only',
      description: '`usage` carries `total_tokens` but no `prompt_tokens`.',
      modelledOn: "Jina's /v1/embeddings (aisix#474: usage with total_tokens, without prompt_tokens).",
      proves: ['embeddings.usage.present', 'embeddings.response.schema'],
      hooks: {
        body: (body) => (body?.usage ? { ...body, usage: { total_tokens: body.usage.total_tokens } } : body),
      },
    },
    {
      name: 'embeddings-object-missing',
      description: 'The answer has no top-level `object: "list"`.',
      modelledOn: "Ray Serve's SGLang example engine, which built its EmbeddingResponse without `object` (ray#61159).",
      proves: ['embeddings.response.object', 'embeddings.response.schema'],
      hooks: { body: ({ object: _object, ...body }) => body },
    },
    {
      name: 'embeddings-item-object-wrong',
      description: 'Each item says `object: "embeddings"` instead of "embedding".',
      modelledOn: 'Hand-written response types with a pluralised constant (as far as known).',
      proves: ['embeddings.item.object', 'embeddings.response.schema'],
      hooks: {
        body: eachItem((item) => {
          item.object = 'embeddings'
        }),
      },
    },
    {
      name: 'embeddings-float-nulls',
      description: 'Float vectors of `null`s: NaN values written as null.',
      modelledOn:
        'text-embeddings-inference answering `[[null, null, …]]` (text-embeddings-inference#51): NaN from an fp16 overflow, serialised as null.',
      proves: ['embeddings.vector.float', 'embeddings.response.schema'],
      hooks: {
        body: eachItem((item) => {
          if (Array.isArray(item.embedding)) item.embedding = item.embedding.map(() => null)
        }),
      },
    },
    {
      name: 'embeddings-length-differs',
      description: 'The last vector of a batch is half as long as the others.',
      modelledOn:
        'Routers that spread a batch over replicas serving models of different sizes (as far as known): the vectors cannot share one index.',
      proves: ['embeddings.vector.length-equal'],
      hooks: {
        body: (body) => {
          const items = itemsOf(body)
          if (items.length < 2) return body
          const last = items.at(-1)!
          // Another model's vector: half as long, and unit length like the others.
          const half = (values: number[]) => normalised(values.slice(0, values.length / 2))
          if (typeof last.embedding === 'string')
            last.embedding = float32Base64(half(float32FromBase64(last.embedding)))
          else if (Array.isArray(last.embedding)) last.embedding = half(last.embedding).map(Math.fround)
          return body
        },
      },
    },
    {
      name: 'embeddings-base64-urlsafe',
      description: 'base64 in the URL-safe alphabet (`-` and `_` for `+` and `/`).',
      modelledOn:
        "Servers encoding with Python's `base64.urlsafe_b64encode` (as far as known); `base64.b64decode` silently drops `-` and `_`, `atob` throws.",
      proves: ['embeddings.base64.decodes', 'embeddings.response.schema'],
      hooks: { body: eachBase64((text) => text.replaceAll('+', '-').replaceAll('/', '_')) },
    },
    {
      name: 'embeddings-base64-float16',
      description:
        'base64 of the vectors as float16 bytes, not float32: decoded as float32, half as many unrelated values.',
      modelledOn:
        "Servers that base64 the raw bytes of a half-precision model's output tensor (`tensor.numpy().tobytes()` without a cast to float32), as far as known.",
      proves: ['embeddings.base64.matches-float', 'embeddings.sdk.matches-float', 'embeddings.vector.normalised'],
      hooks: { body: eachBase64((text) => float16Base64(float32FromBase64(text))) },
    },
    {
      name: 'embeddings-not-normalised',
      description: 'Vectors are not normalised: raw pooled outputs of length about 7.',
      modelledOn:
        'llama.cpp server with `embd_normalize` off and sentence-transformers models without a Normalize layer served as is (as far as known): a dot product is then no cosine.',
      proves: ['embeddings.vector.normalised'],
      hooks: { body: eachVector((vector) => vector.map((value) => value * 7.3)) },
    },
    {
      name: 'embeddings-nondeterministic',
      description: 'Every answer adds fresh noise to its vectors: the same input twice gives cosine about 0.995.',
      modelledOn:
        'GPU servers whose numerics depend on how requests are batched together (non-deterministic kernels, padding per batch), as far as known: a little noise, but caches and deduplication miss.',
      proves: ['embeddings.semantic.deterministic'],
      hooks: { body: eachVector(noisy(0.07)) },
    },
    {
      name: 'embeddings-truncated-input',
      description: `Embeds only the first ${TINY_CONTEXT} tokens of each input, silently.`,
      modelledOn:
        "Servers that truncate inputs to the model's context without saying so (Ollama's `truncate` defaults to true; text-embeddings-inference's `auto_truncate`), here with a context far too small.",
      proves: ['embeddings.semantic.paraphrase-closer'],
      hooks: {
        respond: (req) => {
          const truncate = (input: unknown) =>
            typeof input === 'string' ? tokensOf(input).slice(0, TINY_CONTEXT).join(' ') : input
          const input = req.body?.input
          if (typeof input === 'string') req.body.input = truncate(input)
          else if (Array.isArray(input) && input.every((item) => typeof item === 'string'))
            req.body.input = input.map(truncate)
          return undefined
        },
      },
    },
  ],
)
