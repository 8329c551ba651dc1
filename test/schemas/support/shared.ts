/**
 * The shared inputs some schema tests need: the OpenAPI spec and the real-traffic
 * recordings in `../shared/` beside the repo (CI keeps a copy, same layout). Tests that
 * need them skip, with this reason, when they are absent.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { DEFAULT_RECORDINGS_DIR } from '../../../src/formats/recordings.ts'
import type { OpenApiDocument } from '../../../src/spec/record/extract.ts'
import { parseSourceMd, type SpecSource } from '../../../src/spec/record/source.ts'

export const SPEC_FILE = fileURLToPath(new URL('../../../../shared/openai-openapi/openapi.yaml', import.meta.url))
export const SOURCE_MD = fileURLToPath(new URL('../../../../shared/openai-openapi/SOURCE.md', import.meta.url))

export const HAVE_SPEC = existsSync(SPEC_FILE)
export const HAVE_RECORDINGS = existsSync(DEFAULT_RECORDINGS_DIR)
export const NO_SHARED = 'needs ../shared/ beside the repo (openai-openapi, real-traffic)'

let doc: OpenApiDocument | undefined

/** The parsed spec (about a second to parse: cached per test file). */
export function loadSpec(): OpenApiDocument {
  doc ??= parse(readFileSync(SPEC_FILE, 'utf8'), { maxAliasCount: -1 }) as OpenApiDocument
  return doc
}

export function loadSpecSource(): SpecSource {
  return parseSourceMd(readFileSync(SOURCE_MD, 'utf8'))
}

/**
 * The JSON payloads of an event stream's `data:` lines, `[DONE]` excluded. Only for
 * well-formed recorded streams (one `data:` line per event); the suite's own reader is
 * src/sse.
 */
export function ssePayloads(text: string): unknown[] {
  return text
    .split(/\r\n|\r|\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice('data:'.length).replace(/^ /, ''))
    .filter((data) => data !== '[DONE]')
    .map((data) => JSON.parse(data))
}
