/**
 * Faults in the non-streamed chat completion: its envelope, choices, message, finish
 * reason, usage and logprobs, and parameters the endpoint ignores.
 */
import { rawJson } from '../../../reference/context.ts'
import { editUsage, ignoresParameters } from '../../shared/faults/helpers.ts'
import type { Fault } from '../../../reference/fault.ts'
import { choicesOf, eachChoice, forChatCompletions } from './helpers.ts'

export const chatFaults: Fault[] = forChatCompletions([
  {
    name: 'chat-object-text-completion',
    description: "Labels the chat completion `object: 'text_completion'` instead of 'chat.completion'.",
    modelledOn:
      'Servers sharing one response type between /completions and /chat/completions (modelz-llm#83 answered chat with `object: "chat"`).',
    proves: ['chat.response.object', 'chat.response.schema'],
    hooks: { body: (completion) => ({ ...completion, object: 'text_completion' }) },
  },
  {
    name: 'chat-refusal-omitted',
    description:
      'The message leaves out `refusal` instead of sending `refusal: null` (required by the schema, nullable).',
    modelledOn:
      "Ollama's and llama.cpp's OpenAI-compatible messages (`{role, content}`, no refusal), as OpenAI's own before structured outputs.",
    proves: ['http.body.nulls-explicit'],
    hooks: {
      body: eachChoice((choice) => {
        if (choice.message) delete choice.message.refusal
      }),
    },
  },
  {
    name: 'chat-created-milliseconds',
    description: '`created` is a Unix timestamp in milliseconds, not seconds.',
    modelledOn: 'web-llm#829 and mistral.rs#1805 (`Date.now()` / millisecond timestamps in `created`).',
    proves: ['chat.response.created'],
    hooks: { body: (completion) => ({ ...completion, created: completion.created * 1000 }) },
  },
  {
    name: 'chat-created-iso-string',
    description: '`created` is an ISO 8601 string instead of integer Unix seconds.',
    modelledOn: 'modelz-llm#83 (`"created": "2023-06-20T19:58:12.437203"`, a Python datetime serialised as is).',
    proves: ['chat.response.created', 'chat.response.schema'],
    hooks: {
      body: (completion) => ({ ...completion, created: new Date(completion.created * 1000).toISOString() }),
    },
  },
  {
    name: 'chat-empty-content',
    description: 'Returns an empty reply (`content: ""`) with finish_reason "stop": the output was lost on the way.',
    modelledOn:
      'Reasoning-model servers that put the whole answer in a `reasoning_content` field and leave `content` empty (e.g. vLLM reasoning parsers misconfigured).',
    proves: ['chat.content.non-empty', 'chat.content.contains'],
    hooks: {
      body: eachChoice((choice) => {
        if (choice.finish_reason === 'stop' && typeof choice.message?.content === 'string') choice.message.content = ''
      }),
    },
  },
  {
    name: 'chat-logprobs-non-finite',
    description:
      'Writes a -inf logprob as the bare token `-Infinity`, which is not JSON: strict parsers (and the SDK) reject the whole body.',
    modelledOn:
      "Python's json.dumps(allow_nan=True) default meeting a -inf logprob; the strict-mode form of the same bug is vLLM's 'Out of range float values are not JSON compliant' (as far as known).",
    proves: ['http.body.json', 'sdk.call.succeeds'],
    hooks: {
      body: eachChoice((choice) => {
        const first = choice.logprobs?.content?.[0]
        if (first) first.logprob = rawJson('-Infinity')
      }),
    },
  },
  {
    name: 'chat-id-empty',
    description: '`id` is an empty string (still a string, so the schema holds; it identifies nothing).',
    modelledOn: 'Servers that never set an id and serialise a default-initialised struct field ("").',
    proves: ['chat.response.id'],
    hooks: { body: (completion) => ({ ...completion, id: '' }) },
  },
  {
    name: 'chat-model-missing',
    description: 'The completion has no `model` field.',
    modelledOn: 'Thin wrappers that build the response by hand and leave `model` out (it is required by the spec).',
    proves: ['chat.response.model', 'chat.response.schema'],
    hooks: {
      body: ({ model: _model, ...completion }) => completion,
    },
  },
  {
    name: 'chat-model-placeholder',
    description: 'Names the model `"string"`, whatever the request asked for: a schema-valid placeholder.',
    modelledOn:
      'Stoplight Prism mocking the OpenAI spec answers the schema\'s example values: `model: "string"` (with `created: 0`, usage 0/0/0).',
    proves: ['chat.response.model-requested'],
    hooks: { body: (completion) => ({ ...completion, model: 'string' }) },
  },
  {
    name: 'chat-unrequested-members',
    description:
      'Every message carries a tool call, a `function_call` and `audio` that nobody asked for (no tools, no functions, no audio output in the request).',
    modelledOn:
      'Stoplight Prism mocking the OpenAI spec fills in every optional member from the schema\'s examples: `tool_calls: [{id: "string", …}]`, `function_call: {name: "string"}`, `audio: {id: "string", …}`.',
    proves: ['chat.message.unrequested'],
    hooks: {
      body: (completion, req) => {
        const offered = (member: string) => Array.isArray(req.body?.[member]) && req.body[member].length > 0
        for (const choice of choicesOf(completion)) {
          const message = choice.message
          if (!message) continue
          if (!offered('tools') && !message.tool_calls)
            message.tool_calls = [{ id: 'string', type: 'function', function: { name: 'string', arguments: 'string' } }]
          if (!offered('functions')) message.function_call = { name: 'string', arguments: 'string' }
          if (!Array.isArray(req.body?.modalities) || !req.body.modalities.includes('audio'))
            message.audio = { id: 'string', expires_at: 0, data: 'string', transcript: 'string' }
        }
        return completion
      },
    },
  },
  {
    name: 'chat-placeholder-members',
    description:
      'Zero values where the API omits a member or sends null: `tool_calls: []`, `refusal: ""`, `function_call: {name: "", arguments: ""}`, `audio: {id: ""}`, `system_fingerprint: ""`.',
    modelledOn:
      'Vendors that echo `tool_calls: []` on every message, and servers that serialise default-initialised structs without omitempty (Go, Java), giving empty strings for refusal and system_fingerprint.',
    proves: ['chat.response.placeholders'],
    hooks: {
      body: (completion) => {
        for (const choice of choicesOf(completion)) {
          const message = choice.message
          if (!message) continue
          if (!message.tool_calls) message.tool_calls = []
          if (message.refusal === null) message.refusal = ''
          message.function_call = { name: '', arguments: '' }
          message.audio = { id: '', expires_at: 0, data: '', transcript: '' }
        }
        return { ...completion, system_fingerprint: '' }
      },
    },
  },
  {
    name: 'chat-refusal-beside-content',
    description: 'Sends a refusal next to the text content (both non-null) in every message that has content.',
    modelledOn:
      'Stoplight Prism mocking the OpenAI spec answers `content: "string", refusal: "string"` together; OpenAI never sends both (its refusals have content null).',
    proves: ['chat.message.refusal-exclusive'],
    hooks: {
      body: eachChoice((choice) => {
        if (typeof choice.message?.content === 'string') choice.message.refusal = "I'm sorry, I can't help with that."
      }),
    },
  },
  {
    name: 'chat-choice-indices-zero',
    description: 'Every choice has `index: 0`, so with n=2 the indices repeat.',
    modelledOn: 'litellm#3276 (invalid choice indices with n>=2).',
    proves: ['chat.choices.indices'],
    hooks: { body: eachChoice((choice) => (choice.index = 0)) },
  },
  {
    name: 'chat-ignores-n',
    description: 'Ignores `n`: always one choice.',
    modelledOn: 'llama-cpp-python#1906, vllm-omni#4269, lmdeploy before #4419 (`n` accepted, one choice returned).',
    proves: ['chat.choices.count'],
    hooks: { respond: ignoresParameters('n') },
  },
  {
    name: 'chat-message-role-missing',
    description: 'The assistant message has no `role`.',
    modelledOn: 'Servers that return only `{content}` in the message (role is required by the spec).',
    proves: ['chat.message.role', 'chat.response.schema'],
    hooks: { body: eachChoice((choice) => delete choice.message.role) },
  },
  {
    name: 'chat-content-parts-array',
    description: 'The message `content` is an array of `{type: "text", text}` parts instead of a string.',
    modelledOn: "Mistral's reasoning models, which return `content` as an array of chunks on the chat endpoint.",
    proves: ['chat.message.content', 'chat.response.schema'],
    hooks: {
      body: eachChoice((choice) => {
        choice.message.content = [{ type: 'text', text: choice.message.content }]
      }),
    },
  },
  {
    name: 'chat-finish-reason-eos',
    description: "`finish_reason: 'eos'` where the model stopped on its own ('stop').",
    modelledOn:
      'Together AI\'s Llama models (`"finish_reason": "eos"`, ragas#1548); TGI sent \'eos_token\' before TGI#2344.',
    proves: ['chat.finish-reason.enum', 'chat.response.schema'],
    hooks: {
      body: eachChoice((choice) => {
        if (choice.finish_reason === 'stop') choice.finish_reason = 'eos'
      }),
    },
  },
  {
    name: 'chat-ignores-max-tokens',
    description: 'Ignores `max_tokens` and `max_completion_tokens`: generates the whole reply, finish `stop`.',
    modelledOn: 'Servers that read only their own length parameter (e.g. `max_new_tokens`) and drop the OpenAI names.',
    proves: ['chat.max-tokens.honoured', 'chat.finish-reason.expected'],
    hooks: { respond: ignoresParameters('max_tokens', 'max_completion_tokens') },
  },
  {
    name: 'chat-ignores-stop',
    description: 'Ignores `stop`: the reply runs past the stop sequence.',
    modelledOn: 'Servers that accept `stop` but never pass it to the sampler (PocketLLM refused it until #245).',
    proves: ['chat.stop.honoured'],
    hooks: { respond: ignoresParameters('stop') },
  },
  {
    name: 'chat-usage-total-mismatch',
    description: '`usage.total_tokens` counts 16 hidden reasoning tokens that `completion_tokens` leaves out.',
    modelledOn:
      'CLIProxyAPI#5733 (Gemini via an OpenAI-compatible proxy: total 81 = prompt 21 + reasoning 60, completion 0).',
    proves: ['chat.usage.total'],
    hooks: {
      body: editUsage((usage) => {
        usage.total_tokens += 16
        usage.completion_tokens_details = { ...usage.completion_tokens_details, reasoning_tokens: 16 }
      }),
    },
  },
  {
    name: 'chat-usage-zero',
    description: 'Reports usage 0/0/0 next to a real reply: a schema-valid placeholder, not a count.',
    modelledOn:
      'Stoplight Prism mocking the OpenAI spec answers `usage: {prompt_tokens: 0, completion_tokens: 0, total_tokens: 0}`; so do servers that never wire up their tokenizer.',
    proves: ['chat.usage.counted'],
    hooks: {
      body: editUsage((usage) => {
        usage.prompt_tokens = 0
        usage.completion_tokens = 0
        usage.total_tokens = 0
      }),
    },
  },
  {
    name: 'chat-usage-floats',
    description: 'Token counts are fractional (`12.5`), estimated rather than counted; the total still adds up.',
    modelledOn: 'Servers estimating tokens from characters (length / 4) without rounding.',
    proves: ['chat.usage.integers', 'chat.response.schema'],
    hooks: {
      body: editUsage((usage) => {
        usage.prompt_tokens += 0.5
        usage.completion_tokens += 0.5
        usage.total_tokens = usage.prompt_tokens + usage.completion_tokens
      }),
    },
  },
  {
    name: 'chat-usage-missing',
    description: 'The completion has no `usage`.',
    modelledOn: 'Servers that never report token usage on the chat endpoint.',
    proves: ['chat.usage.present'],
    hooks: { body: ({ usage: _usage, ...completion }) => completion },
  },
  {
    name: 'chat-logprobs-bytes-placeholder',
    description: 'Every logprob entry carries `bytes: [0]`, whatever its token: a placeholder, not its UTF-8 bytes.',
    modelledOn:
      'Stoplight Prism mocking the OpenAI spec answers the schema\'s example logprobs: `{token: "string", logprob: 0, bytes: [0]}`.',
    proves: ['chat.logprobs.shape'],
    hooks: {
      body: eachChoice((choice) => {
        for (const entry of choice.logprobs?.content ?? []) {
          entry.bytes = [0]
          for (const top of entry.top_logprobs ?? []) top.bytes = [0]
        }
      }),
    },
  },
  {
    name: 'chat-logprobs-legacy-shape',
    description:
      'Logprobs in the legacy completions shape `{tokens, token_logprobs, top_logprobs: [{token: logprob}], text_offset}`.',
    modelledOn: "Together AI's chat endpoint (together-python#251 shows `logprobs: {tokens, token_logprobs}`).",
    proves: ['chat.logprobs.shape', 'http.body.nulls-explicit'],
    hooks: {
      body: eachChoice((choice) => {
        const content: any[] | undefined = choice.logprobs?.content
        if (!content) return
        let offset = 0
        choice.logprobs = {
          tokens: content.map((entry) => entry.token),
          token_logprobs: content.map((entry) => entry.logprob),
          top_logprobs: content.map((entry) =>
            Object.fromEntries(entry.top_logprobs.map((top: any) => [top.token, top.logprob])),
          ),
          text_offset: content.map((entry) => {
            const at = offset
            offset += entry.token.length
            return at
          }),
        }
      }),
    },
  },
])
