/** The Images API, as the official SDK calls it. */
import type OpenAI from 'openai'
import type { Params, SliceOperations } from '../../transport/operations.ts'

export const IMAGES_OPERATIONS: SliceOperations = {
  'images.generate': {
    method: 'POST',
    path: () => '/images/generations',
    run: (sdk, body, options) => sdk.images.generate(body as Params<OpenAI.ImageGenerateParamsNonStreaming>, options),
  },
}
