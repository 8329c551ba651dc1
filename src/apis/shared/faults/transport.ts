/**
 * Faults in how a response arrives: a connection reset mid-body, a body shorter than its
 * Content-Length, a redirect loop, a stream that never ends, bytes that are not UTF-8, JSON
 * nested past any parser's limit. All are `respond` hooks on `POST /chat/completions`
 * (`GET /models` stays healthy, as behind a real proxy that breaks only the long requests);
 * the loopback server writes a body chunk by chunk and destroys the socket when the body's
 * stream errors, which is how a reset reaches the client.
 *
 * Each fault is bounded in time: a body that never ends is sent as fast as the socket takes
 * it, so the client's capture limit ends it at once, never its timeout.
 */
import { bearerToken } from '../../../reference/auth.ts'
import type { Fault, ReferenceRequest } from '../../../reference/fault.ts'
import { findServedModel } from '../../../reference/served-models.ts'
import { INVALID_API_KEY } from '../../../transport/client.ts'

/** How long a body that breaks waits before it does, so what was written before reaches the client first. */
const BREAK_AFTER_MS = 20

/**
 * A chat request the reference would answer 200, not one of the deliberately wrong ones the
 * error cases send (a wrong key, an unknown model, no messages, an out-of-range
 * temperature): a fault in generating or sending a completion breaks only those, since an
 * error answer is small and sent before any generation.
 */
function wouldSucceed(req: ReferenceRequest): boolean {
  const temperature = req.body?.temperature
  return (
    req.operationId === 'createChatCompletion' &&
    bearerToken(req.headers) !== INVALID_API_KEY &&
    typeof req.body?.model === 'string' &&
    findServedModel(req.body.model) !== undefined &&
    Array.isArray(req.body?.messages) &&
    req.body.messages.length > 0 &&
    (temperature === undefined || (typeof temperature === 'number' && temperature >= 0 && temperature <= 2))
  )
}

/** A non-streamed completion as a server would send it, and the same reply as SSE frames. */
function cannedReply(req: ReferenceRequest): { contentType: string; text: string } {
  const model = typeof req.body?.model === 'string' ? req.body.model : 'unknown'
  const base = { id: 'chatcmpl-transport-fault', created: Math.floor(Date.now() / 1000), model }
  if (req.body?.stream === true) {
    const chunk = (delta: object, finish: string | null) => ({
      ...base,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, finish_reason: finish }],
    })
    const frames = [
      chunk({ role: 'assistant', content: '' }, null),
      chunk({ content: 'Hello, ' }, null),
      chunk({ content: 'world.' }, null),
      chunk({}, 'stop'),
    ].map((value) => `data: ${JSON.stringify(value)}\n\n`)
    return { contentType: 'text/event-stream', text: `${frames.join('')}data: [DONE]\n\n` }
  }
  const completion = {
    ...base,
    object: 'chat.completion',
    choices: [
      { index: 0, message: { role: 'assistant', content: 'Hello, world.', refusal: null }, finish_reason: 'stop' },
    ],
    usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 },
  }
  return { contentType: 'application/json', text: JSON.stringify(completion) }
}

const encoder = new TextEncoder()

/** A body that sends `parts` and then fails (a moment later): the server resets the connection there. */
function thenReset(parts: Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0
  return new ReadableStream({
    async pull(controller) {
      if (next < parts.length) return controller.enqueue(parts[next++]!)
      await new Promise((resolve) => setTimeout(resolve, BREAK_AFTER_MS))
      controller.error(new Error('upstream connection lost'))
    },
  })
}

/** A body that repeats `block` for as long as it is read. */
function endless(head: Uint8Array, block: Uint8Array): ReadableStream<Uint8Array> {
  let started = false
  return new ReadableStream({
    pull(controller) {
      controller.enqueue(started ? block : head)
      started = true
    },
  })
}

