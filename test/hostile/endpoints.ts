/**
 * Hostile endpoints: loopback servers that answer `GET /models` (and every other GET) as the
 * reference does, and break `POST /chat/completions` in one named way each. Used by the
 * hostile battery (./battery.test.ts) and by `scripts/bench-memory.ts`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { REFERENCE_API_KEY, REFERENCE_CHAT_MODEL, startReferenceServer } from '../../src/apis/reference.ts'

/** What a scenario gets: the request (its JSON body parsed) and the raw response. */
export interface HostileRequest {
  req: IncomingMessage
  res: ServerResponse
  body: Record<string, unknown>
  /** Whether the request asked for a stream. */
  stream: boolean
}

export type Scenario = (request: HostileRequest) => void

export interface HostileEndpoint {
  /** `http://127.0.0.1:PORT/v1` */
  url: string
  close(): Promise<void>
}

const MiB = 1024 * 1024

const COMPLETION = {
  id: 'chatcmpl-hostile',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: REFERENCE_CHAT_MODEL,
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok', refusal: null }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
}

function chunk(delta: Record<string, unknown>, finish: string | null = null) {
  return {
    id: 'chatcmpl-hostile',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: REFERENCE_CHAT_MODEL,
    choices: [{ index: 0, delta, finish_reason: finish }],
  }
}

