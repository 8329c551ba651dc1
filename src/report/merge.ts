/**
 * Joining the reports of a run split across machines (`--shard I/N`) into the report of the
 * whole run: the same cases, checks and statuses as one unsharded run. Pure; the `merge`
 * command reads the parts and writes the report set.
 */
import type { Capability } from '../core/capabilities.ts'
import { buildReport, type Report, type SkippedCapability } from './report.ts'

/** The merged report, or the one-line reason the parts do not make one run. */
export type MergedReport = { report: Report } | { problem: string }

/**
 * Merges the parts. They must be every shard of one run (same shard count, each index once),
 * of one tool version and recorded spec, against one target name. Cases come out in the
 * order `position` gives (the suites' declaration order), as in an unsharded report.
 */
export function mergeShardReports(parts: readonly Report[], position: (caseId: string) => number): MergedReport {
  const first = parts[0]
  if (!first) return { problem: 'merge needs at least one report' }
  for (const part of parts) {
    if (!part.shard) return { problem: `a report of target ${part.target.name} is not of a sharded run (no "shard")` }
    if (part.shard.count !== first.shard?.count)
      return { problem: 'the reports are of runs split in different numbers of shards' }
    if (part.tool.version !== first.tool.version || part.spec.commit !== first.spec.commit) {
      return { problem: 'the reports are of different tool versions or recorded specs' }
    }
    if (part.target.name !== first.target.name) {
      return { problem: `the reports are of different targets (${first.target.name}, ${part.target.name})` }
    }
  }
  const count = first.shard!.count
  const indices = parts.map((part) => part.shard!.index)
  const repeated = indices.find((index, i) => indices.indexOf(index) !== i)
  if (repeated !== undefined) return { problem: `shard ${repeated}/${count} is given twice` }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !indices.includes(index))
  if (missing.length > 0) return { problem: `shard ${missing.map((i) => `${i}/${count}`).join(', ')} missing` }

  const starts = parts.map((part) => Date.parse(part.startedAt))
  const startedAt = Math.min(...starts)
  const endedAt = Math.max(...parts.map((part, i) => starts[i]! + part.durationMs))
  const cases = parts.flatMap((part) => part.cases).sort((a, b) => position(a.id) - position(b.id))
  const skipped = new Map<Capability, SkippedCapability>()
  for (const part of parts) {
    for (const capability of part.capabilities) {
      if (capability.reason !== undefined) skipped.set(capability.id, { id: capability.id, reason: capability.reason })
    }
  }
  return {
    report: buildReport({
      tool: first.tool,
      spec: first.spec,
      target: first.target,
      startedAt: new Date(startedAt),
      durationMs: endedAt - startedAt,
      cases,
      capabilitiesRun: [...new Set(parts.flatMap((part) => part.capabilities.map((c) => c.id)))].filter(
        (id) => !skipped.has(id),
      ),
      skippedCapabilities: [...skipped.values()],
    }),
  }
}