/** One SSE content frame of 8 KiB: an SSE reader's cost grows with the event's size and with their number; 8 KiB keeps both low. */
function endlessStreamFrame(req: ReferenceRequest): Uint8Array {
  const model = typeof req.body?.model === 'string' ? req.body.model : 'unknown'
  const chunk = {
    id: 'chatcmpl-transport-fault',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta: { content: 'and again '.repeat(800) }, finish_reason: null }],
  }
  return encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`)
}

export const transportFaults: Fault[] = [
  {
    name: 'chat-reset-mid-body',
    description:
      'Chat completions (plain and streamed) stop halfway through the body: the connection is reset after the first part.',
    modelledOn:
      'A worker that dies mid-response behind a proxy that streams it through (nginx "upstream prematurely closed connection while reading upstream", an OOM-killed vLLM or llama.cpp worker).',
    proves: ['http.response.complete'],
    hooks: {
      respond(req) {
        if (!wouldSucceed(req)) return undefined
        const reply = cannedReply(req)
        const half = encoder.encode(reply.text.slice(0, Math.floor(reply.text.length / 2)))
        return new Response(thenReset([half]), { status: 200, headers: { 'content-type': reply.contentType } })
      },
    },
  },
  {
    name: 'chat-short-body',
    description:
      'Chat completions announce a Content-Length 100 bytes longer than the body, then close the connection.',
    modelledOn:
      "A proxy that forwards the upstream's Content-Length and loses the upstream before the end (HAProxy and Envoy pass the header through; the client sees a truncated body).",
    proves: ['http.response.complete'],
    hooks: {
      respond(req) {
        if (!wouldSucceed(req)) return undefined
        const reply = cannedReply(req)
        const body = encoder.encode(reply.text)
        return new Response(thenReset([body]), {
          status: 200,
          headers: { 'content-type': reply.contentType, 'content-length': String(body.byteLength + 100) },
        })
      },
    },
  },
  {
    name: 'chat-redirect-loop',
    description: 'Chat completions are redirected (308) to the very URL they were sent to, forever.',
    modelledOn:
      'A redirect rule that matches its own target (an HTTP-to-HTTPS or trailing-slash rule behind a TLS-terminating proxy: Cloudflare "Flexible" SSL in front of an origin that forces HTTPS gives ERR_TOO_MANY_REDIRECTS).',
    proves: ['http.response.complete'],
    hooks: {
      respond(req) {
        if (req.path !== '/chat/completions') return undefined
        // Relative to `…/chat/completions`, `completions` is that same URL.
        return new Response(null, { status: 308, headers: { location: 'completions' } })
      },
    },
  },
  {
    name: 'stream-never-ends',
    description:
      'A streamed chat completion at temperature 0 never ends: content chunks keep coming, with no finish_reason and no [DONE].',
    modelledOn:
      "Greedy decoding (temperature 0) sends small models into repetition loops that never emit the end token; llama.cpp's server, with its default n_predict = -1 and context shifting, then streams forever.",
    proves: ['http.response.complete'],
    hooks: {
      respond(req) {
        if (!wouldSucceed(req) || req.body?.stream !== true || req.body?.temperature !== 0) return undefined
        const frame = endlessStreamFrame(req)
        return new Response(endless(frame, frame), { status: 200, headers: { 'content-type': 'text/event-stream' } })
      },
    },
  },
  {
    name: 'json-latin1',
    description:
      'Non-streamed chat completions are encoded in Latin-1 (ISO-8859-1), not UTF-8, with `content-type: application/json`.',
    modelledOn:
      "Servers that encode their JSON with the platform's legacy charset (Java's `String.getBytes()` on a Latin-1 default, PHP's `utf8_decode`); RFC 8259 §8.1 requires UTF-8.",
    proves: ['http.body.json'],
    hooks: {
      respond(req) {
        if (!wouldSucceed(req) || req.body?.stream === true) return undefined
        const text = cannedReply(req).text.replace('Hello, world.', 'Café, naïve façade.')
        return new Response(Buffer.from(text, 'latin1'), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        })
      },
    },
  },
  {
    name: 'json-nesting-bomb',
    description: 'Non-streamed chat completions are 100,000 nested arrays.',
    modelledOn:
      'A hostile or compromised endpoint sending a nesting bomb: deep nesting is a known way to crash JSON consumers (json-java CVE-2022-45688, jackson-databind CVE-2022-42003; Jackson 2.15 added nesting limits for it).',
    proves: ['http.body.json'],
    hooks: {
      respond(req) {
        if (!wouldSucceed(req) || req.body?.stream === true) return undefined
        return new Response(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, {
          status: 200,
          headers: { 'content-type': 'application/json' },
        })
      },
    },
  },
]
