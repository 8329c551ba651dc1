/**
 * Reading a captured speech response the way the checks need it: the body's bytes as they
 * came off the wire, whether they are a document rather than audio, and the reading of the
 * audio the speech operation made from the bytes the SDK returned (./read-audio.ts), which
 * holds for the wire only when those bytes are the captured body's.
 */
import { skip } from '../../core/define.ts'
import { RESPONSE_COMPLETE_CHECK, type Exchange } from '../../core/exchange.ts'
import type { Applicable } from '../shared/applicability.ts'
import { incompleteReason, isPlainObject, isSuccess, mediaType, perExchange } from '../shared/body.ts'
import { requestedFormat, type SpeechFormat } from './formats.ts'
import type { SpeechOutcome } from './operations.ts'
import { sha256 } from './read-audio.ts'

/** The id of the check that judges that a 200 carries audio at all; checks of the audio point to it. */
export const BODY_CHECK = 'speech.body.audio'
/** The id of the check that judges the format; checks of the format's details point to it. */
export const FORMAT_CHECK = 'speech.format.requested'

/**
 * The body's bytes, as received. A body the capture kept as text (its content type is not
 * binary) is its UTF-8 encoding when it was valid UTF-8; otherwise its bytes are not known.
 */
export const wireBytes: (exchange: Exchange) => Applicable<Buffer> = perExchange((exchange) => {
  if (!isSuccess(exchange))
    return skip(`the request did not succeed (HTTP ${exchange.response?.status}); see http.status.success`)
  const incomplete = incompleteReason(exchange)
  if (incomplete) return skip(`${incomplete}; see ${RESPONSE_COMPLETE_CHECK}`)
  const response = exchange.response!
  if (response.bodyBase64 !== null) return { value: Buffer.from(response.bodyBase64, 'base64') }
  if (response.bodyText === null) return { value: Buffer.alloc(0) }
  if (response.invalidUtf8At !== undefined)
    return skip(
      `the body is labelled ${show(mediaType(exchange))}, a text type, and is not UTF-8 (byte ${response.invalidUtf8At}): the capture kept it as text, so its bytes are not known; see speech.content-type`,
    )
  return { value: Buffer.from(response.bodyText, 'utf8') }
})

/** What the body is instead of audio (`empty`, a JSON document), or null when it may be audio. */
export type NotAudio = { kind: 'empty' } | { kind: 'json'; value: unknown }

/** Bytes of a body parsed to see whether it is a JSON document; audio never starts with `{` or `[`. */
const JSON_SNIFF_BYTES = 1024 * 1024

export const notAudio: (exchange: Exchange) => NotAudio | null = perExchange((exchange) => {
  const bytes = wireBytes(exchange)
  if ('skip' in bytes) return null
  if (bytes.value.byteLength === 0) return { kind: 'empty' }
  if (bytes.value.byteLength > JSON_SNIFF_BYTES) return null
  const text = bytes.value.toString('utf8').trim()
  if (!text.startsWith('{') && !text.startsWith('[')) return null
  try {
    return { kind: 'json', value: JSON.parse(text) }
  } catch {
    return null
  }
})

/** The audio bytes of a successful answer, or why a check of the audio does not apply. */
export function audioBytes(exchange: Exchange): Applicable<Buffer> {
  const bytes = wireBytes(exchange)
  if ('skip' in bytes) return bytes
  const instead = notAudio(exchange)
  if (instead) return skip(`the body is ${instead.kind === 'empty' ? 'empty' : 'a JSON document'}; see ${BODY_CHECK}`)
  return bytes
}

/**
 * The speech operation's outcome, when it read the bytes on the wire: the SDK returned them
 * (from `arrayBuffer()` and from a file the body was written to) and they are the captured
 * body. Otherwise why not.
 */
export const sdkSpeech: (exchange: Exchange) => Applicable<SpeechOutcome> = perExchange((exchange) => {
  const bytes = audioBytes(exchange)
  if ('skip' in bytes) return bytes
  const sdk = exchange.sdk
  if (!sdk) return skip('no SDK outcome was captured (a recording): the audio is read from the bytes the SDK returns')
  if (!sdk.ok) return skip(`the SDK raised ${sdk.error.name}; see sdk.call.succeeds`)
  if (!isSpeechOutcome(sdk.value)) return skip('the SDK outcome is not a speech outcome')
  const wire = sha256(bytes.value)
  const outcome = sdk.value
  if (outcome.arrayBuffer.sha256 !== wire || outcome.file.sha256 !== wire)
    return skip(
      `the bytes the SDK returned (arrayBuffer() ${outcome.arrayBuffer.byteLength}, file ${outcome.file.byteLength}) are not the captured body (${bytes.value.byteLength}): the capture redacted a secret in it`,
    )
  return { value: outcome }
})

function isSpeechOutcome(value: unknown): value is SpeechOutcome {
  return (
    isPlainObject(value) && isPlainObject(value.arrayBuffer) && isPlainObject(value.file) && isPlainObject(value.audio)
  )
}

/** The format the case asked for, or why a check of the format does not apply. */
export function askedFormat(request: Record<string, unknown>): Applicable<SpeechFormat> {
  const format = requestedFormat(request)
  return format ? { value: format } : skip(`response_format ${show(request.response_format)} is not one the spec lists`)
}

function show(value: unknown): string {
  return value === undefined || value === null ? 'none' : JSON.stringify(value)
}
