/**
 * A streamed chat completion as the streaming checks read it: the events of OUR strict SSE
 * reader (never the SDK's view), the chunk payloads, the `[DONE]` sentinel, whatever does
 * not belong in the chunk stream, and per choice the message its deltas assemble to.
 *
 * Memoised per exchange, since some thirty checks read the same stream. The assembly is a
 * pure function of chunk values, so the SDK checks run it over the SDK's chunks too and
 * compare like with like.
 */
import { skip } from '../../core/define.ts'
import type { CheckContext, CheckResult, Finding } from '../../core/types.ts'
import type { BodyChunk, Exchange } from '../../core/exchange.ts'
import { isDone, parseSse, type SseEvent, type SseParseResult } from '../../formats/sse/index.ts'
import type { Applicable } from '../shared/applicability.ts'
import { isPlainObject, isSuccess, jsonBody, mediaType, perExchange } from '../shared/body.ts'
export { chatRequestParam } from '../shared/spec.ts'

/** OpenAI's streaming reference, and the WHATWG rules our reader follows. */
export const STREAM_DOCS = {
  streaming: 'https://platform.openai.com/docs/api-reference/chat-streaming',
  sse: 'https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation',
} as const

/** One chunk payload: a JSON object shaped like a `chat.completion.chunk`. */
export interface StreamChunk {
  /** 0-based position among the chunks. */
  position: number
  /** The SSE event that carried it (index, arrival time, raw text). */
  event: SseEvent
  value: Record<string, unknown>
}

export interface ParsedStream {
  sse: SseParseResult
  /** Every dispatched event, `[DONE]` included. */
  events: readonly SseEvent[]
  /** Chunk payloads before the first `[DONE]` (all of them when there is none): what a client reads. */
  chunks: StreamChunk[]
  /** The first `[DONE]` event, if any (`index` is its event index). */
  done: { seen: boolean; index: number | null }
  /** Events after the first `[DONE]`. */
  afterDone: SseEvent[]
  /** Payloads before `[DONE]` that are not JSON, or JSON but not an object. */
  notObjects: { event: SseEvent; reason: string }[]
  /**
   * JSON objects before `[DONE]` that are not chunks: a bare `{"cost": …}`, and in-band errors
   * (an `event: error` event, or a payload with a non-null `error` member, even chunk-shaped).
   */
  foreign: { event: SseEvent; value: Record<string, unknown> }[]
  /** Text after the last complete event (see SseParseResult.trailing). */
  trailing: string
  /** Data of an event the stream never finished (dropped by spec-following readers), or null. */
  trailingData: string | null
  /** Per choice, in index order. */
  choices: ChoiceAssembly[]
  /**
   * How the body arrived, in deliveries (see Delivery), or null when the capture has no
   * per-read arrival times (recordings).
   */
  deliveries: Delivery[] | null
}

/**
 * Reads of the body that arrived as one piece of the server's output, as far as the capture
 * can tell: a read that ends mid-line was cut by the transport (a TCP segment, a proxy's
 * buffer), not by a write of the server, so it is joined with the read after it. A server
 * that writes event by event ends its writes at line ends, so its reads are never joined;
 * a body written (or released by a buffering proxy) in one go is one delivery, however the
 * network cut it.
 */
export interface Delivery {
  /** Offsets into the decoded text (see src/sse/types.ts): `[from, to)`. */
  from: number
  to: number
  /** How many reads it joins. */
  reads: number
  /** Arrival times of its first and last read, ms since the request. */
  firstT: number
  lastT: number
}

/** One appearance of a choice in a chunk. */
export interface ChoiceEntry {
  /** Position of the chunk among the chunks. */
  position: number
  /** The choice object as sent (`choices[k]` of that chunk). */
  choice: Record<string, unknown>
  /** Its delta, or `{}` when it has none (the schema check reports that). */
  delta: Record<string, unknown>
}

export interface ToolCallFragment {
  position: number
  fragment: Record<string, unknown>
}

/** One tool call, put together from the fragments that share its `index`. */
export interface ToolCallAssembly {
  /** The `index` its fragments carry, as sent. */
  index: unknown
  fragments: ToolCallFragment[]
  /** The first fragment's `id`, `type` and `function.name`: where OpenAI sends them. */
  id: unknown
  type: unknown
  name: unknown
  /** The string `function.arguments` fragments, concatenated. */
  arguments: string
  /** Positions of fragments whose `function.arguments` is present but not a string. */
  nonStringArguments: number[]
}

