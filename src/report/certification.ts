/**
 * Certification: what a run's results entitle a target to claim. Pure: a function of the
 * report's cases and header, so every writer prints the same verdict, and `CERTIFICATION.md`
 * (the criteria, for people) describes exactly this code.
 *
 * - A capability is judged on the required checks of its cases: `certified` when at least
 *   one case was judged and no required check failed or went unjudged; `failed` when a
 *   required check failed; `incomplete` when one could not be judged (inconclusive), or the
 *   run selected cases with `--case`; `untested` when no case of it ran (not selected, no
 *   model configured, every case skipped).
 * - Warnings (recommended checks) never block a level; they are counted and shown.
 * - A level names a set of capabilities (and perhaps a level it builds on); it is reached
 *   when all of them are certified.
 * - A verdict holds for the moment it was checked: the tool version, the spec commit, the
 *   date, the target and its models are part of it (`checkedStatement`).
 */
import { CAPABILITIES, type Capability, type ModelRole } from '../core/capabilities.ts'
import type { CaseResult } from '../core/types.ts'

/** How a capability stands: see the module comment. */
export type CapabilityVerdict = 'certified' | 'failed' | 'incomplete' | 'untested'

/** How a level stands: `reached` when every capability it names (and the level it builds on) is certified. */
export type LevelStatus = 'reached' | 'failed' | 'incomplete' | 'untested'

/** The run as a whole: `certified` (a level reached, nothing failed or unjudged), `failed`, or `incomplete`. */
export type CertificationVerdict = 'certified' | 'failed' | 'incomplete'

/** The identifier of a certification level. */
export type LevelId =
  | 'chat-core'
  | 'chat-full'
  | 'streaming'
  | 'tools'
  | 'structured'
  | 'vision'
  | 'embeddings'
  | 'images'
  | 'speech'

/** A certification level: the capabilities it needs certified. */
export interface LevelDefinition {
  id: LevelId
  /** How reports name it: `Chat core`. */
  title: string
  /** Capabilities that must each be certified. */
  capabilities: readonly Capability[]
  /** A level that must be reached first (the chat extensions build on Chat core). */
  buildsOn?: LevelId
  /** Levels this one includes: reports name only this one when it is reached. */
  includes?: readonly LevelId[]
}

const CHAT_CORE: readonly Capability[] = ['models', 'chat', 'errors']
const CHAT_EXTENSIONS = ['streaming', 'tools', 'structured', 'vision'] as const

/** Every level, in the order reports list them. */
export const CERTIFICATION_LEVELS: readonly LevelDefinition[] = [
  { id: 'chat-core', title: 'Chat core', capabilities: CHAT_CORE },
  {
    id: 'chat-full',
    title: 'Chat full',
    capabilities: [...CHAT_CORE, ...CHAT_EXTENSIONS],
    includes: ['chat-core', ...CHAT_EXTENSIONS],
  },
  ...CHAT_EXTENSIONS.map(
    (id): LevelDefinition => ({ id, title: titleCase(id), capabilities: [id], buildsOn: 'chat-core' }),
  ),
  ...(['embeddings', 'images', 'speech'] as const).map(
    (id): LevelDefinition => ({ id, title: titleCase(id), capabilities: [id] }),
  ),
]

/** Case counts by how each case stands on its required checks. */
export interface RequiredCounts {
  /** Judged: every required check passed (or did not apply). */
  passed: number
  /** A required check failed. */
  failed: number
  /** A required check could not be judged. */
  inconclusive: number
  /** The case was skipped as a whole (no model, an optional parameter the model rejects). */
  skipped: number
}

export interface CapabilityCertification {
  id: Capability
  verdict: CapabilityVerdict
  /** One line: why the verdict (what failed, what went unjudged, why untested). */
  reason: string
  cases: RequiredCounts
  /** Warnings (deviations from recommended checks) across its cases; they never block. */
  warnings: number
  /** The required checks that failed, by id, in first-seen order. */
  failedChecks: string[]
}

export interface LevelCertification {
  id: LevelId
  title: string
  status: LevelStatus
  /** One line: what is missing, or what it took. */
  reason: string
}

