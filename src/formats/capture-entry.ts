/**
 * What reading a capture file gives: its exchanges, each with where in the file it was
 * captured and what the capture lost of it. Shared by the readers of each format.
 */
import type { Exchange } from '../core/exchange.ts'
import type { CaptureSource } from '../core/types.ts'

export type { CaptureSource }

/** The formats a capture file may be in. */
export type CaptureFormat = 'har' | 'recording' | 'jsonl'

/** One exchange of a capture file, with what the capture lost of it. */
export interface CapturedEntry {
  exchange: Exchange
  source: CaptureSource
  /** Set when the response had a body the capture did not keep (a HAR of a stream often has none). */
  bodyNotCaptured?: true
}

/** A capture file's format and its exchanges, in file order. */
export interface Capture {
  format: CaptureFormat
  entries: CapturedEntry[]
}

/** A capture file that cannot be read: the message is one line. */
export class CaptureError extends Error {
  override readonly name = 'CaptureError'
}

/** JSON.parse without throwing; the error is the parser's message. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}