export interface ChoiceAssembly {
  index: number
  entries: ChoiceEntry[]
  /** Every delta that carried a `role`, in order. */
  roles: { position: number; role: unknown }[]
  content: string
  /** Positions of the chunks whose delta carried non-empty content. */
  contentPositions: number[]
  refusal: string
  /** Every non-null `finish_reason`, in order. */
  finishes: { position: number; reason: unknown }[]
  /** In order of first appearance. */
  toolCalls: ToolCallAssembly[]
}

/** The exchange's body read as an event stream (memoised). */
export const parseStream: (exchange: Exchange) => ParsedStream = perExchange(readStream)

function readStream(exchange: Exchange): ParsedStream {
  const response = exchange.response
  const source = response?.chunks ?? response?.bodyText ?? ''
  const sse = parseSse(source)
  const doneIndex = sse.events.findIndex(isDone)
  const before = doneIndex === -1 ? sse.events : sse.events.slice(0, doneIndex)
  const chunks: StreamChunk[] = []
  const notObjects: ParsedStream['notObjects'] = []
  const foreign: ParsedStream['foreign'] = []
  for (const event of before) {
    const payload = parsePayload(event.data)
    if (!payload.ok) notObjects.push({ event, reason: payload.reason })
    else if (isErrorEvent(event) || !isChunkLike(payload.value)) foreign.push({ event, value: payload.value })
    else chunks.push({ position: chunks.length, event, value: payload.value })
  }
  return {
    sse,
    events: sse.events,
    chunks,
    done: { seen: doneIndex !== -1, index: doneIndex === -1 ? null : doneIndex },
    afterDone: doneIndex === -1 ? [] : sse.events.slice(doneIndex + 1),
    notObjects,
    foreign,
    trailing: sse.trailing,
    trailingData: sse.trailingData,
    choices: assembleChoices(chunks.map((chunk) => chunk.value)),
    deliveries: response?.chunks ? deliveries(response.chunks) : null,
  }
}

/** `event: error`: an in-band error whatever its payload (the SDK raises APIError on it). */
function isErrorEvent(event: SseEvent): boolean {
  return event.event === 'error'
}

function parsePayload(data: string): { ok: true; value: Record<string, unknown> } | { ok: false; reason: string } {
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch (error) {
    return { ok: false, reason: `not JSON (${(error as Error).message})` }
  }
  return isPlainObject(value)
    ? { ok: true, value }
    : { ok: false, reason: `JSON but not an object (${Array.isArray(value) ? 'an array' : typeof value})` }
}

/**
 * A payload counts as a chunk when it says so (`object: "chat.completion.chunk"`) or has
 * a chunk's two identifying members, `id` and a `choices` list. A chunk with a wrong
 * `object` is thus still judged as a chunk (by `stream.chunk.object`); a payload with
 * neither (`{"cost": "0"}`, `{"choices": [], "cost": "0"}`) is foreign. So is any payload
 * with a non-null `error` member, however chunk-shaped (OpenRouter's mid-stream errors are
 * `{"id", "object": "chat.completion.chunk", "choices", "error": {…}}`): it is an in-band
 * error, and the SDK raises on it instead of yielding a chunk.
 */
export function isChunkLike(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false
  if (value.error !== undefined && value.error !== null) return false
  return value.object === 'chat.completion.chunk' || ('id' in value && Array.isArray(value.choices))
}

/**
 * What a client reading by the official SDK's documented rules gets from the body: the JSON
 * payloads of the events before the first `[DONE]` (chunks or not), then the event the
 * stream never finished, when it never reached `[DONE]` (openai-node flushes it: "Servers
 * sometimes omit the trailing blank line that normally terminates the last event").
 * Payloads that are not JSON are left out: the SDK raises on them (sdk.call.succeeds).
 * Any body is read this way, as the SDK does: a plain JSON body yields nothing.
 *
 * The `sdk.stream.*` checks compare the SDK with this reading, so they report only what the
 * SDK loses or corrupts; what the rules forbid but the SDK tolerates is the `stream.*`
 * checks' to report.
 */
