/**
 * What a body of audio is, read with libraries made for it: `file-type` for what the bytes
 * really are (by their signature, whatever the content type says) and `music-metadata` for
 * the container, codec, sample rate, channels and duration. Both parse asynchronously, and
 * checks are synchronous, so the speech operation reads the bytes the SDK returned while the
 * call runs, and carries the reading in its outcome (./operations.ts); the checks use it only
 * when those bytes are the captured body's (./body.ts).
 */
import { createHash } from 'node:crypto'
import { fileTypeFromBuffer } from 'file-type'
import { parseBuffer } from 'music-metadata'

/** The reading of one audio body: every field is what the libraries said, or absent. */
export interface AudioReading {
  /** What file-type recognised by signature (`{ ext: 'mp3', mime: 'audio/mpeg' }`), or null. */
  fileType: { ext: string; mime: string } | null
  /** music-metadata's container (`MPEG`, `Ogg`, `ADTS/MPEG-4`, `FLAC`, `WAVE`), when it parsed the bytes. */
  container?: string
  /** music-metadata's codec (`MPEG 2 Layer 3`, `Opus`, `AAC`, `FLAC`, `PCM`). */
  codec?: string
  sampleRate?: number
  channels?: number
  bitsPerSample?: number
  /** Seconds, as the container declares them or a scan of its frames finds. */
  durationSeconds?: number
  /** What music-metadata found wrong while parsing (a data chunk past the end of the file, an Ogg stream without its last page). */
  warnings: string[]
  /** Why music-metadata could not parse the bytes at all. */
  error?: string
}

/**
 * The music-metadata warnings that say a file holds less than its own header declares: a WAV
 * data chunk that runs past the end, an Ogg stream that ends before its last page. (Its
 * "Data chunk size exceeds file size" is not one: music-metadata 11 gives it for every WAV
 * whose data chunk comes last, by its own arithmetic.)
 */
export const TRUNCATION_WARNINGS: readonly RegExp[] = [
  /^data chunk length exceeding file length$/,
  /^End-of-stream reached before reaching last page/,
]

/** The SHA-256 of bytes, hex: how the SDK's bytes are compared with the captured body. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Reads audio bytes; never throws (a failure is the reading's `error`). */
export async function readAudio(bytes: Uint8Array): Promise<AudioReading> {
  let fileType: AudioReading['fileType'] = null
  try {
    const found = await fileTypeFromBuffer(bytes)
    if (found) fileType = { ext: found.ext, mime: found.mime }
  } catch {
    // No signature read: fileType stays null.
  }
  try {
    // duration: scan the frames when the container declares no length (MP3 without a Xing header, ADTS).
    const { format, quality } = await parseBuffer(bytes, undefined, { duration: true, skipCovers: true })
    return {
      fileType,
      ...defined({
        container: format.container,
        codec: format.codec,
        sampleRate: format.sampleRate,
        channels: format.numberOfChannels,
        bitsPerSample: format.bitsPerSample,
        durationSeconds: format.duration,
      }),
      warnings: quality.warnings.map((warning) => warning.message),
    }
  } catch (error) {
    return { fileType, warnings: [], error: error instanceof Error ? error.message : String(error) }
  }
}

function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>
}
