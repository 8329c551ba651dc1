/**
 * The vocabulary of the engine: checks, cases, and what they produce.
 *
 * A check is a pure function of captured exchanges. A case is data: a request, the
 * operation that sends it, and the checks that judge the result.
 */
import type { Capability, ModelRole } from './capabilities.ts'
import type { Exchange } from './exchange.ts'
import type { TargetOptions } from './target-options.ts'

export type Level = 'required' | 'recommended' | 'optional'

/** Per-check outcome. `fail` only for required checks; recommended/optional deviations are `warn`. */
export type Status = 'pass' | 'fail' | 'warn' | 'skip' | 'inconclusive'

/**
 * A stable reference into the recorded spec: an operationId plus a JSON pointer into
 * `schemas/openai.schema.json` (for example `#/components/schemas/CreateChatCompletionResponse`),
 * or a documentation anchor when the rule is not in the schema.
 */
export interface SpecRef {
  operationId?: string
  /** JSON pointer into the recorded schemas bundle; resolved by the suite lint. */
  pointer?: string
  /** A documentation URL with anchor, for rules the schema cannot express. */
  doc?: string
}

/** One deviation a check found. */
export interface Finding {
  message: string
  /** JSON pointer (or a description such as `sse event 3`) locating the offending part. */
  at?: string
  /** The offending value, redacted and trimmed for the report. */
  actual?: unknown
  expected?: unknown
}

/**
 * A check's answer: findings (none = pass), that it does not apply, a pass that carries
 * information for the report (`note`: what an informational probe found, e.g. "accepts the
 * vendor form"; it becomes the outcome's message), or that the exchanges cannot decide it
 * (`inconclusive`: what they lack, e.g. two replies a comparison needs alike differ).
 */
export type CheckResult = Finding[] | { skip: string } | PassNote | Undecided

/** The exchanges cannot decide the check; the reason is reported and the outcome is `inconclusive`, never a pass. */
export interface Undecided {
  inconclusive: string
  skip?: never
}

/** A pass with information. (`skip?: never` keeps `result.skip` readable on any non-array result.) */
export interface PassNote {
  note: string
  skip?: never
}

/** The exchanges a case produced, by name. `main` always exists. */
export type Exchanges = { main: Exchange } & Record<string, Exchange>

export interface CheckContext<P = unknown> {
  /** The case's main exchange. */
  exchange: Exchange
  /** All exchanges of the case (e.g. `main` and its non-streamed `twin`). */
  exchanges: Exchanges
  /** The request body/params the case sent on its main exchange (model filled in). */
  request: Record<string, unknown>
  /** The check's parameters from the case declaration. */
  params: P
  /** The model ids configured for the target. */
  models: Partial<Record<ModelRole, string>>
  /** The model ids the target's `GET /models` listed, when the run asked it (its smoke request); absent otherwise (recordings). */
  listedModels?: readonly string[]
}

/** A check whose failure explains another's (Check.explainedBy), and when it does (always, without `when`). */
export type Explanation = string | { check: string; when(ctx: CheckContext): boolean }

export interface Check<P = any, Id extends string = string> {
  /** Stable id, `area.subject.rule`, never reused: `chat.response.schema`. */
  id: Id
  title: string
  level: Level
  spec: SpecRef
  /** One line: what the check enforces, read like the spec ("… MUST …"). */
  description: string
  /**
   * Where the spec is ambiguous or our reading needs a reason, say so here; such a
   * check is `recommended` (a warning), never a silent pass.
   */
  notes?: string
  /**
   * What of the response the check reads, which decides how it judges a response that did
   * not arrive whole (see src/engine/evaluate.ts): `head`, the status and headers (judged
   * as usual); `prefix`, each part on its own (its findings in what arrived stand); `body`,
   * the whole body (not judged without it).
   * @default 'body'
   */
  reads?: 'head' | 'prefix' | 'body'
  /**
   * The check judges the exchanges as sent, secrets included (whether an endpoint echoes the
   * presented key back); every other check sees them with secrets redacted. Its findings are
   * redacted like everything else a result shows.
   */
  asSent?: true
  /**
   * The checks whose failure explains this one's: when one of them fails (or warns) on the
   * same case, and its `when` holds, this check's own deviation is only an echo of that root
   * cause, and the engine reports it as a skip pointing at the root ("see <id>"). One root
   * cause, one finding (see src/engine/evaluate.ts).
   */
  explainedBy?: readonly Explanation[]
  /**
   * The reverse, for a root cause every check of the body echoes: when this check fails (and
   * its `when` holds of its own context), the deviations of every other check that reads the
   * body are its echoes, but those of the checks named in `except` (a deviation of their own).
   * `readers: 'body'`: every check that reads the body (`reads` not `head`); `'whole-body'`:
   * only those that judge it whole (`reads: 'body'`), when what came before the cause stands.
   */
  explains?: { readers: 'body' | 'whole-body'; except?: readonly string[]; when?(ctx: CheckContext): boolean }
  run(ctx: CheckContext<P>): CheckResult
}

