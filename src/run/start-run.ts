/**
 * The main job: resolve the target (starting the embedded reference when none is given),
 * run the generic vitest file with our reporter, write the reports, return the exit code.
 */
import { startVitest } from 'vitest/node'
import { CAPABILITIES, type Capability } from '../core/capabilities.ts'
import { withChatDefaults, type TargetDraft } from '../config/index.ts'
import type { ResolvedTarget, RunOptions } from '../config/types.ts'
import { startReferenceServer, REFERENCE_API_KEY, REFERENCE_MODELS } from '../apis/reference.ts'
import {
  ConformanceReporter,
  buildReport,
  formatSummary,
  useColor,
  writeJsonReport,
  writeJUnitReport,
} from '../../reporters/index.ts'
import { specProvenance } from '../spec/index.ts'
import { smokeTest } from '../engine/smoke.ts'
import { createTargetClient } from '../transport/index.ts'
import { createRedactor } from '../transport/redact.ts'
import { ALL_SUITES } from '../../suites/index.ts'
import { OPERATIONS } from '../apis/index.ts'
import { PACKAGE_ROOT, TOOL } from './package-root.ts'
import { PLAN_KEY, type RunPlan } from './plan.ts'

export interface RunIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

/**
 * Exit codes: 0 nothing failed, 1 a check failed, 2 usage/config error or the run could not
 * start (including a target that is unreachable or rejects the key: the report is still
 * written, every case inconclusive with the reason).
 */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

/** Longest a case may take: each of its (at most a few) requests, with every retry and wait. */
function caseTimeoutMs(options: RunOptions): number {
  const perRequest = (options.timeoutMs + 30_000) * (options.retries + 1)
  return perRequest * 3 + 10_000
}

export async function startRun(draft: TargetDraft, options: RunOptions, io: RunIo): Promise<number> {
  const startedAt = new Date()
  const reference = draft.embedded ? await startReferenceServer({ apiKey: REFERENCE_API_KEY }) : null
  try {
    const target: ResolvedTarget = !draft.embedded
      ? draft
      : {
          ...draft,
          baseURL: reference!.url,
          apiKey: REFERENCE_API_KEY,
          models: withChatDefaults({ ...REFERENCE_MODELS, ...draft.models }),
          embedded: true,
        }
    if (reference)
      io.stdout.write(`No base URL given: running against the embedded reference endpoint at ${reference.url}\n`)
    io.stdout.write(`Target ${target.name} (${target.baseURL}); models: ${formatModels(target.models)}\n`)

    const redactor = createRedactor([target.apiKey, ...Object.values(target.headers)])
    const color = useColor(io.stdout)
    const smoke = await smokeTest(createTargetClient(target, options, OPERATIONS), target.models)
    if (!smoke.ok)
      io.stderr.write(
        redactor.text(`oai-conformance: the run could not start: ${smoke.reason}; every case is inconclusive\n`),
      )
    // A blocked run's cases all say the same thing: no line per case.
    const reporter = new ConformanceReporter({ out: io.stdout, color, progress: smoke.ok })
    const plan: RunPlan = { target, options, ...(smoke.ok ? {} : { blocked: smoke.reason }) }
    const vitest = await startVitest('test', [], {
      root: PACKAGE_ROOT,
      config: false,
      watch: false,
      include: ['src/run/conformance.vitest.ts'],
      reporters: [reporter],
      provide: { [PLAN_KEY]: plan },
      maxConcurrency: 256,
      fileParallelism: false,
      testTimeout: caseTimeoutMs(options),
      hookTimeout: caseTimeoutMs(options),
      passWithNoTests: true,
    })
    await vitest.close()
    // Errors outside any case (a suite that failed to load, an unhandled error) mean the
    // run did not do what it claims: never a green exit.
    const runErrors = reporter.runErrors()
    for (const error of runErrors) io.stderr.write(redactor.text(`oai-conformance: run error: ${error}\n`))

    const selected = CAPABILITIES.filter((c: Capability) => !options.only || options.only.includes(c))
    const withSuite = new Set(ALL_SUITES.map((suite) => suite.capability))
    const capabilitiesRun = selected.filter((c) => withSuite.has(c))
    const skippedCapabilities = selected
      .filter((c) => !withSuite.has(c))
      .map((id) => ({ id, reason: 'no suite for this capability yet' }))
    const report = buildReport({
      tool: TOOL,
      spec: specProvenance(),
      target: { name: target.name, baseURL: target.baseURL, models: target.models },
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      cases: reporter.results(),
      capabilitiesRun,
      skippedCapabilities,
    })
    const scrub = (text: string) => redactor.text(text)
    const files = [
      await writeJsonReport(options.reportDir, report, { scrub }),
      await writeJUnitReport(options.reportDir, report, { scrub }),
    ]
    io.stdout.write(redactor.text(formatSummary(report, { files, color })))
    if (!smoke.ok) return EXIT.usage
    return report.summary.failed > 0 || runErrors.length > 0 ? EXIT.failed : EXIT.ok
  } finally {
    await reference?.close()
  }
}

function formatModels(models: ResolvedTarget['models']): string {
  const entries = Object.entries(models)
  return entries.length ? entries.map(([role, id]) => `${role}=${id}`).join(', ') : 'none'
}
