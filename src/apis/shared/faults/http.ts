/**
 * Faults at the HTTP layer: headers and content types.
 */
import type { Fault } from '../../../reference/fault.ts'

export const httpFaults: Fault[] = [
  {
    name: 'json-as-text-plain',
    description: 'JSON responses are sent with `content-type: text/plain; charset=utf-8`.',
    modelledOn:
      "Hand-rolled servers writing JSON strings with a text type; llama.cpp's server once sent bodies as text/plain (langchaingo#667).",
    proves: ['http.content-type.json'],
    hooks: {
      headers(headers) {
        if (headers.get('content-type')?.startsWith('application/json'))
          headers.set('content-type', 'text/plain; charset=utf-8')
      },
    },
  },
  {
    name: 'error-as-200',
    description:
      'Answers a request with HTTP 200 and an OpenAI error envelope as the body (`{"error": {"message": "upstream error", …}}`).',
    modelledOn:
      'Gateways and relays that pass an upstream failure through with status 200 and the error in the body (one-api/new-api relays, OpenRouter when a provider fails after routing).',
    proves: ['http.body.not-error'],
    hooks: {
      body: () => ({
        error: {
          message: 'upstream error: the provider returned no completion',
          type: 'upstream_error',
          param: null,
          code: null,
        },
      }),
    },
  },
]