/**
 * How a case refers to a check: its id, or `[id, params]`. `Id` narrows the ids to those that
 * exist (the catalogue's `CheckId`), so a suite naming an unknown check fails `tsc`.
 */
export type CheckUse<Id extends string = string> = Id | readonly [Id, unknown]

/** A request member's value a premise can ask for: a JSON primitive. */
export type RequestValue = string | number | boolean

/**
 * A condition on one member of the request body: it `is` a value (`===`), `isNot` one (an
 * absent member is not), is `present` or not (`null` counts as present), or is a `nonEmpty` list.
 */
export type RequestCondition =
  | { is: RequestValue }
  | { isNot: RequestValue }
  | { present: boolean }
  | { nonEmpty: true }

/** Conditions on request members by dotted path into the body (`stream_options.include_usage`); all must hold. */
export type RequestConditions = Readonly<Record<string, RequestCondition>>

/**
 * What an exchange must be for a check set to apply. Declarative, so docs can show it; every
 * part stated must hold, an absent part always holds.
 */
export interface CheckSetPremise {
  /** The HTTP method, and the path the URL's path ends with (`{name}` matches one segment): `/chat/completions`. */
  endpoint?: { method: string; path: string }
  /**
   * `error`: the response status is 400 or above. `success`: it is not (no response counts:
   * the set's status checks then say what went wrong).
   */
  status?: 'success' | 'error'
  /** Conditions on the request body; a list of groups holds when any one group does. */
  request?: RequestConditions | readonly RequestConditions[]
  /** What the data cannot say: a sentence for the docs, and the test on the request body. */
  where?: { says: string; holds(request: Record<string, unknown>): boolean }
}

/**
 * A named set of check uses with the premise under which they apply. Suites compose check
 * sets into cases; inference over an exchange nobody declared a case for (a recording) applies
 * every set whose premise holds, except those that need a case and parts.
 */
export interface CheckSet<Id extends string = string> {
  /** Stable, `area.subject`: `chat.completion`. */
  name: string
  /** One line: what the set judges. */
  title: string
  premise: CheckSetPremise
  checks: readonly CheckUse<Id>[]
  /**
   * Why inference never applies the set: its checks need a declared case (they judge model
   * behaviour a prompt asks for, compare two exchanges, read the SDK's outcome of one call, or
   * take params a recording cannot supply).
   */
  needsCase?: string
  /** A part: checks several slices' sets compose (it names no operation), applied only through them. */
  part?: true
}

/** The operations the transport knows how to perform with the SDK; see src/transport/operations.ts. */
export type OperationName =
  | 'chat.completions.create'
  | 'chat.completions.create.stream'
  | 'chat.completions.stream'
  | 'chat.completions.parse'
  | 'models.list'
  | 'models.retrieve'
  | 'embeddings.create'
  | 'images.generate'
  | 'images.download'
  | 'audio.speech.create'

/**
 * Request values a target may set for itself, beside its models. A case declares the default
 * in its body and names the member in `RequestSpec.fromTarget`; a target that configures a
 * value sends it instead.
 */
export interface TargetParams {
  /** The voice speech requests ask for (`--voice`, `target.voice`); OpenAI's are names like `alloy`. */
  voice?: string
}

/** Why a request cannot be derived from the earlier exchange it follows (see RequestSpec.following). */
export interface Underivable {
  cannot: string
}

export interface RequestSpec {
  operation: OperationName
  /**
   * The request body (or, for `models.retrieve`, `{ model }`). `model` is filled from the
   * target's model for the case's role when absent.
   */
  body: Record<string, unknown>
  /** `invalid` sends a wrong API key on purpose (auth error cases). */
  auth?: 'valid' | 'invalid'
  /**
   * A request made from what an earlier exchange of the case returned (the URL of an image
   * it named, a stop word from its reply): sent once that exchange is captured, its body
   * `body` merged with what `from(earlier)` gives. `null`, or `{ cannot: reason }`, from it
   * means there is nothing to send: a related exchange is then absent (the checks that read
   * it say why); without the main one the case is inconclusive with the reason. Any request
   * may follow any other of the case, the main one too. The endpoint named where it goes, so
   * that it cannot be reached (`network`) is judged by the checks that read it, not left
   * inconclusive.
   */
  following?: { exchange: string; from(earlier: Exchange): Record<string, unknown> | Underivable | null }
  /** Body members the target's own value replaces when it configures one (TargetParams). @default [] */
  fromTarget?: readonly (keyof TargetParams)[]
}