export interface Certification {
  verdict: CertificationVerdict
  /** One line for a headline: `Certified: Chat full, Embeddings (2 warnings)`. */
  headline: string
  /** The levels reached, folding those a reached level includes (`Chat full` stands for Chat core and its extensions). */
  reached: LevelId[]
  levels: LevelCertification[]
  /** Every capability, in the canonical order. */
  capabilities: CapabilityCertification[]
  /** Warnings across the run. */
  warnings: number
  /** The point in time it holds for: date, tool, spec, target, models (`checkedStatement`). */
  checked: string
}

/** What certification reads of a report (a `Report` is one; declared here so the two modules do not import each other). */
export interface CertificationInput {
  tool: { name: string; version: string }
  spec: { source: string; commit: string; version: string }
  target: { name: string; baseURL: string; models: Partial<Record<ModelRole, string>> }
  /** ISO 8601. */
  startedAt: string
  /** The report's capability entries: those skipped as a whole carry the reason. */
  capabilities: readonly { id: Capability; reason?: string }[]
  cases: readonly CaseResult[]
  caseFilter?: string
}

/** The run's certification: every capability's verdict, every level, the overall verdict and its headline. */
export function certify(report: CertificationInput): Certification {
  const capabilities = CAPABILITIES.map((id) =>
    certifyCapability(
      id,
      report.cases.filter((result) => result.capability === id),
      report.capabilities.find((capability) => capability.id === id),
      report.caseFilter,
    ),
  )
  const byCapability = new Map(capabilities.map((capability) => [capability.id, capability]))
  const levels: LevelCertification[] = []
  for (const level of CERTIFICATION_LEVELS) {
    const prerequisite = level.buildsOn ? levels.find((l) => l.id === level.buildsOn) : undefined
    levels.push(certifyLevel(level, byCapability, prerequisite))
  }
  const reachedIds = new Set(levels.filter((level) => level.status === 'reached').map((level) => level.id))
  const included = new Set(
    CERTIFICATION_LEVELS.filter((level) => reachedIds.has(level.id)).flatMap((level) => level.includes ?? []),
  )
  const reached = [...reachedIds].filter((id) => !included.has(id))
  const warnings = capabilities.reduce((total, capability) => total + capability.warnings, 0)
  const failed = capabilities.filter((capability) => capability.verdict === 'failed')
  const incomplete = capabilities.filter((capability) => capability.verdict === 'incomplete')
  const verdict: CertificationVerdict =
    failed.length > 0 ? 'failed' : incomplete.length > 0 || reached.length === 0 ? 'incomplete' : 'certified'
  return {
    verdict,
    headline: headline(verdict, reached, failed, incomplete, warnings, report.caseFilter),
    reached,
    levels,
    capabilities,
    warnings,
    checked: checkedStatement(report),
  }
}

/** How one case stands on its required checks. */
export function requiredStatus(result: CaseResult): keyof RequiredCounts {
  if (result.status === 'skip') return 'skipped'
  if (result.status === 'fail') return 'failed'
  const required = result.checks.filter((check) => check.level === 'required')
  if (required.some((check) => check.status === 'fail')) return 'failed'
  if (required.some((check) => check.status === 'inconclusive')) return 'inconclusive'
  // A case that never reached its checks (it crashed) was not judged at all.
  if (result.checks.length === 0 && result.status === 'inconclusive') return 'inconclusive'
  return 'passed'
}

function certifyCapability(
  id: Capability,
  cases: readonly CaseResult[],
  entry: CertificationInput['capabilities'][number] | undefined,
  caseFilter: string | undefined,
): CapabilityCertification {
  const counts: RequiredCounts = { passed: 0, failed: 0, inconclusive: 0, skipped: 0 }
  const failedChecks = new Set<string>()
  let warnings = 0
  for (const result of cases) {
    counts[requiredStatus(result)]++
    for (const check of result.checks) {
      if (check.status === 'warn') warnings++
      if (check.status === 'fail' && check.level === 'required') failedChecks.add(check.id)
    }
  }
  const base = { id, cases: counts, warnings, failedChecks: [...failedChecks] }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  if (counts.failed > 0)
    return {
      ...base,
      verdict: 'failed',
      reason: `${plural(counts.failed, 'case')} failed required checks${failedChecks.size > 0 ? `: ${[...failedChecks].join(', ')}` : ''}`,
    }
  if (counts.inconclusive > 0)
    return {
      ...base,
      verdict: 'incomplete',
      reason: `${plural(counts.inconclusive, 'case')} could not be judged (inconclusive)`,
    }
  if (counts.passed === 0) {
    const skippedReason = cases.find((result) => result.reason)?.reason
    const reason =
      entry?.reason ??
      (cases.length === 0
        ? entry
          ? 'no case ran'
          : 'not selected for this run'
        : `every case was skipped${skippedReason ? ` (${skippedReason})` : ''}`)
    return { ...base, verdict: 'untested', reason }
  }
  if (caseFilter !== undefined)
    return {
      ...base,
      verdict: 'incomplete',
      reason: `the run selected cases with --case ${JSON.stringify(caseFilter)}; certification needs every case`,
    }
  const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : ''
  const warned = warnings > 0 ? `, ${plural(warnings, 'warning')}` : ''
  return {
    ...base,
    verdict: 'certified',
    reason: `${plural(counts.passed, 'case')} passed required checks${skipped}${warned}`,
  }
}

