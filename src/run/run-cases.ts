/**
 * Running the cases of one plan: the generic test files (`src/run/buckets/`, as many as the
 * plan's spread uses), each in its own worker, with the conformance reporter collecting each
 * case's result.
 */
import type { CliOptions } from 'vitest/node'
import type { CaseResult } from '../core/types.ts'
import type { RunOptions } from '../config/types.ts'
import { ConformanceReporter, type ConformanceReporterOptions } from '../../reporters/index.ts'
import { PACKAGE_ROOT } from './package-root.ts'
import { availableParallelism } from 'node:os'
import { MAX_SHARDS } from '../config/index.ts'
import { PLAN_KEY, type RunPlan, type Spread } from './plan.ts'

/** `.ts` in a checkout, `.js` in the built package (`npm run build`). */
const SOURCE_EXTENSION = import.meta.url.endsWith('.js') ? 'js' : 'ts'

/** The generic test file of bucket `index`, relative to the package root. */
export function bucketFile(index: number): string {
  return `src/run/buckets/bucket-${index}.vitest.${SOURCE_EXTENSION}`
}

/** The bucket files there are (`MAX_SHARDS` of them). */
export const BUCKETS = MAX_SHARDS

/**
 * Tests vitest lets run at once. Every case starts at once and waits for the target's
 * request limiter (`--concurrency`), which is the real bound; this only has to be above
 * any suite's case count (finite: the config is serialised to the worker).
 */
export const MAX_CASES_IN_FLIGHT = 10_000

/** What running the cases gave. */
export interface CaseRun {
  /** Every case's result, per target (by plan index), in suite declaration order. */
  cases: CaseResult[][]
  /** Problems outside any case (a suite that failed to load, an unhandled error). */
  runErrors: string[]
}

/** Longest a case may take: each of its (at most a few) requests, with every retry and wait. */
export function caseTimeoutMs(options: RunOptions): number {
  const perRequest = (options.timeoutMs + 30_000) * (options.retries + 1)
  return perRequest * 3 + 10_000
}

/**
 * How the cases of a run are spread over the bucket files: one target, one file (one worker:
 * the target's limiter bounds every case's requests); several targets, side by side in up to
 * `workers` files (a target's cases stay in one worker); `--shard I/N`, the cases of every
 * target spread over N files, of which vitest runs the I-th.
 */
export function spreadFor(options: RunOptions, targets: number, workers = availableParallelism()): Spread {
  if (options.shard) return { by: 'case', buckets: options.shard.count }
  return { by: 'target', buckets: Math.max(1, Math.min(targets, workers, BUCKETS)) }
}

/**
 * The programmatic vitest config of a run: the plan's bucket files, our reporter only. The plan
 * is provided when the cases start (`CaseRunner.run`), since it waits for the smoke requests.
 */
export function vitestConfig(options: RunOptions, reporter: ConformanceReporter, spread: Spread): CliOptions {
  const files = Array.from({ length: spread.buckets }, (_, index) => bucketFile(index))
  const parallel = spread.by === 'target' && spread.buckets > 1
  return {
    root: PACKAGE_ROOT,
    config: false,
    watch: false,
    include: files,
    reporters: [reporter],
    maxConcurrency: MAX_CASES_IN_FLIGHT,
    // One worker per target's cases: a target's limiter, in that worker, bounds its requests.
    fileParallelism: parallel,
    ...(parallel && { maxWorkers: spread.buckets }),
    ...(options.shard && { shard: `${options.shard.index}/${options.shard.count}` }),
    // A small young generation: every large body is copied through one reused buffer (the run's
    // memory budget), and V8's default semi-spaces alone grow the worker past 512 MB against a
    // 200 MiB body or an endless stream (npm run bench:memory). `--expose-gc`: a large body that
    // gives its place back collects what reading it left (src/transport/body-budget.ts).
    execArgv: ['--max-semi-space-size=2', '--expose-gc'],
    testTimeout: caseTimeoutMs(options),
    hookTimeout: caseTimeoutMs(options),
    passWithNoTests: true,
    // The bucket files and everything they import load with Node's own `import` (Node strips the
    // types), not through vite's module runner: nothing here needs vite's transforms or
    // `vi.mock`, and the runner's per-module round trips to the main process cost about 0.3 s of
    // the default run's start-up.
    experimental: { viteModuleRunner: false, nodeLoader: false },
  }
}

/** vitest, set up and waiting for the plan. */
export interface CaseRunner {
  /** Runs the plan's cases (once). */
  run(plan: Omit<RunPlan, 'spread'>): Promise<CaseRun>
  /** No progress lines from now on, for one target's cases or all (a blocked target's cases all say the same thing). */
  silence(target?: number): void
  /** Releases vitest without running (the run ended before its cases). Idempotent. */
  close(): Promise<void>
}

/**
 * Sets vitest up for a run: loading vitest and resolving its config take about a second,
 * so the run does it while the smoke request is in flight, and hands over the plan after.
 */
export async function createCaseRunner(
  options: RunOptions,
  reporter: ConformanceReporterOptions,
  targets = 1,
): Promise<CaseRunner> {
  const { createVitest } = await import('vitest/node')
  const collector = new ConformanceReporter(reporter)
  const spread = spreadFor(options, targets)
  const vitest = await createVitest('test', vitestConfig(options, collector, spread))
  let closing: Promise<void> | undefined
  const close = () => (closing ??= vitest.close())
  return {
    async run(plan) {
      vitest.provide(PLAN_KEY, { ...plan, spread })
      plan.targets.forEach((planned, index) => planned.blocked !== undefined && collector.silence(index))
      try {
        await vitest.start()
      } finally {
        await close()
      }
      return { cases: plan.targets.map((_, index) => collector.results(index)), runErrors: collector.runErrors() }
    },
    silence: (target) => collector.silence(target),
    close,
  }
}