const frame = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`
const json = { 'content-type': 'application/json' }
const eventStream = { 'content-type': 'text/event-stream' }

/** Writes `block` until `total` bytes (or forever) are written or the client goes away, honouring backpressure. */
function pump(res: ServerResponse, block: Buffer, total = Number.POSITIVE_INFINITY): void {
  let written = 0
  const more = () => {
    while (!res.destroyed && written < total) {
      const part = total - written >= block.length ? block : block.subarray(0, total - written)
      written += part.length
      if (!res.write(part)) return void res.once('drain', more)
    }
    if (!res.destroyed) res.end()
  }
  res.once('close', () => res.off('drain', more))
  more()
}

/** Every way this battery breaks `POST /chat/completions`, by name. */
export const SCENARIOS = {
  /** Accepts the request and never answers. */
  'hang-before-headers': () => {},
  /** Sends the headers and then nothing. */
  'hang-after-headers': ({ res, stream }) => {
    res.writeHead(200, stream ? eventStream : json)
    res.flushHeaders()
  },
  /** A stream: the role chunk and a content chunk, then silence (a plain request: half a completion, then silence). */
  'stream-then-hang': ({ res, stream }) => {
    res.writeHead(200, stream ? eventStream : json)
    if (stream) res.write(frame(chunk({ role: 'assistant', content: '' })) + frame(chunk({ content: 'Hel' })))
    else res.write(JSON.stringify(COMPLETION).slice(0, 60))
  },
  /** Half a completion, then the connection is reset. */
  'reset-mid-body': ({ res }) => {
    res.writeHead(200, json)
    res.write(JSON.stringify(COMPLETION).slice(0, 60))
    setTimeout(() => res.socket?.resetAndDestroy(), 20)
  },
  /** Bytes that are not HTTP at all. */
  garbage: ({ res }) => {
    res.socket?.end('\u0000\u00ff\u00fe GARBAGE not-http \r\n\r\n')
  },
  /** A 200 MiB JSON body (a completion whose content is 200 MiB of `x`). */
  'huge-body': ({ res }) => {
    res.writeHead(200, json)
    res.write('{"id":"chatcmpl-hostile","object":"chat.completion","choices":[{"index":0,"message":{"content":"')
    pump(res, Buffer.alloc(MiB, 'x'), 200 * MiB)
  },
  /** An event stream that never ends: content chunks as fast as the socket takes them. */
  'endless-stream': ({ res }) => {
    res.writeHead(200, eventStream)
    pump(res, Buffer.from(frame(chunk({ content: 'more ' })).repeat(4096)))
  },
  /** A valid completion, one byte a second. */
  'one-byte-a-second': ({ res }) => {
    res.writeHead(200, json)
    const body = Buffer.from(JSON.stringify(COMPLETION))
    let sent = 0
    const timer = setInterval(() => {
      if (res.destroyed || sent >= body.length) return void clearInterval(timer)
      res.write(body.subarray(sent, ++sent))
    }, 1_000)
    res.once('close', () => clearInterval(timer))
    res.write(body.subarray(0, ++sent))
  },
  /** The right members with the wrong types. */
  'wrong-types': ({ res }) => {
    res.writeHead(200, json)
    res.end(JSON.stringify({ ...COMPLETION, choices: 'hello', usage: [1, 2, 3] }))
  },
  /** A completion whose content holds bytes that are not UTF-8. */
  'invalid-utf8': ({ res }) => {
    const [head, tail] = JSON.stringify(COMPLETION).split('"ok"') as [string, string]
    res.writeHead(200, json)
    res.end(Buffer.concat([Buffer.from(`${head}"o`), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(`k"${tail}`)]))
  },
  /** One event-stream line of 100 MiB. */
  'hundred-mib-line': ({ res }) => {
    res.writeHead(200, eventStream)
    res.write('data: ')
    pump(res, Buffer.alloc(MiB, 'x'), 100 * MiB)
  },
  /** Redirects to itself, forever. */
  'redirect-loop': ({ req, res }) => {
    res.writeHead(307, { location: req.url ?? '/' })
    res.end()
  },
  /** `Content-Length` promises more than the body, then the connection closes. */
  'short-body': ({ res }) => {
    const body = JSON.stringify(COMPLETION)
    res.writeHead(200, { ...json, 'content-length': String(body.length + 100) })
    res.write(body)
    setTimeout(() => res.socket?.destroy(), 20)
  },
  /** 100,000 nested arrays. */
  'deep-nesting': ({ res }) => {
    res.writeHead(200, json)
    res.end(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)
  },
  /** A million `data:` events, each `{}`. */
  'million-data-lines': ({ res }) => {
    res.writeHead(200, eventStream)
    res.write('data: {}\n\n'.repeat(1_000_000))
    res.end('data: [DONE]\n\n')
  },
} satisfies Record<string, Scenario>

/** Every way of cutting `key` in two: `[key.slice(0, i), key.slice(i)]` for each inner position. */
export function splitsOf(key: string): [string, string][] {
  return Array.from({ length: key.length - 1 }, (_, i) => [key.slice(0, i + 1), key.slice(i + 1)])
}

/** The presented API key: the Authorization bearer token, else `api-key`. */
function presentedKey(req: IncomingMessage): string {
  const auth = req.headers.authorization
  if (typeof auth === 'string') return auth.replace(/^Bearer\s+/i, '')
  return String(req.headers['api-key'] ?? '')
}

/** Headers that carry the key cut at every position: a pair of values per cut, adjacent in name order. */
function keyEchoHeaders(key: string): Record<string, string> {
  const headers: Record<string, string> = {}
  splitsOf(key).forEach(([a, b], i) => {
    const n = String(i).padStart(3, '0')
    headers[`x-echo-${n}-a`] = a
    headers[`x-echo-${n}-b`] = b
  })
  return headers
}

/** A gateway's model list, with the key echoed in the headers. */
export const keyEchoModels: Scenario = ({ req, res }) => {
  res.writeHead(200, { ...json, ...keyEchoHeaders(presentedKey(req)) })
  res.end(
    JSON.stringify({
      object: 'list',
      data: [{ id: REFERENCE_CHAT_MODEL, object: 'model', created: 1_700_000_000, owned_by: 'echo' }],
    }),
  )
}

/**
 * Echoes the presented key back cut at every position, each cut in turn: a stream carries it
 * in content deltas, in tool-call argument deltas, or in the messages of error events (by
 * turns, request after request); a plain request gets, by turns, a reply whose content is
 * the key, or a 400 whose message holds the key once per cut, written in chunks cut there. Every response carries it in headers too.
 */
export function keyEchoChat(): Scenario {
  let streams = 0
  let plain = 0
  return ({ req, res, stream }) => {
    const key = presentedKey(req)
    const splits = splitsOf(key)
    const headers = keyEchoHeaders(key)
    if (!stream && plain++ % 2 === 0) {
      const message = { role: 'assistant', content: `your key is ${key}`, refusal: null }
      res.writeHead(200, { ...json, ...headers })
      return void res.end(JSON.stringify({ ...COMPLETION, choices: [{ index: 0, message, finish_reason: 'stop' }] }))
    }
    if (!stream) {
      const prefix = '{"error":{"message":"Incorrect API key provided: '
      const body = `${prefix}${splits.map(() => key).join(' ')}","type":"invalid_request_error","code":null,"param":null}}`
      res.writeHead(400, { ...json, ...headers })
      // One write per cut: the i-th key of the message is cut at its i-th position.
      const cuts = splits.map(([a], i) => prefix.length + i * (key.length + 1) + a.length)
      let from = 0
      const next = (i: number) => {
        if (res.destroyed) return
        if (i === cuts.length) return void res.end(body.slice(from))
        res.write(body.slice(from, cuts[i]))
        from = cuts[i]!
        setTimeout(() => next(i + 1), 1)
      }
      return next(0)
    }
    const kind = streams++ % 3
    res.writeHead(200, { ...eventStream, ...headers })
    const frames: unknown[] = [chunk({ role: 'assistant', content: '' })]
    for (const [a, b] of splits) {
      if (kind === 0) frames.push(chunk({ content: a }), chunk({ content: b }), chunk({ content: ' ' }))
      if (kind === 1) {
        const call = (args: string) => chunk({ tool_calls: [{ index: 0, function: { arguments: args } }] })
        frames.push(call(a), call(b), call(' '))
      }
      if (kind === 2) frames.push({ error: { message: `key ${a}` } }, { error: { message: `${b} rejected` } })
    }
    if (kind === 1)
      frames.splice(
        1,
        0,
        chunk({
          tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'echo', arguments: '' } }],
        }),
      )
    frames.push(chunk({}, kind === 1 ? 'tool_calls' : 'stop'))
    res.end(`${frames.map(frame).join('')}data: [DONE]\n\n`)
  }
}

