/**
 * Real-traffic recordings (`../shared/real-traffic/*.json`, see its README) as exchanges,
 * so the same checks judge recorded OpenAI traffic as judge live targets.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Exchange } from '../core/exchange.ts'
import { isEventStream } from './media.ts'

/** The shape of one recording file. */
export interface Recording {
  provider: string
  /** Repository, file and commit the exchange was taken from. */
  source: string
  endpoint: string
  request: {
    method: string
    /** e.g. `/v1/chat/completions`. */
    path: string
    headers: Record<string, string>
    body: unknown
  }
  response: {
    status: number
    headers: Record<string, string>
    /** Parsed JSON body, or null. */
    body_json: unknown
    /** Raw text (SSE streams exactly as received), or null. */
    body_text: string | null
    /** Binary bodies, base64, or null. */
    body_base64: string | null
  }
}

/** Origin the recordings were made against; their paths include `/v1`. */
export const RECORDING_ORIGIN = 'https://api.openai.com'

/**
 * `../shared/real-traffic` beside the repo root (CI keeps a copy of `shared/` next to the
 * checkout, same layout). May not exist: callers skip then.
 */
export const DEFAULT_RECORDINGS_DIR = fileURLToPath(new URL('../../../shared/real-traffic/', import.meta.url))

/** Absolute paths of the `*.json` recordings in `dir`, sorted; `[]` when the directory does not exist. */
export function listRecordings(dir: string = DEFAULT_RECORDINGS_DIR): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(dir, name))
}

export function loadRecording(file: string): Recording {
  const recording: unknown = JSON.parse(readFileSync(file, 'utf8'))
  if (!isRecording(recording)) throw new Error(`${file}: not a real-traffic recording`)
  return recording
}

/** Whether a parsed JSON value has a recording's shape (a request path, a response status, a provider). */
export function isRecording(value: unknown): value is Recording {
  const recording = value as Partial<Recording> | null
  return (
    typeof recording?.request?.path === 'string' &&
    typeof recording?.response?.status === 'number' &&
    typeof recording?.provider === 'string'
  )
}

/**
 * The recording as an `Exchange`. Headers are already lower-cased in recordings. A JSON
 * body stored parsed is re-serialised (the recordings keep values, not bytes); an SSE
 * body becomes one chunk at t=0 (recordings have no timing). No `sdk` outcome.
 */
export function recordingToExchange(recording: Recording): Exchange {
  const { request, response } = recording
  const bodyText = response.body_text ?? (response.body_json != null ? JSON.stringify(response.body_json) : null)
  const eventStream = isEventStream(response.headers['content-type'])
  return {
    request: {
      method: request.method,
      url: RECORDING_ORIGIN + request.path,
      headers: { ...request.headers },
      body: request.body ?? null,
    },
    response: {
      status: response.status,
      headers: { ...response.headers },
      bodyText,
      bodyBase64: response.body_base64,
      ...(eventStream && response.body_text !== null ? { chunks: [{ t: 0, text: response.body_text }] } : {}),
    },
  }
}