export function lenientPayloads(exchange: Exchange): unknown[] {
  const stream = parseStream(exchange)
  const before = stream.done.seen ? stream.events.slice(0, stream.done.index!) : stream.events
  const data = before.map((event) => event.data)
  if (!stream.done.seen && stream.trailingData !== null && stream.trailingData !== '[DONE]')
    data.push(stream.trailingData)
  return data.flatMap((text) => {
    try {
      return [JSON.parse(text) as unknown]
    } catch {
      return []
    }
  })
}

/** Assembles each choice's message from chunk values, in order. Total: ignores what it cannot read. */
export function assembleChoices(chunks: readonly unknown[]): ChoiceAssembly[] {
  const byIndex = new Map<number, ChoiceAssembly>()
  chunks.forEach((chunk, position) => {
    if (!isPlainObject(chunk) || !Array.isArray(chunk.choices)) return
    for (const choice of chunk.choices) {
      if (!isPlainObject(choice) || !isIndex(choice.index)) continue
      let assembly = byIndex.get(choice.index)
      if (!assembly) {
        assembly = {
          index: choice.index,
          entries: [],
          roles: [],
          content: '',
          contentPositions: [],
          refusal: '',
          finishes: [],
          toolCalls: [],
        }
        byIndex.set(choice.index, assembly)
      }
      addEntry(assembly, position, choice)
    }
  })
  return [...byIndex.values()].sort((a, b) => a.index - b.index)
}

function addEntry(assembly: ChoiceAssembly, position: number, choice: Record<string, unknown>): void {
  const delta = isPlainObject(choice.delta) ? choice.delta : {}
  assembly.entries.push({ position, choice, delta })
  if ('role' in delta && delta.role !== undefined && delta.role !== null)
    assembly.roles.push({ position, role: delta.role })
  if (typeof delta.content === 'string' && delta.content !== '') {
    assembly.content += delta.content
    assembly.contentPositions.push(position)
  }
  if (typeof delta.refusal === 'string') assembly.refusal += delta.refusal
  if (choice.finish_reason !== null && choice.finish_reason !== undefined)
    assembly.finishes.push({ position, reason: choice.finish_reason })
  if (Array.isArray(delta.tool_calls)) {
    for (const fragment of delta.tool_calls)
      if (isPlainObject(fragment)) addToolCallFragment(assembly, position, fragment)
  }
}

function addToolCallFragment(assembly: ChoiceAssembly, position: number, fragment: Record<string, unknown>): void {
  const fn = isPlainObject(fragment.function) ? fragment.function : {}
  let call = assembly.toolCalls.find((c) => c.index === fragment.index)
  if (!call) {
    call = {
      index: fragment.index,
      fragments: [],
      id: fragment.id,
      type: fragment.type,
      name: fn.name,
      arguments: '',
      nonStringArguments: [],
    }
    assembly.toolCalls.push(call)
  }
  call.fragments.push({ position, fragment })
  if (typeof fn.arguments === 'string') call.arguments += fn.arguments
  else if (fn.arguments !== undefined) call.nonStringArguments.push(position)
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
}

/** What a client ends up with for one choice: the basis of every SDK comparison. */
export interface ChoiceView {
  index: number
  role: unknown
  content: string
  refusal: string
  finishReason: unknown
  toolCalls: { id: unknown; name: unknown; arguments: string }[]
}

export function choiceView(assembly: ChoiceAssembly): ChoiceView {
  return {
    index: assembly.index,
    role: assembly.roles[0]?.role ?? null,
    content: assembly.content,
    refusal: assembly.refusal,
    finishReason: assembly.finishes[0]?.reason ?? null,
    toolCalls: assembly.toolCalls.map((call) => ({
      id: call.id ?? null,
      name: call.name ?? null,
      arguments: call.arguments,
    })),
  }
}

/** The stream of a successful exchange, or why the check does not apply. */
export function eventStream(exchange: Exchange): Applicable<ParsedStream> {
  if (!isSuccess(exchange))
    return skip(`the request did not succeed (HTTP ${exchange.response?.status}); see http.status.success`)
  // A plain JSON answer is never read as an empty stream: that is reported, not passed.
  if (jsonBody(exchange).ok) return skip('the body is plain JSON, not an event stream; see stream.http.not-json')
  if (exchange.response?.bodyText == null && !exchange.response?.chunks) return skip('the response has no text body')
  return { value: parseStream(exchange) }
}

