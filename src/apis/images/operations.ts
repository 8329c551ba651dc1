/**
 * The Images API, as the official SDK calls it, and the download of an image a response
 * named by URL, as a client fetches it: a plain GET through the same capturing fetch (so it
 * is bounded in size and time like every exchange), without the target's key or headers,
 * which are not the image host's business.
 */
import type OpenAI from 'openai'
import type { Params, SliceOperations } from '../../transport/operations.ts'

export const IMAGES_OPERATIONS: SliceOperations = {
  'images.generate': {
    method: 'POST',
    path: () => '/images/generations',
    run: (sdk, body, options) => sdk.images.generate(body as Params<OpenAI.ImageGenerateParamsNonStreaming>, options),
  },

  'images.download': {
    method: 'GET',
    path: (body) => String(body.url),
    run: async (sdk, body, options) => {
      // Only the headers of this call (the exchange's correlation header): no key, no defaults.
      const init: RequestInit = { method: 'GET', headers: options.headers as Record<string, string> }
      const response = await sdk.fetchWithTimeout(String(body.url), init, sdk.timeout, new AbortController())
      // The capture keeps the bytes (bodyBase64); the SDK's copy is not needed.
      await response.body?.cancel()
      return { status: response.status, contentType: response.headers.get('content-type') }
    },
  },
}
