/**
 * Faults in function calling: the tool calls a completion returns (streamed and not), the
 * tool_choice and parallel_tool_calls parameters an endpoint ignores, and the canonical
 * request forms of a tool conversation that an endpoint rejects.
 *
 * Response faults edit each tool call through `eachToolCall`, which works on both forms: the
 * message's `tool_calls`, and a stream's fragments (assembled per call, edited, written
 * back). Parameter faults delete the parameter before the reference reads the request;
 * rejection faults answer 400 (or crash with 500) the way the vendor they are modelled on does.
 */
import { lastUserText } from '../reference/model/index.ts'
import { statedValues } from '../reference/model/structured.ts'
import { vendorJson } from '../../shared/faults/helpers.ts'
import type { Fault, FaultHooks, ReferenceRequest } from '../../../reference/fault.ts'
import { choicesOf, forChatCompletions, messagesOf } from './helpers.ts'

type Json = Record<string, any>

/** One tool call as a fault edits it. */
export interface EditableToolCall {
  id: unknown
  type: unknown
  name: unknown
  arguments: unknown
}

/** Where the call is: its position among its message's calls (all of them, edited in order), and the request. */
interface CallSite {
  position: number
  siblings: readonly EditableToolCall[]
  req: ReferenceRequest
}

type EditToolCall = (call: EditableToolCall, site: CallSite) => void

/**
 * Hooks that edit every tool call of a response, non-streamed or streamed. In a stream the
 * fragments of each call are assembled, the call is edited, and the result is written back:
 * id, type and name on the first fragment, the whole arguments text on the first fragment
 * that carried argument text (the others carry '').
 */
export function eachToolCall(edit: EditToolCall): Pick<FaultHooks, 'body' | 'events'> {
  return {
    body(completion, req) {
      for (const choice of choicesOf(completion)) {
        const calls: Json[] = Array.isArray(choice.message?.tool_calls) ? choice.message.tool_calls : []
        const edited = editAll(
          calls.map((call) => ({
            id: call.id,
            type: call.type,
            name: call.function?.name,
            arguments: call.function?.arguments,
          })),
          req,
          edit,
        )
        edited.forEach((call, i) => writeCall(calls[i]!, call))
      }
      return completion
    },
    events(chunks, req) {
      for (const calls of streamedCallsByChoice(chunks).values()) {
        const edited = editAll(calls.map(assembleFragments), req, edit)
        edited.forEach((call, i) => writeFragments(calls[i]!, call))
      }
      return chunks
    },
  }
}

function editAll(calls: EditableToolCall[], req: ReferenceRequest, edit: EditToolCall): EditableToolCall[] {
  calls.forEach((call, position) => edit(call, { position, siblings: calls, req }))
  return calls
}

/** Per choice index, the fragments of each streamed call (in order of the calls' first fragments). */
function streamedCallsByChoice(chunks: Json[]): Map<number, Json[][]> {
  const byChoice = new Map<number, Map<unknown, Json[]>>()
  for (const chunk of chunks) {
    for (const choice of choicesOf(chunk)) {
      for (const fragment of choice.delta?.tool_calls ?? []) {
        const calls = byChoice.get(choice.index) ?? new Map<unknown, Json[]>()
        byChoice.set(choice.index, calls)
        calls.set(fragment.index, [...(calls.get(fragment.index) ?? []), fragment])
      }
    }
  }
  return new Map([...byChoice].map(([index, calls]) => [index, [...calls.values()]]))
}

function assembleFragments(fragments: Json[]): EditableToolCall {
  const first = fragments[0]!
  const text = fragments
    .map((fragment) => fragment.function?.arguments)
    .filter((piece) => typeof piece === 'string')
    .join('')
  return { id: first.id, type: first.type, name: first.function?.name, arguments: text }
}