export interface CaseDefinition<Id extends string = string> {
  /** Stable, never reused: `chat.basic.single-turn`. */
  id: string
  title: string
  capability: Capability
  /** The model role to fill `model` from; defaults to the capability's role. */
  model?: ModelRole
  /** The main request. */
  request: RequestSpec
  /** Further requests judged together with the main one, by name (e.g. `twin`). */
  related?: Record<string, RequestSpec>
  checks: readonly CheckUse<Id>[]
  /** What a competent model is asked to do, for the record (model behaviour vs protocol). */
  asked?: string
  /**
   * What the case is about, which decides whether a persistent 500 is a verdict:
   * - `success` (default): a valid request; a 500 after the retries may be upstream trouble,
   *   so the case is inconclusive.
   * - `error`: a wrong request sent on purpose; a 500 means the server crashed where it
   *   should have rejected: judged.
   * - `acceptance`: a canonical request form the SDK sends (developer role, content parts,
   *   `content: null` with tool calls…); a 500 that persists through the retries means the
   *   server crashed on that form: judged.
   */
  expect?: 'success' | 'error' | 'acceptance'
  /**
   * Request parameters a model may legitimately not support (OpenAI's reasoning models reject
   * `stop`, `temperature`, `max_tokens`, `logprobs`). A 400 in the OpenAI envelope naming one
   * of them with code `unsupported_parameter` / `unsupported_value` makes the case `skip`
   * with that reason; any other rejection is judged as usual.
   */
  optionalParams?: readonly string[]
  /**
   * How the target's options (what its models take, `target.images`…) shape the case: the
   * case as this target gets it, or why it does not apply (the case skips with that reason).
   * Applied before the case runs; without it the case runs as declared.
   */
  forTarget?(options: TargetOptions): CaseDefinition<Id> | { skip: string }
}

export interface Suite<Id extends string = string> {
  capability: Capability
  title: string
  cases: readonly CaseDefinition<Id>[]
}

/** Evidence attached to a non-passing check, redacted. */
export interface Evidence {
  request: { method: string; url: string; body: unknown }
  response: { status: number | null; contentType: string | null; excerpt?: unknown } | null
  findings: Finding[]
  retries?: number
  transportError?: string
}

export interface CheckOutcome {
  id: string
  level: Level
  status: Status
  spec: SpecRef
  message: string
  evidence: Evidence | null
  /** Set when the message is information an informational probe found (a passing check's note). */
  note?: true
}

/** What the report records of an event stream's timing. */
export interface StreamTiming {
  /** SSE events dispatched (our strict reader), `[DONE]` included. */
  events: number
  /** ms from sending to the first event carrying content (text, refusal or a tool call), or null. */
  firstContentMs: number | null
}

/** Tokens an exchange consumed, as its response's `usage` reports them. */
export interface TokenUsage {
  prompt: number
  completion: number
  /** `total_tokens` as reported, else prompt + completion. */
  total: number
}

export interface ExchangeSummary {
  name: string
  method: string
  url: string
  status: number | null
  headersMs: number | null
  firstByteMs: number | null
  totalMs: number | null
  retries: number
  chunks?: number
  /** Event streams: SSE events dispatched (our strict reader), `[DONE]` included. */
  events?: number
  /** Event streams: ms from sending to the first event carrying content (text, refusal or a tool call), or null. */
  firstContentMs?: number | null
  /** The request body as sent (redacted), bounded like a finding's values; absent when there was none. */
  requestBody?: unknown
  /** The response's `content-type`, or null when it had none; absent when no response arrived. */
  contentType?: string | null
  /**
   * The start of the response body as text (bounded), or `binary, N bytes`; absent when no
   * response arrived, and for a stream whose events are in `timeline`.
   */
  responseExcerpt?: string
  /** Event streams (and responses to `stream: true`): the first events dispatched, with their arrival times; absent when none was. */
  timeline?: TimelineEvent[]
  /** Why the exchange did not complete: `kind: message`. */
  transportError?: string
  /** The tokens the response reports it consumed; absent when it reports none. */
  usage?: TokenUsage
}

/** One server-sent event as a report records it: when it arrived and what it carried. */
export interface TimelineEvent {
  /** Milliseconds from sending the request to the chunk that completed the event; null when unknown (recordings). */
  t: number | null
  /** The event's type: `message` unless the stream named another. */
  event: string
  /** Its data lines, joined, cut to a bounded excerpt. */
  data: string
}

export interface CaseResult {
  id: string
  capability: Capability
  title: string
  status: Status
  durationMs: number
  checks: CheckOutcome[]
  exchanges: ExchangeSummary[]
  /** Set when the whole case was skipped or inconclusive for one reason. */
  reason?: string
  /** What the model was asked to do, for the record (model behaviour vs protocol). */
  asked?: string
  /** Where the exchange was captured, for a case judged from captured traffic (`validate`, `proxy`). */
  source?: CaptureSource
}

/** Where a captured exchange came from: a capture file (and its place in it), or the proxy. */
export interface CaptureSource {
  /** The capture file, as named on the command line; absent for traffic the proxy saw. */
  file?: string
  /** The entry's index in a HAR's `log.entries` (from 0). */
  entry?: number
  /** The line in a JSON Lines file (from 1). */
  line?: number
  /** The exchange's number in the order the proxy saw them (from 1). */
  exchange?: number
}
