/**
 * Reads `shared/openai-openapi/SOURCE.md`, which says where the spec file came from:
 *
 *   - Repository: github.com/openai/openai-openapi, file `openapi.yaml` (...)
 *   - Commit: f85dbe2... (2026-08-21T20:48:10+00:00)
 */
import type { Provenance } from '../types.ts'

export type SpecSource = Provenance['source']

/** Throws when the repository or commit line is missing, rather than recording blanks. */
export function parseSourceMd(markdown: string): SpecSource {
  const repo = /^[-*]\s*Repository:\s*([^,\s]+)(?:,\s*file\s*`([^`]+)`)?/im.exec(markdown)
  const commit = /^[-*]\s*Commit:\s*([0-9a-f]{7,40})(?:\s*\(([^)]+)\))?/im.exec(markdown)
  if (!repo?.[1] || !commit?.[1]) throw new Error('SOURCE.md: no "Repository:" or "Commit:" line')
  return {
    repository: repo[1],
    file: repo[2] ?? 'openapi.yaml',
    commit: commit[1],
    commitDate: commit[2] ?? '',
  }
}