function writeFragments(fragments: Json[], call: EditableToolCall): void {
  const first = fragments[0]!
  writeCall(first, { ...call, arguments: undefined })
  const carrier = fragments.find((fragment, i) => i > 0 && typeof fragment.function?.arguments === 'string') ?? first
  for (const fragment of fragments)
    if (fragment.function && 'arguments' in fragment.function) fragment.function.arguments = ''
  carrier.function = { ...carrier.function, arguments: call.arguments }
}

/** Writes an edited call back: undefined members are removed, `arguments` only when given. */
function writeCall(target: Json, call: EditableToolCall): void {
  setOrDelete(target, 'id', call.id)
  setOrDelete(target, 'type', call.type)
  target.function = { ...target.function }
  setOrDelete(target.function, 'name', call.name)
  if (call.arguments !== undefined) target.function.arguments = call.arguments
}

function setOrDelete(target: Json, key: string, value: unknown): void {
  if (value === undefined) delete target[key]
  else target[key] = value
}

/** A `respond` hook that deletes `tool_choice` when `matches` says so: the endpoint ignores it. */
function ignoresToolChoice(matches: (choice: unknown) => boolean): NonNullable<FaultHooks['respond']> {
  return (req) => {
    if (req.body && matches(req.body.tool_choice)) delete req.body.tool_choice
    return undefined
  }
}

/** A `respond` hook that answers `status` (400 unless said) with `error` when the request's messages match. */
function rejectsMessages(
  matches: (messages: Json[], req: ReferenceRequest) => boolean,
  error: Json,
  status = 400,
): NonNullable<FaultHooks['respond']> {
  return (req) => (matches(messagesOf(req), req) ? vendorJson(status, error) : undefined)
}

const isToolCallMessage = (message: Json) =>
  message?.role === 'assistant' && Array.isArray(message.tool_calls) && message.tool_calls.length > 0
const hasContentNullCall = (messages: Json[]) => messages.some((m) => isToolCallMessage(m) && m.content === null)
/** The declared tool the call names is strict. */
const isStrictCall = (call: EditableToolCall, req: ReferenceRequest) =>
  (Array.isArray(req.body?.tools) ? req.body.tools : []).some(
    (tool: Json) => tool?.function?.name === call.name && tool.function.strict === true,
  )