export type ScenarioName = keyof typeof SCENARIOS

export interface HostileOptions {
  /** What `POST /chat/completions` does; null answers it as the reference does. */
  chat: Scenario | null
  /** What `GET /models` does instead of the reference's answer. */
  models?: Scenario
}

/** Starts a hostile endpoint: the reference behind it, `POST /chat/completions` broken by `options.chat`. */
export async function startHostileEndpoint(options: HostileOptions): Promise<HostileEndpoint> {
  const reference = await startReferenceServer({ apiKey: REFERENCE_API_KEY })
  const upstream = reference.url.replace(/\/v1$/, '')
  const server = createServer((req, res) => {
    const parts: Buffer[] = []
    req.on('data', (part: Buffer) => parts.push(part))
    req.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8')
      const body = parseObject(text)
      const request = { req, res, body, stream: body.stream === true }
      const path = new URL(req.url ?? '/', 'http://x').pathname
      if (options.models && req.method === 'GET' && path.startsWith('/v1/models')) return options.models(request)
      if (options.chat && path === '/v1/chat/completions') return options.chat(request)
      void forward(req, text, res, upstream)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await reference.close()
    },
  }
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

/** Answers as the reference does. */
async function forward(req: IncomingMessage, body: string, res: ServerResponse, upstream: string): Promise<void> {
  try {
    const headers = new Headers()
    for (const name of ['authorization', 'content-type', 'api-key']) {
      const value = req.headers[name]
      if (typeof value === 'string') headers.set(name, value)
    }
    const method = req.method ?? 'GET'
    const answer = await fetch(upstream + (req.url ?? '/'), {
      method,
      headers,
      ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
    })
    const out: Record<string, string> = {}
    answer.headers.forEach((value, name) => {
      if (name !== 'content-length' && name !== 'transfer-encoding' && name !== 'connection') out[name] = value
    })
    res.writeHead(answer.status, out)
    res.end(Buffer.from(await answer.arrayBuffer()))
  } catch {
    res.destroy()
  }
}
