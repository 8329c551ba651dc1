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
]