export const toolFaults: Fault[] = forChatCompletions([
  {
    name: 'tools-arguments-object',
    description: '`function.arguments` is the decoded JSON object instead of a JSON string.',
    modelledOn:
      "llama.cpp server (llama.cpp#20198, reverted by #20202: arguments served as objects) and Ollama's native tool calls passed through by translators.",
    proves: ['tools.call.arguments-string', 'chat.response.schema'],
    hooks: {
      body: eachToolCall((call) => {
        if (typeof call.arguments === 'string') call.arguments = JSON.parse(call.arguments)
      }).body!,
    },
  },
  {
    name: 'tools-call-id-empty',
    description: 'Tool calls carry `id: ""` (streamed and not).',
    modelledOn:
      'Gemini\'s OpenAI-compatible endpoint (vercel/ai#7834, openai-dotnet#428, camel#3027: `"id": ""` on tool calls).',
    proves: ['tools.call.id', 'tools.stream.assembled', 'stream.tool-calls.first-fragment'],
    hooks: eachToolCall((call) => (call.id = '')),
  },
  {
    name: 'tools-call-type-missing',
    description: 'Tool calls have no `type`.',
    modelledOn:
      'vLLM and Ollama builds that omit or null `type` on tool calls (mistral-vibe#552 made the field optional for them).',
    proves: ['tools.call.type', 'chat.response.schema'],
    hooks: { body: eachToolCall((call) => (call.type = undefined)).body! },
  },
  {
    name: 'tools-name-prefixed',
    description: 'The function name comes back prefixed, `functions.get_weather`, not as declared (streamed and not).',
    modelledOn:
      'gpt-oss (harmony) serving stacks that leak the `functions.` recipient prefix into the name (tilesprivacy/tiles#162 normalises `functions.read<|channel|>analysis`).',
    proves: ['tools.call.name', 'tools.stream.assembled'],
    hooks: eachToolCall((call) => (call.name = `functions.${String(call.name)}`)),
  },
  {
    name: 'tools-strict-not-enforced',
    description:
      "Accepts `strict: true` but does not constrain decoding: a strict tool's arguments miss a required property and add an undeclared one.",
    modelledOn:
      'Servers that accept `strict` and only prompt for the schema (imp#1597: strict enforced only when every tool is strict, else silently best effort).',
    proves: [
      'tools.strict.arguments-valid',
      'tools.strict.parallel-arguments-valid',
      'tools.stream.assembled',
      'tools.sdk.parsed-arguments',
    ],
    hooks: eachToolCall((call, { req }) => {
      if (!isStrictCall(call, req) || typeof call.arguments !== 'string') return
      const args = JSON.parse(call.arguments)
      const [dropped] = Object.keys(args).slice(-1)
      if (dropped !== undefined) delete args[dropped]
      call.arguments = JSON.stringify({ ...args, note: 'extra' })
    }),
  },
  {
    name: 'tools-strict-follows-prompt',
    description:
      'Accepts `strict: true` without constraining decoding, and its model is otherwise good: it writes valid arguments for a cooperative prompt, but copies values the prompt spells out (`key: value` lines) even where the schema cannot hold them.',
    modelledOn:
      'Any server that takes `strict` as a hint (imp#1597) in front of a competent model: cooperative prompts cannot tell it from enforcement, only a prompt that asks for what the schema forbids can.',
    proves: ['tools.strict.arguments-valid'],
    hooks: eachToolCall((call, { req }) => {
      const stated = statedValues(lastUserText(messagesOf(req)))
      if (!isStrictCall(call, req) || typeof call.arguments !== 'string' || Object.keys(stated).length === 0) return
      call.arguments = JSON.stringify({ ...JSON.parse(call.arguments), ...stated })
    }),
  },
  {
    name: 'tools-arguments-python-literal',
    description: "Arguments in Python literal syntax (`{'location': 'Paris'}`), not JSON.",
    modelledOn: 'Qwen3-Coder and pythonic tool parsers passing Python literals through (vllm-mlx#63, mlx-lm#945).',
    proves: ['tools.call.arguments-valid', 'tools.strict.arguments-valid'],
    hooks: {
      body: eachToolCall((call) => {
        if (typeof call.arguments === 'string') call.arguments = call.arguments.replaceAll('"', "'")
      }).body!,
    },
  },
  {
    name: 'tools-duplicate-call-ids',
    description: 'Every tool call of a message gets the same id (streamed and not).',
    modelledOn:
      "Xinference (xorbitsai/inference#4237: each call's id derived from the completion id, so parallel calls share it).",
    proves: ['tools.call.ids-unique'],
    hooks: eachToolCall((call, { position, siblings }) => {
      if (position > 0) call.id = siblings[0]!.id
    }),
  },
  {
    name: 'tools-finish-reason-stop',
    description: "A message with tool calls finishes with 'stop' where OpenAI sends 'tool_calls'.",
    modelledOn: 'sglang#2877 and mlx-vlm#1014 (finish_reason "stop" after a tool call).',
    proves: ['tools.finish-reason'],
    hooks: {
      body: (completion) => {
        for (const choice of choicesOf(completion))
          if (choice.finish_reason === 'tool_calls') choice.finish_reason = 'stop'
        return completion
      },
    },
  },
  {
    name: 'tools-choice-none-ignored',
    description: 'Ignores `tool_choice: "none"`: a prompt that asks for a tool still gets a call.',
    modelledOn: 'Ollama (ollama#17921: "none" still calls tools) and FastFlowLM before #728.',
    proves: ['tools.choice.none'],
    hooks: { respond: ignoresToolChoice((choice) => choice === 'none') },
  },
  {
    name: 'tools-choice-required-ignored',
    description: 'Ignores `tool_choice: "required"`: it behaves as "auto", so a prompt that needs no tool gets text.',
    modelledOn: 'Ollama (ollama#11171: "required" silently accepted and dropped) and mlx-vlm#1045.',
    proves: ['tools.choice.required', 'stream.tool-calls.forced'],
    hooks: { respond: ignoresToolChoice((choice) => choice === 'required') },
  },
  {
    name: 'tools-choice-named-ignored',
    description: 'Ignores a named `tool_choice`: it behaves as "auto".',
    modelledOn: 'Ollama (ollama#17921: a forced function returns plain text) and LiteRT-LM#2471.',
    proves: ['tools.choice.named', 'stream.tool-calls.forced'],
    hooks: { respond: ignoresToolChoice((choice) => typeof choice === 'object' && choice !== null) },
  },
  {
    name: 'tools-parallel-false-ignored',
    description: 'Ignores `parallel_tool_calls: false`: a prompt that needs two calls gets two.',
    modelledOn: 'sglang#9696 ("parallel_tool_calls=False is not strictly enforced") and vLLM before #22218.',
    proves: ['tools.parallel.disabled'],
    hooks: {
      respond: (req) => {
        if (req.body?.parallel_tool_calls === false) delete req.body.parallel_tool_calls
        return undefined
      },
    },
  },
  {
    name: 'tools-single-call-only',
    description: 'Returns only the first tool call of a message; parallel calls are dropped.',
    modelledOn:
      'Tool parsers that stop at the first call in the model output (brainlid/langchain#620: parallel Gemini calls were being dropped).',
    proves: ['tools.parallel.called'],
    hooks: {
      body: (completion) => {
        for (const choice of choicesOf(completion))
          if (Array.isArray(choice.message?.tool_calls))
            choice.message.tool_calls = choice.message.tool_calls.slice(0, 1)
        return completion
      },
    },
  },
  {
    name: 'tools-call-as-text',
    description:
      'Under "auto" the tool call comes back as `<tool_call>` text in `content`, with no `tool_calls` (no tool parser).',
    modelledOn:
      "vLLM started without --enable-auto-tool-choice / --tool-call-parser, which returns the model's raw tool-call text as content.",
    proves: ['tools.call.not-in-content'],
    hooks: {
      body: (completion, req) => {
        if (req.body?.tool_choice !== undefined && req.body.tool_choice !== 'auto') return completion
        for (const choice of choicesOf(completion)) {
          const calls: Json[] | undefined = choice.message?.tool_calls
          if (!Array.isArray(calls)) continue
          choice.message.content = calls
            .map(
              (call) =>
                `<tool_call>{"name": "${call.function.name}", "arguments": ${call.function.arguments}}</tool_call>`,
            )
            .join('\n')
          delete choice.message.tool_calls
          choice.finish_reason = 'stop'
        }
        return completion
      },
    },
  },
  {
    name: 'tools-auto-answers-in-prose',
    description:
      'Under "auto" the model answers in prose instead of calling the tool the prompt names (the endpoint itself is fine).',
    modelledOn:
      'Small models that rarely choose a tool under "auto" (model behaviour, not protocol): what tools.choice.auto-called and tools.parallel.called warn about.',
    proves: ['tools.choice.auto-called', 'tools.parallel.called'],
    hooks: {
      respond: (req) => {
        const choice = req.body?.tool_choice
        if (Array.isArray(req.body?.tools) && (choice === undefined || choice === 'auto')) req.body.tool_choice = 'none'
        return undefined
      },
    },
  },
  {
    name: 'tools-drops-tool-results',
    description: 'Drops tool-call and tool-result messages from the conversation, so the model never sees the results.',
    modelledOn:
      'mlx-openai-server before #205 (assistant tool-call messages with null content skipped) and templates without a tool role.',
    proves: ['tools.round-trip.uses-result'],
    hooks: {
      respond: (req) => {
        if (Array.isArray(req.body?.messages))
          req.body.messages = req.body.messages.filter((m: Json) => m?.role !== 'tool' && !isToolCallMessage(m))
        return undefined
      },
    },
  },
  {
    name: 'rejects-assistant-content-null',
    description: 'Rejects an assistant message with `tool_calls` and `content: null` with 400.',
    modelledOn:
      "LM Studio (lmstudio-bug-tracker#261: \"Invalid 'content': 'content' field must be a string or an array of objects.\") and mistral-common#324.",
    proves: ['tools.request.assistant-content-null', 'http.status.success'],
    hooks: {
      respond: rejectsMessages(hasContentNullCall, {
        error: {
          message: "Invalid 'content': 'content' field must be a string or an array of objects.",
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      }),
    },
  },
  {
    name: 'crashes-on-assistant-content-null',
    description:
      'Answers an assistant message with `tool_calls` and `content: null` with 500: the chat template subscripts the null content and raises.',
    modelledOn:
      'llama-server answering 500 when a Jinja chat template raises on a message (llama.cpp#13178: Qwen3\'s template, "Cannot subscript null" on message.content; llama.cpp#17040).',
    proves: ['tools.request.assistant-content-null', 'http.status.success'],
    hooks: {
      respond: rejectsMessages(
        hasContentNullCall,
        {
          error: {
            code: 500,
            message:
              'Cannot subscript null at row 23, column 40:\n    {%- set start_of_message = message.content[:tool_start_length] %}',
            type: 'server_error',
          },
        },
        500,
      ),
    },
  },
  {
    name: 'rejects-tool-content-parts',
    description: 'Rejects a tool message whose content is an array of text parts with 400.',
    modelledOn:
      'ninfer before #57 (400 "tool messages must contain string content") and vLLM\'s gpt-oss path before #25593.',
    proves: ['tools.request.tool-content-parts', 'http.status.success'],
    hooks: {
      respond: rejectsMessages((messages) => messages.some((m) => m?.role === 'tool' && Array.isArray(m.content)), {
        error: {
          message: 'tool messages must contain string content',
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      }),
    },
  },
  {
    name: 'rejects-openai-call-ids',
    description: 'Rejects tool call ids that are not exactly 9 letters and digits, so OpenAI-format ids fail with 400.',
    modelledOn:
      'Mistral\'s API and mistral_common (magentic#276, opencode#1680: "Tool call id was call_… but must be a-z, A-Z, 0-9, with a length of 9.").',
    proves: ['tools.request.openai-call-ids', 'http.status.success'],
    hooks: {
      respond(req) {
        const bad = messagesOf(req)
          .flatMap((m) => (isToolCallMessage(m) ? m.tool_calls : []))
          .find((call: Json) => !/^[a-zA-Z0-9]{9}$/.test(String(call?.id)))
        if (bad === undefined) return undefined
        return vendorJson(400, {
          object: 'error',
          message: `Tool call id was ${bad.id} but must be a-z, A-Z, 0-9, with a length of 9.`,
          type: 'invalid_request_error',
          param: null,
          code: null,
        })
      },
    },
  },
  {
    name: 'rejects-tool-history-without-tools',
    description: 'Rejects a conversation with tool calls and results when the request declares no tools.',
    modelledOn:
      'Amazon Bedrock through OpenAI-compatible gateways (bedrock-access-gateway#239, onyx#7842: "The toolConfig field must be defined when using toolUse and toolResult content blocks.").',
    proves: ['tools.request.history-without-tools', 'http.status.success'],
    hooks: {
      respond: rejectsMessages(
        (messages, req) =>
          req.body?.tools === undefined && messages.some((m) => isToolCallMessage(m) || m?.role === 'tool'),
        {
          error: {
            message: 'The toolConfig field must be defined when using toolUse and toolResult content blocks.',
            type: 'invalid_request_error',
            param: null,
            code: null,
          },
        },
      ),
    },
  },
])
