/**
 * The operations a case can perform, each run with the official SDK. An operation returns
 * a plain, serialisable view of what the SDK produced; the wire itself is captured by the
 * capturing fetch.
 *
 * Bodies come from declarative suites, so they are passed to the SDK as they are (cast, not
 * validated): sending what a case declares, including deliberately odd requests, is the point.
 */
import type OpenAI from 'openai'
import type { ChatCompletionStreamParams } from 'openai/lib/ChatCompletionStream'
import type { OperationName } from '../engine/types.ts'
import { withSdkHelpers } from './sdk-helpers.ts'

/** The SDK's per-request options (headers, signal, …). */
export type RequestOptions = NonNullable<Parameters<OpenAI['models']['retrieve']>[1]>

export type Operation = (sdk: OpenAI, body: Record<string, unknown>, options: RequestOptions) => Promise<unknown>

type Params<T> = T & Record<string, unknown>
type ChatParams = Params<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming>

/** The events of `chat.completions.stream()` that are counted. */
export const CHAT_STREAM_EVENTS = [
  'chunk',
  'content',
  'content.delta',
  'content.done',
  'refusal.delta',
  'refusal.done',
  'tool_calls.function.arguments.delta',
  'tool_calls.function.arguments.done',
  'logprobs.content.delta',
  'logprobs.content.done',
  'logprobs.refusal.delta',
  'logprobs.refusal.done',
] as const

export const OPERATIONS: Record<OperationName, Operation> = {
  'chat.completions.create': (sdk, body, options) => sdk.chat.completions.create(body as ChatParams, options),

  'chat.completions.create.stream': async (sdk, body, options) => {
    const stream = await sdk.chat.completions.create({ ...(body as ChatParams), stream: true }, options)
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = []
    for await (const chunk of stream) chunks.push(chunk)
    return { chunks }
  },

  'chat.completions.stream': async (sdk, body, options) => {
    const runner = sdk.chat.completions.stream(body as Params<ChatCompletionStreamParams>, options)
    const events: Record<string, number> = {}
    for (const name of CHAT_STREAM_EVENTS) {
      runner.on(name, () => {
        events[name] = (events[name] ?? 0) + 1
      })
    }
    const final = await runner.finalChatCompletion()
    return { final, events }
  },

  // SDK-helper markers in the body become zodResponseFormat / zodFunction results (./sdk-helpers.ts).
  'chat.completions.parse': (sdk, body, options) =>
    sdk.chat.completions.parse(withSdkHelpers(body) as ChatParams, options),

  'models.list': async (sdk, _body, options) => {
    const page = await sdk.models.list(options)
    return { data: page.data }
  },

  'models.retrieve': (sdk, body, options) => sdk.models.retrieve(String(body.model), options),

  // Note: without `encoding_format` the SDK asks for base64 on the wire and decodes it.
  'embeddings.create': (sdk, body, options) =>
    sdk.embeddings.create(body as Params<OpenAI.EmbeddingCreateParams>, options),

  'images.generate': (sdk, body, options) =>
    sdk.images.generate(body as Params<OpenAI.ImageGenerateParamsNonStreaming>, options),

  'audio.speech.create': async (sdk, body, options) => {
    const response = await sdk.audio.speech.create(body as Params<OpenAI.Audio.SpeechCreateParams>, options)
    const bytes = await response.arrayBuffer()
    return { byteLength: bytes.byteLength, contentType: response.headers.get('content-type') }
  },
}

/** The HTTP request each operation sends, for exchanges the SDK failed before sending. */
export const OPERATION_ROUTES: Record<OperationName, { method: string; path(body: Record<string, unknown>): string }> =
  {
    'chat.completions.create': { method: 'POST', path: () => '/chat/completions' },
    'chat.completions.create.stream': { method: 'POST', path: () => '/chat/completions' },
    'chat.completions.stream': { method: 'POST', path: () => '/chat/completions' },
    'chat.completions.parse': { method: 'POST', path: () => '/chat/completions' },
    'models.list': { method: 'GET', path: () => '/models' },
    'models.retrieve': { method: 'GET', path: (body) => `/models/${encodeURIComponent(String(body.model))}` },
    'embeddings.create': { method: 'POST', path: () => '/embeddings' },
    'images.generate': { method: 'POST', path: () => '/images/generations' },
    'audio.speech.create': { method: 'POST', path: () => '/audio/speech' },
  }