/** Runs `rule` on the exchange's stream, or skips when there is none. */
export function onStream(ctx: CheckContext<any>, rule: (stream: ParsedStream) => CheckResult): CheckResult {
  const stream = eventStream(ctx.exchange)
  return 'skip' in stream ? stream : rule(stream.value)
}

/** Locates a chunk (and a pointer inside it) for findings: `sse event 4 /choices/0/delta`. */
export function atChunk(stream: ParsedStream, position: number, pointer = ''): string {
  const chunk = stream.chunks[position]
  const where = chunk ? `sse event ${chunk.event.index}` : `chunk ${position}`
  return pointer ? `${where} ${pointer}` : where
}

/** Where a choice sits inside the chunk that carried an entry of it. */
export function choicePointer(entry: ChoiceEntry, stream: ParsedStream, suffix = ''): string {
  const chunk = stream.chunks[entry.position]
  const k = Array.isArray(chunk?.value.choices) ? chunk.value.choices.indexOf(entry.choice) : -1
  return atChunk(stream, entry.position, `/choices/${k}${suffix}`)
}

/** `stream_options.include_usage` was set. */
export function includeUsage(request: Record<string, unknown>): boolean {
  return isPlainObject(request.stream_options) && request.stream_options.include_usage === true
}

/** The number of choices the request asked for. */
export function requestedChoices(request: Record<string, unknown>): number {
  return typeof request.n === 'number' ? request.n : 1
}

/** Chunks that carry a usage object (not null). */
export function usageChunks(stream: ParsedStream): StreamChunk[] {
  return stream.chunks.filter((chunk) => isPlainObject(chunk.value.usage))
}

/** The body's reads grouped into deliveries (see Delivery). */
export function deliveries(chunks: readonly BodyChunk[]): Delivery[] {
  const out: Delivery[] = []
  let open: Delivery | null = null
  let offset = 0
  for (const chunk of chunks) {
    const from = offset
    offset += chunk.text.length
    if (open) {
      open.to = offset
      open.reads++
      open.lastT = chunk.t
    } else {
      open = { from, to: offset, reads: 1, firstT: chunk.t, lastT: chunk.t }
      out.push(open)
    }
    // A read that ends at a line end may be a write of the server: the next read starts a new delivery.
    if (/[\r\n]$/.test(chunk.text)) open = null
  }
  return out
}

/** The delivery that completed an event (the one holding its last character), or null without arrival times. */
export function deliveryOf(stream: ParsedStream, event: SseEvent): Delivery | null {
  const end = event.offset + event.raw.length - 1
  return stream.deliveries?.find((delivery) => delivery.from <= end && end < delivery.to) ?? null
}

const MAX_FINDINGS = 12

/**
 * Findings capped for the report: a deviation on every chunk of a long stream is one
 * problem, so the first few and a count of the rest say it.
 */
export function capFindings(findings: Finding[], max = MAX_FINDINGS): Finding[] {
  if (findings.length <= max) return findings
  return [...findings.slice(0, max), { message: `… and ${findings.length - max} more like these` }]
}

/** The first difference between two texts, with context, for equivalence findings. */
export function textDifference(actual: string, expected: string, context = 24): string {
  let i = 0
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++
  const from = Math.max(0, i - context)
  const excerpt = (text: string) =>
    `${from > 0 ? '…' : ''}${text.slice(from, i + context)}${i + context < text.length ? '…' : ''}`
  return `first difference at character ${i}: ${JSON.stringify(excerpt(actual))} vs ${JSON.stringify(excerpt(expected))}`
}

/** Timing evidence for an event-stream response: events dispatched and time to first content. */
export function streamTiming(exchange: Exchange): { events: number; firstContentMs: number | null } | null {
  if (!exchange.response || mediaType(exchange) !== 'text/event-stream') return null
  const stream = parseStream(exchange)
  const first = stream.chunks.find((chunk) => carriesOutput(chunk.value))
  return { events: stream.events.length, firstContentMs: first?.event.t ?? null }
}

/** The chunk carries model output: content, a refusal or a tool-call fragment. */
function carriesOutput(chunk: Record<string, unknown>): boolean {
  if (!Array.isArray(chunk.choices)) return false
  return chunk.choices.some((choice) => {
    const delta = isPlainObject(choice) && isPlainObject(choice.delta) ? choice.delta : {}
    return (
      (typeof delta.content === 'string' && delta.content !== '') ||
      (typeof delta.refusal === 'string' && delta.refusal !== '') ||
      (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0)
    )
  })
}