const LEVEL_SEVERITY: Record<LevelStatus, number> = { reached: 0, untested: 1, incomplete: 2, failed: 3 }
const LEVEL_OF_VERDICT: Record<CapabilityVerdict, LevelStatus> = {
  certified: 'reached',
  untested: 'untested',
  incomplete: 'incomplete',
  failed: 'failed',
}

function certifyLevel(
  level: LevelDefinition,
  capabilities: ReadonlyMap<Capability, CapabilityCertification>,
  prerequisite: LevelCertification | undefined,
): LevelCertification {
  let status: LevelStatus = 'reached'
  let reason = `${level.capabilities.join(', ')} certified`
  if (prerequisite && prerequisite.status !== 'reached') {
    status = prerequisite.status === 'failed' ? 'failed' : prerequisite.status
    reason = `needs ${prerequisite.title}: ${prerequisite.reason}`
  }
  for (const id of level.capabilities) {
    const capability = capabilities.get(id)!
    const candidate = LEVEL_OF_VERDICT[capability.verdict]
    if (LEVEL_SEVERITY[candidate] > LEVEL_SEVERITY[status]) {
      status = candidate
      reason = `${id} ${capability.verdict}: ${capability.reason}`
    }
  }
  return { id: level.id, title: level.title, status, reason }
}

function headline(
  verdict: CertificationVerdict,
  reached: readonly LevelId[],
  failed: readonly CapabilityCertification[],
  incomplete: readonly CapabilityCertification[],
  warnings: number,
  caseFilter: string | undefined,
): string {
  const titles = reached.map((id) => CERTIFICATION_LEVELS.find((level) => level.id === id)!.title).join(', ')
  const alsoReached = reached.length > 0 ? `; reached: ${titles}` : ''
  const warned = warnings > 0 ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''
  const ids = (list: readonly CapabilityCertification[]) => list.map((capability) => capability.id).join(', ')
  if (verdict === 'certified') return `Certified: ${titles}${warned}`
  if (verdict === 'failed') return `Not certified: required checks fail in ${ids(failed)}${alsoReached}`
  if (caseFilter !== undefined) return `Incomplete: a partial run (--case ${JSON.stringify(caseFilter)})`
  if (incomplete.length > 0) return `Incomplete: ${ids(incomplete)} could not be fully judged${alsoReached}`
  return 'Incomplete: no level tested'
}

/**
 * The point in time a verdict holds for, in one line: `Checked 2026-12-02T07:51:00.000Z with
 * oai-conformance 0.1.0 against the OpenAI spec 2.3.0 (github.com/openai/openai-openapi@f85dbe22…);
 * target: name (baseURL), models: chat=m`.
 */
export function checkedStatement(report: Pick<CertificationInput, 'tool' | 'spec' | 'target' | 'startedAt'>): string {
  const models = Object.entries(report.target.models)
    .map(([role, model]) => `${role}=${model}`)
    .join(', ')
  return (
    `Checked ${report.startedAt} with ${report.tool.name} ${report.tool.version} against the OpenAI spec ` +
    `${report.spec.version} (${report.spec.source}@${report.spec.commit}); target: ${report.target.name} ` +
    `(${report.target.baseURL}), models: ${models || 'none'}`
  )
}

function titleCase(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1)
}
