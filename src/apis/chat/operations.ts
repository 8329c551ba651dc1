/** Chat Completions, as the official SDK calls it: plain, streamed, the stream helper and parse(). */
import type OpenAI from 'openai'
import type { ChatCompletionStreamParams } from 'openai/lib/ChatCompletionStream'
import type { Params, SliceOperations } from '../../transport/operations.ts'

type ChatParams = Params<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming>

const CHAT_PATH = () => '/chat/completions'

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

export const CHAT_OPERATIONS: SliceOperations = {
  'chat.completions.create': {
    method: 'POST',
    path: CHAT_PATH,
    run: (sdk, body, options) => sdk.chat.completions.create(body as ChatParams, options),
  },

  'chat.completions.create.stream': {
    method: 'POST',
    path: CHAT_PATH,
    run: async (sdk, body, options) => {
      const stream = await sdk.chat.completions.create({ ...(body as ChatParams), stream: true }, options)
      const chunks: OpenAI.Chat.ChatCompletionChunk[] = []
      for await (const chunk of stream) chunks.push(chunk)
      return { chunks }
    },
  },

  'chat.completions.stream': {
    method: 'POST',
    path: CHAT_PATH,
    run: async (sdk, body, options) => {
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
  },

  // SDK-helper markers in the body become zodResponseFormat / zodFunction results (./sdk-helpers.ts,
  // loaded on first use: zod is not needed to send anything else).
  'chat.completions.parse': {
    method: 'POST',
    path: CHAT_PATH,
    run: async (sdk, body, options) => {
      const { withSdkHelpers } = await import('./sdk-helpers.ts')
      return sdk.chat.completions.parse(withSdkHelpers(body) as ChatParams, options)
    },
  },
}
