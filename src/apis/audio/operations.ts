/** The Audio API, as the official SDK calls it. */
import { createWriteStream } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type OpenAI from 'openai'
import type { Params, SliceOperations } from '../../transport/operations.ts'
import { type AudioReading, readAudio, sha256 } from './read-audio.ts'

/** Bytes an SDK helper gave back: how many, and their digest. */
export interface HelperBytes {
  byteLength: number
  sha256: string
}

/** What `audio.speech.create` gives a user of the SDK, as the operation's outcome records it. */
export interface SpeechOutcome {
  /** The `content-type` of the Response the SDK returned. */
  contentType: string | null
  /** The bytes of `response.arrayBuffer()`. */
  arrayBuffer: HelperBytes
  /** The bytes of a file the body was written to (`response.body` piped to `fs.createWriteStream`), read back. */
  file: HelperBytes
  /** What those bytes are (./read-audio.ts): read here because the parsers are asynchronous. */
  audio: AudioReading
}

export const AUDIO_OPERATIONS: SliceOperations = {
  'audio.speech.create': {
    method: 'POST',
    path: () => '/audio/speech',
    run: async (sdk, body, options): Promise<SpeechOutcome> => {
      const response = await sdk.audio.speech.create(body as Params<OpenAI.Audio.SpeechCreateParams>, options)
      const [bytes, written] = await Promise.all([response.clone().arrayBuffer(), writtenToFile(response)])
      const arrayBuffer = new Uint8Array(bytes)
      return {
        contentType: response.headers.get('content-type'),
        arrayBuffer: helperBytes(arrayBuffer),
        file: helperBytes(written),
        audio: await readAudio(arrayBuffer),
      }
    },
  },
}

function helperBytes(bytes: Uint8Array): HelperBytes {
  return { byteLength: bytes.byteLength, sha256: sha256(bytes) }
}

/** The body streamed to a temporary file, the way a user saves speech, and read back. */
async function writtenToFile(response: Response): Promise<Uint8Array> {
  const dir = await mkdtemp(path.join(tmpdir(), 'oai-conformance-speech-'))
  try {
    const file = path.join(dir, 'speech')
    const source = response.body ? Readable.fromWeb(response.body as WebReadableStream) : Readable.from([])
    await pipeline(source, createWriteStream(file))
    return new Uint8Array(await readFile(file))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
