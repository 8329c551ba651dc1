/** OpenAI's streaming reference, and the WHATWG rules our reader follows. */
export const STREAM_DOCS = {
  streaming: 'https://platform.openai.com/docs/api-reference/chat-streaming',
  sse: 'https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation',
} as const
