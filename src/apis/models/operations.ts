/** The Models API, as the official SDK calls it. */
import type { SliceOperations } from '../../transport/operations.ts'

export const MODELS_OPERATIONS: SliceOperations = {
  'models.list': {
    method: 'GET',
    path: () => '/models',
    run: async (sdk, _body, options) => {
      const page = await sdk.models.list(options)
      return { data: page.data }
    },
  },

  'models.retrieve': {
    method: 'GET',
    path: (body) => `/models/${encodeURIComponent(String(body.model))}`,
    run: (sdk, body, options) => sdk.models.retrieve(String(body.model), options),
  },
}
