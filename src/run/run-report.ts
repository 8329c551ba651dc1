/**
 * The report of one target's run: the run's facts (tool, recorded spec, target, timing,
 * which capabilities were selected) handed to the report model's `buildReport`.
 */
import { ALL_SUITES } from '../../suites/index.ts'
import type { ResolvedTarget, RunOptions } from '../config/types.ts'
import { CAPABILITIES, type Capability } from '../core/capabilities.ts'
import { buildReport, type Report, type SkippedCapability } from '../report/index.ts'
import { specProvenance } from '../spec/index.ts'
import { TOOL } from './package-root.ts'
import type { TargetRun } from './run-target.ts'

/** The capabilities a run covers: those selected that have a suite, and those selected that have none. */
export interface CapabilityCoverage {
  /** Selected and with a suite: each gets a report entry even when none of its cases ran. */
  capabilitiesRun: Capability[]
  /** Selected without a suite yet: reported as skipped with the reason. */
  skippedCapabilities: SkippedCapability[]
}

/** Which selected capabilities (`--only`, else all) have a suite among `suites`. */
export function capabilityCoverage(
  only: readonly Capability[] | null,
  suites: readonly { capability: Capability }[] = ALL_SUITES,
): CapabilityCoverage {
  const selected = CAPABILITIES.filter((capability) => !only || only.includes(capability))
  const withSuite = new Set(suites.map((suite) => suite.capability))
  return {
    capabilitiesRun: selected.filter((capability) => withSuite.has(capability)),
    skippedCapabilities: selected
      .filter((capability) => !withSuite.has(capability))
      .map((id) => ({ id, reason: 'no suite for this capability yet' })),
  }
}

/** What a target's report is built from. */
export interface RunReportInput {
  target: ResolvedTarget
  options: RunOptions
  run: TargetRun
  /** When the run started; its duration runs until now. */
  startedAt: Date
}

/** The report of a target's run (`report.json`'s model). */
export function buildRunReport({ target, options, run, startedAt }: RunReportInput): Report {
  return buildReport({
    tool: TOOL,
    spec: specProvenance(),
    target: { name: target.name, baseURL: target.baseURL, models: target.models },
    startedAt,
    durationMs: Date.now() - startedAt.getTime(),
    cases: run.cases,
    casePattern: options.casePattern,
    ...capabilityCoverage(options.only),
    ...(options.shard && { shard: options.shard }),
  })
}
