/**
 * Faults where the endpoint rejects a canonical, valid request.
 */
import { vendorJson } from '../../shared/faults/helpers.ts'
import type { Fault } from '../../../reference/fault.ts'
import { forChatCompletions, messagesOf } from './helpers.ts'

export const requestFaults: Fault[] = forChatCompletions([
  {
    name: 'rejects-developer-role',
    description: 'Rejects a `developer` message with 400, accepting only the older roles.',
    modelledOn:
      "Gateways validating roles against a pre-2024-12 list: \"developer is not one of ['system', 'assistant', 'user', 'tool', 'function']\" (oh-my-pi#843, cloudflare-os#36).",
    proves: ['http.status.success', 'sdk.call.succeeds'],
    hooks: {
      respond(req) {
        const at = messagesOf(req).findIndex((message) => message?.role === 'developer')
        if (at === -1) return undefined
        return vendorJson(400, {
          error: {
            message: `developer is not one of ['system', 'assistant', 'user', 'tool', 'function'] - 'messages.[${at}].role'`,
            type: 'invalid_request_error',
            param: null,
            code: null,
          },
        })
      },
    },
  },
  {
    name: 'rejects-stop-vaguely',
    description:
      'Rejects `stop` with a generic 400 (no `param`, no "unsupported" code), so clients cannot tell an unsupported feature from a broken request.',
    modelledOn:
      'Servers whose request schema lacks `stop` and answer with a bare validation error (e.g. "extra fields not permitted").',
    proves: ['http.status.success', 'sdk.call.succeeds'],
    hooks: {
      respond(req) {
        if (req.body?.stop === undefined) return undefined
        return vendorJson(400, {
          error: { message: 'extra fields not permitted', type: 'invalid_request_error', param: null, code: null },
        })
      },
    },
  },
  {
    name: 'drops-history',
    description:
      'Passes only the last user message to the model: system/developer instructions and earlier turns are silently dropped.',
    modelledOn:
      'Chat templates that discard the system role (e.g. early Gemma templates) and proxies that forward only the latest turn.',
    proves: ['chat.content.contains'],
    hooks: {
      respond(req) {
        const last = [...messagesOf(req)].reverse().find((message) => message?.role === 'user')
        if (last) req.body.messages = [last]
        return undefined
      },
    },
  },
  {
    name: 'crashes-on-developer-role',
    description:
      'Answers a `developer` message with 500: the chat template has no such role and the server crashes instead of rejecting or mapping it.',
    modelledOn:
      'llama-server answering 500 on chat-template errors (llama.cpp#17040), as far as known for the developer role.',
    proves: ['http.status.success', 'sdk.call.succeeds'],
    hooks: {
      respond(req) {
        if (!messagesOf(req).some((message) => message?.role === 'developer')) return undefined
        return vendorJson(500, {
          error: { message: 'Unknown role: developer', type: 'server_error', param: null, code: null },
        })
      },
    },
  },
  {
    name: 'rejects-content-parts',
    description: 'Rejects message `content` given as an array of text parts with 400: it expects a string.',
    modelledOn:
      'llama.cpp server before #8449 (llama.cpp#8367) and Lemonade (lemonade#629): "[json.exception.type_error.302] type must be string, but is array".',
    proves: [
      'http.status.success',
      'sdk.call.succeeds',
      'tools.request.tool-content-parts',
      'vision.request.image-accepted',
    ],
    hooks: {
      respond(req) {
        if (!messagesOf(req).some((message) => Array.isArray(message?.content))) return undefined
        return vendorJson(400, {
          error: {
            message: 'Invalid JSON: [json.exception.type_error.302] type must be string, but is array',
            type: 'invalid_request_error',
            param: null,
            code: null,
          },
        })
      },
    },
  },
])
