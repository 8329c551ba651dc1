/** Loopback servers and fixtures for the transport tests. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { OPERATIONS } from '../../src/apis/index.ts'
import { createTargetClient, type TargetClientOptions } from '../../src/transport/index.ts'

export interface ReceivedRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

export type Handler = (req: IncomingMessage, res: ServerResponse, received: ReceivedRequest) => void | Promise<void>

export interface TestServer {
  /** `http://127.0.0.1:PORT/v1` */
  baseURL: string
  received: ReceivedRequest[]
  close(): Promise<void>
}

/** A server on 127.0.0.1, port 0; the handler sees the request with its body read. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const received: ReceivedRequest[] = []
  const server = createServer((req, res) => {
    const parts: Buffer[] = []
    req.on('data', (part: Buffer) => parts.push(part))
    req.on('end', () => {
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(parts).toString('utf8'),
      }
      received.push(entry)
      Promise.resolve(handler(req, res, entry)).catch((error: unknown) => {
        res.destroy(error instanceof Error ? error : new Error(String(error)))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export const TEST_OPTIONS: TargetClientOptions = {
  timeoutMs: 2_000,
  retries: 0,
  concurrency: 4,
  retryBaseDelayMs: 10,
}

export function clientFor(server: TestServer, options: Partial<TargetClientOptions> = {}, apiKey = 'sk-test-key-123') {
  return createTargetClient({ baseURL: server.baseURL, apiKey }, { ...TEST_OPTIONS, ...options }, OPERATIONS)
}

export function sendJSON(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

export function chatCompletion(content: string, id = 'chatcmpl-1') {
  return {
    id,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'test-model',
    choices: [
      { index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null },
    ],
    usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
  }
}

/** A streamed chunk; `first` adds `role` to the delta, as OpenAI does (the SDK's stream helper needs it). */
export function chatChunk(content: string | null, finish: string | null = null, first = false) {
  const delta = { ...(first ? { role: 'assistant' } : {}), ...(content === null ? {} : { content }) }
  return {
    id: 'chatcmpl-s',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'test-model',
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
  }
}

export function sseFrame(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`
}

/** Writes SSE frames with a pause between them, then `[DONE]`. */
export async function streamFrames(res: ServerResponse, frames: unknown[], gapMs: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  for (const frame of frames) {
    res.write(sseFrame(frame))
    await delay(gapMs)
  }
  res.end(sseFrame('[DONE]'))
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

export const CHAT_BODY = { model: 'test-model', messages: [{ role: 'user', content: 'Say hi' }] }
