/** Faults that hand the presented credentials back: in error messages, in a header. */
import { bearerToken } from '../../../reference/auth.ts'
import type { Fault } from '../../../reference/fault.ts'
import { errorCode, onErrors } from './helpers.ts'

export const credentialsFaults: Fault[] = [
  {
    name: 'auth-echoes-key',
    description: 'Echoes the presented API key in full in every error message (401, 404, 400).',
    modelledOn:
      "Servers formatting 'Incorrect API key provided: <key>' without masking (OpenAI masks all but a few characters), and debug error messages that dump the request headers (several self-hosted gateways).",
    proves: ['http.credentials.not-echoed'],
    hooks: {
      error: onErrors(
        (error) => typeof error.body?.error?.message === 'string',
        (error, req) => {
          const key = bearerToken(req.headers) ?? ''
          const message =
            errorCode(error) === 'invalid_api_key'
              ? `Incorrect API key provided: ${key}.`
              : `${error.body.error.message} (request key: ${key})`
          return { ...error, body: { error: { ...error.body.error, message } } }
        },
      ),
    },
  },
  {
    name: 'auth-echoes-key-header',
    description: "Sends the request's Authorization header back as `x-forwarded-authorization` on every response.",
    modelledOn:
      'Reverse proxies and gateways that reflect request headers for debugging (nginx `add_header` of `$http_authorization`, echo middlewares left on in production).',
    proves: ['http.credentials.not-echoed'],
    hooks: {
      headers(headers, req) {
        const auth = req.headers.get('authorization')
        if (auth) headers.set('x-forwarded-authorization', auth)
      },
    },
  },
]
