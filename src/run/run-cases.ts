/**
 * Running the cases of one plan: the generic vitest file (`conformance.vitest.ts`) in one
 * worker, with the conformance reporter collecting each case's result.
 */
import type { CliOptions } from 'vitest/node'
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

/**
 * The programmatic vitest config of a run: one worker, one file, our reporter only. The plan
 * is provided when the cases start (`CaseRunner.run`), since it waits for the smoke request.
 */
export function vitestConfig(options: RunOptions, reporter: ConformanceReporter): CliOptions {
  return {
    root: PACKAGE_ROOT,
    config: false,
    watch: false,
    include: [CONFORMANCE_TEST_FILE],
    reporters: [reporter],
    maxConcurrency: MAX_CASES_IN_FLIGHT,
    // One worker: the target's limiter in it bounds every case's requests.
    fileParallelism: false,
    // A small young generation: every large body is copied through one reused buffer (the run's
    // memory budget), and V8's default semi-spaces alone grow the worker past 512 MB against a
    // 200 MiB body or an endless stream (npm run bench:memory).
    execArgv: ['--max-semi-space-size=2'],
    testTimeout: caseTimeoutMs(options),
    hookTimeout: caseTimeoutMs(options),
    passWithNoTests: true,
  }
}

/** vitest, set up and waiting for the plan. */
export interface CaseRunner {
  /** Runs the plan's cases (once). */
  run(plan: RunPlan): Promise<CaseRun>
  /** No progress lines from now on (a blocked run's cases all say the same thing). */
  silence(): void
  /** Releases vitest without running (the run ended before its cases). Idempotent. */
  close(): Promise<void>
}

/**
 * Sets vitest up for a run: loading vitest and resolving its config take about a second,
 * so the run does it while the smoke request is in flight, and hands over the plan after.
 */
export async function createCaseRunner(options: RunOptions, reporter: ConformanceReporterOptions): Promise<CaseRunner> {
  const { createVitest } = await import('vitest/node')
  const collector = new ConformanceReporter(reporter)
  const vitest = await createVitest('test', vitestConfig(options, collector))
  let closing: Promise<void> | undefined
  const close = () => (closing ??= vitest.close())
  return {
    async run(plan) {
      vitest.provide(PLAN_KEY, plan)
      if (plan.blocked !== undefined) collector.silence()
      try {
        await vitest.start()
      } finally {
        await close()
      }
      return { cases: collector.results(), runErrors: collector.runErrors() }
    },
    silence: () => collector.silence(),
    close,
  }
}
