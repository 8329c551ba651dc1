/** `oai-conformance checks`: the catalogue, one check a line. */
import { ALL_CHECKS } from '../../checks/index.ts'
import type { SpecRef } from '../engine/types.ts'

export function formatSpecRef(spec: SpecRef): string {
  const parts = [spec.operationId && spec.pointer ? `${spec.operationId} ${spec.pointer}` : spec.pointer, spec.doc].filter(Boolean)
  return parts.join(' ')
}

export function formatCatalogue(): string {
  const idWidth = Math.max(...ALL_CHECKS.map((c) => c.id.length))
  const lines = ALL_CHECKS.map(
    (check) => `${check.id.padEnd(idWidth)}  ${check.level.padEnd(11)}  ${check.description}\n${' '.repeat(idWidth + 15)}spec: ${formatSpecRef(check.spec)}`,
  )
  return `${ALL_CHECKS.length} checks\n\n${lines.join('\n')}\n`
}
