/** Small HAR captures for the validate tests, built the way browsers and Playwright write them. */
import { chatChunk, chatCompletion, sseFrame } from '../transport/helpers.ts'

export const HAR_KEY = 'sk-test-har-key-0123456789'

/** A compliant stream of a short reply, as its one text. */
export const SSE_TEXT = [
  sseFrame(chatChunk('', null, true)),
  sseFrame(chatChunk('Hello')),
  sseFrame(chatChunk(' there')),
  sseFrame(chatChunk(null, 'stop')),
  sseFrame('[DONE]'),
].join('')

export function harOf(entries: object[]) {
  return { log: { version: '1.2', creator: { name: 'test', version: '1' }, pages: [], entries } }
}

/** A response entry whose body is `text` (content overridable), `application/json`. */
export function jsonResponse(text: string, content: object = {}, headers: { name: string; value: string }[] = []) {
  return {
    status: 200,
    statusText: 'OK',
    httpVersion: 'HTTP/1.1',
    headers: [{ name: 'Content-Type', value: 'application/json' }, ...headers],
    cookies: [],
    content: { size: text.length, mimeType: 'application/json', text, ...content },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
  }
}

export interface EntryOptions {
  /** @default 'https://api.example.test/v1/chat/completions' */
  url?: string
  /** @default POST */
  method?: string
  /** Ask for a stream. */
  stream?: boolean
  /** The request body. @default a chat request */
  body?: object | null
  /** The response. @default a compliant non-streamed chat completion */
  response?: object
}

export function harEntry(options: EntryOptions = {}) {
  const method = options.method ?? 'POST'
  const body =
    options.body === null
      ? undefined
      : (options.body ?? {
          model: 'gpt-test',
          messages: [{ role: 'user', content: 'Hi' }],
          ...(options.stream ? { stream: true } : {}),
        })
  return {
    startedDateTime: '2026-01-01T00:00:00.000Z',
    time: 120,
    request: {
      method,
      url: options.url ?? 'https://api.example.test/v1/chat/completions',
      httpVersion: 'HTTP/2',
      headers: [
        { name: ':authority', value: 'api.example.test' },
        { name: 'Authorization', value: `Bearer ${HAR_KEY}` },
        { name: 'Content-Type', value: 'application/json' },
      ],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: body ? JSON.stringify(body).length : 0,
      ...(body ? { postData: { mimeType: 'application/json', text: JSON.stringify(body) } } : {}),
    },
    response: options.response ?? jsonResponse(JSON.stringify(chatCompletion('Hello there'))),
    cache: {},
    timings: { blocked: 1, dns: -1, connect: -1, ssl: -1, send: 1, wait: 28, receive: 90 },
  }
}

/** A writable that keeps what is written. */
export function sink(): NodeJS.WritableStream & { text(): string } {
  let out = ''
  return {
    write(chunk: string | Uint8Array) {
      out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
      return true
    },
    text: () => out,
  } as unknown as NodeJS.WritableStream & { text(): string }
}
