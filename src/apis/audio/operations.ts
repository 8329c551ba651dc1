/** The Audio API, as the official SDK calls it. */
import type OpenAI from 'openai'
import type { Params, SliceOperations } from '../../transport/operations.ts'

export const AUDIO_OPERATIONS: SliceOperations = {
  'audio.speech.create': {
    method: 'POST',
    path: () => '/audio/speech',
    run: async (sdk, body, options) => {
      const response = await sdk.audio.speech.create(body as Params<OpenAI.Audio.SpeechCreateParams>, options)
      const bytes = await response.arrayBuffer()
      return { byteLength: bytes.byteLength, contentType: response.headers.get('content-type') }
    },
  },
}
