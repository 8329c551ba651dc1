import { JSON_ERROR } from '../src/apis/shared/check-sets.ts'
import { defineSuite, user } from './common.ts'

/** A model id no endpoint serves. */
export const UNKNOWN_MODEL = 'oai-conformance-no-such-model'

export default defineSuite({
  capability: 'errors',
  title: 'Errors: status codes and the error envelope',
  cases: [
    {
      id: 'errors.invalid-api-key',
      title: 'A wrong API key gives 401 with the error envelope',
      capability: 'errors',
      expect: 'error',
      request: {
        operation: 'chat.completions.create',
        body: { messages: [user('Reply with exactly: hello')] },
        auth: 'invalid',
      },
      checks: [
        'errors.auth.status-401',
        ...JSON_ERROR.checks,
        ['errors.sdk.error-class', { classes: ['AuthenticationError'] }],
      ],
    },
    {
      id: 'errors.unknown-model',
      title: 'An unknown model gives 404 with the error envelope',
      capability: 'errors',
      expect: 'error',
      request: {
        operation: 'chat.completions.create',
        body: { model: UNKNOWN_MODEL, messages: [user('Reply with exactly: hello')] },
      },
      checks: [
        'errors.unknown-model.status',
        'errors.unknown-model.status-404',
        ...JSON_ERROR.checks,
        ['errors.sdk.error-class', { classes: ['NotFoundError', 'BadRequestError'] }],
      ],
    },
    {
      id: 'errors.malformed-request',
      title: 'A request without messages gives 400 with the error envelope',
      capability: 'errors',
      expect: 'error',
      request: { operation: 'chat.completions.create', body: {} },
      checks: [
        'errors.malformed.status-400',
        ...JSON_ERROR.checks,
        ['errors.sdk.error-class', { classes: ['BadRequestError'] }],
      ],
    },
  ],
})
