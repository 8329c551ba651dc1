/**
 * Running the cases of one plan: the generic vitest file (`conformance.vitest.ts`) in one
 * worker, with the conformance reporter collecting each case's result.
 */
import { type CliOptions, startVitest } from 'vitest/node'
import type { CaseResult } from '../core/types.ts'
import type { RunOptions } from '../config/types.ts'
import { ConformanceReporter, type ConformanceReporterOptions } from '../../reporters/index.ts'
import { PACKAGE_ROOT } from './package-root.ts'
import { PLAN_KEY, type RunPlan } from './plan.ts'

/** The generic test file, relative to the package root. */
export const CONFORMANCE_TEST_FILE = 'src/run/conformance.vitest.ts'

/**
 * Tests vitest lets run at once. Every case starts at once and waits for the target's
 * request limiter (`--concurrency`), which is the real bound; this only has to be above
 * any suite's case count (finite: the config is serialised to the worker).
 */
export const MAX_CASES_IN_FLIGHT = 10_000

/** What running the cases gave. */
export interface CaseRun {
  /** Every case's result, in suite declaration order. */
  cases: CaseResult[]
  /** Problems outside any case (a suite that failed to load, an unhandled error). */
  runErrors: string[]
}

/** Longest a case may take: each of its (at most a few) requests, with every retry and wait. */
export function caseTimeoutMs(options: RunOptions): number {
  const perRequest = (options.timeoutMs + 30_000) * (options.retries + 1)
  return perRequest * 3 + 10_000
}

/** The programmatic vitest config of a run: one worker, one file, the plan provided to it, our reporter only. */
export function vitestConfig(plan: RunPlan, reporter: ConformanceReporter): CliOptions {
  return {
    root: PACKAGE_ROOT,
    config: false,
    watch: false,
    include: [CONFORMANCE_TEST_FILE],
    reporters: [reporter],
    provide: { [PLAN_KEY]: plan },
    maxConcurrency: MAX_CASES_IN_FLIGHT,
    // One worker: the target's limiter in it bounds every case's requests.
    fileParallelism: false,
    testTimeout: caseTimeoutMs(plan.options),
    hookTimeout: caseTimeoutMs(plan.options),
    passWithNoTests: true,
  }
}

/** Runs the plan's cases; progress goes where `reporter` says. */
export async function runCases(plan: RunPlan, reporter: ConformanceReporterOptions): Promise<CaseRun> {
  const collector = new ConformanceReporter(reporter)
  const vitest = await startVitest('test', [], vitestConfig(plan, collector))
  await vitest.close()
  return { cases: collector.results(), runErrors: collector.runErrors() }
}
