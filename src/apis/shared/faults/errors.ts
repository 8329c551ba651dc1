/**
 * Faults in error handling: auth, unknown models, malformed requests, the error envelope.
 */
import { errorCode, onErrors, WAIVED_STATUS } from './helpers.ts'
import type { Fault } from '../../../reference/fault.ts'

const isAuthError = (error: { status: number }) => error.status === 401
const isUnknownModel = (error: { status: number; body: any }) => errorCode(error) === 'model_not_found'
const isBadRequest = (error: { status: number }) => error.status === 400

export const errorFaults: Fault[] = [
  {
    name: 'auth-accepts-any-key',
    description: 'Accepts any API key (or none): no 401 ever.',
    modelledOn: 'Local servers run without a key configured (Ollama, llama.cpp, LM Studio accept any bearer token).',
    proves: ['errors.auth.status-401', 'errors.sdk.error-class'],
    hooks: { error: onErrors(isAuthError, (error) => ({ ...error, status: WAIVED_STATUS })) },
  },
  {
    name: 'auth-wrong-key-403',
    description: 'A wrong or missing API key gets 403 Forbidden instead of 401.',
    modelledOn:
      'API gateways that answer bad credentials with 403 (e.g. AWS API Gateway API keys: `{"message":"Forbidden"}`).',
    proves: ['errors.auth.status-401', 'errors.sdk.error-class'],
    hooks: { error: onErrors(isAuthError, (error) => ({ ...error, status: 403 })) },
  },
  {
    name: 'unknown-model-400',
    description: 'An unknown model gets 400 instead of 404 (the envelope is otherwise unchanged).',
    modelledOn:
      'LiteLLM proxy ("Invalid model name passed in model=…", 400; litellm#3142); Ollama debated 400 vs 404 (ollama#6646).',
    proves: ['errors.unknown-model.status-404'],
    hooks: { error: onErrors(isUnknownModel, (error) => ({ ...error, status: 400 })) },
  },
  {
    name: 'unknown-model-served',
    description: 'An unknown model is silently served by the default model with 200.',
    modelledOn: 'LlamaEdge#209 (fall back to the default chat model) and codex-proxy#660 (silent fallback).',
    proves: ['errors.unknown-model.status'],
    hooks: { error: onErrors(isUnknownModel, (error) => ({ ...error, status: WAIVED_STATUS })) },
  },
  {
    name: 'malformed-request-accepted',
    description:
      'Validates nothing: a malformed request (no `messages`, bad JSON, out-of-range values) is answered 200.',
    modelledOn:
      'Lenient servers whose request models default every field (e.g. `messages: list = []`) and never reject.',
    proves: ['errors.malformed.status-400'],
    hooks: { error: onErrors(isBadRequest, (error) => ({ ...error, status: WAIVED_STATUS })) },
  },
  {
    name: 'malformed-request-500',
    description: 'Crashes on a malformed request: 500 Internal Server Error instead of a 400 naming the problem.',
    modelledOn:
      'Servers that index `body["messages"]` without validating it (KeyError → 500), a common report against self-hosted gateways.',
    proves: ['errors.malformed.status-400'],
    hooks: {
      error: onErrors(isBadRequest, () => ({
        status: 500,
        body: { error: { message: 'Internal server error', type: 'server_error', param: null, code: null } },
      })),
    },
  },
  {
    name: 'error-envelope-flat',
    description: 'Errors come as FastAPI\'s `{"detail": "…"}` instead of `{"error": {message, type, param, code}}`.',
    modelledOn:
      'FastAPI\'s default HTTPException body (Rapid-MLX before #491 sent `{"detail":"messages must not be empty"}`).',
    proves: ['errors.envelope.schema'],
    hooks: { error: (error) => ({ ...error, body: { detail: error.body?.error?.message ?? 'error' } }) },
  },
  {
    name: 'error-param-omitted',
    description: 'Error envelopes leave out `param` instead of sending `param: null`.',
    modelledOn:
      "llama.cpp's server (`format_error_response`: `{code, message, type}`, no param) and gateways that copy only the members they set.",
    proves: ['http.body.nulls-explicit'],
    hooks: {
      error: (error) => {
        if (!error.body?.error || typeof error.body.error !== 'object') return error
        const inner = { ...error.body.error }
        delete inner.param
        return { ...error, body: { ...error.body, error: inner } }
      },
    },
  },
  {
    name: 'error-html-page',
    description: 'Errors come as an HTML page with `content-type: text/html`, as a fronting proxy renders them.',
    modelledOn: "Reverse proxies (nginx's default error pages) answering for the API server.",
    proves: ['http.content-type.json', 'errors.envelope.schema'],
    hooks: { error: (error) => ({ ...error, body: htmlErrorPage(error.status) }) },
  },
]

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Authorization Required',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
}

function htmlErrorPage(status: number): string {
  const title = `${status} ${REASONS[status] ?? 'Error'}`
  const lines = [
    '<html>',
    `<head><title>${title}</title></head>`,
    '<body>',
    `<center><h1>${title}</h1></center>`,
    '<hr><center>nginx</center>',
    '</body>',
    '</html>',
  ]
  return lines.map((line) => `${line}\r\n`).join('')
}
