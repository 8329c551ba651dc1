/**
 * Testing one target: the smoke request, then every selected case. Each target has its own
 * clients and so its own request limiter (`--concurrency`); several targets can run side by
 * side, each through `runTarget`.
 */
import { OPERATIONS } from '../apis/index.ts'
import type { RunOptions } from '../config/types.ts'
import type { ResolvedTarget } from '../config/types.ts'
import type { CaseResult } from '../core/types.ts'
import { type SmokeResult, smokeTest } from '../engine/smoke.ts'
import { createTargetClient } from '../transport/index.ts'
import type { Redactor } from '../transport/index.ts'
import type { RunPlan } from './plan.ts'
import { runCases } from './run-cases.ts'

/** Where a target's run writes as it goes. */
export interface RunTargetIo {
  /** Progress lines. */
  stdout: NodeJS.WritableStream
  /** Why the run could not start, run errors. */
  stderr: NodeJS.WritableStream
  /** Colour in progress lines. */
  color: boolean
  /** Removes the target's secrets from everything written. */
  redactor: Redactor
}

/** What testing one target gave: the input of its report and of its exit code. */
export interface TargetRun {
  /** Every case's result, in suite declaration order. */
  cases: CaseResult[]
  /** Problems outside any case; a run with any is broken, whatever the results say. */
  runErrors: string[]
  /** Set when the smoke request failed: every case is inconclusive with this reason. */
  blocked?: string
}

/** Sends the smoke request (through its own client) and says whether the target can be tested. */
export function smokeTarget(target: ResolvedTarget, options: RunOptions): Promise<SmokeResult> {
  return smokeTest(createTargetClient(target, options, OPERATIONS), target.models)
}

/** The plan the vitest worker runs: the target, the options and, when the smoke failed, why. */
export function planOf(target: ResolvedTarget, options: RunOptions, smoke: SmokeResult): RunPlan {
  return { target, options, ...(smoke.ok ? {} : { blocked: smoke.reason }) }
}

/** Tests the target: smoke request, then the cases (all inconclusive when the smoke failed). */
export async function runTarget(target: ResolvedTarget, options: RunOptions, io: RunTargetIo): Promise<TargetRun> {
  const smoke = await smokeTarget(target, options)
  if (!smoke.ok)
    io.stderr.write(
      io.redactor.text(`oai-conformance: the run could not start: ${smoke.reason}; every case is inconclusive\n`),
    )
  const plan = planOf(target, options, smoke)
  // A blocked run's cases all say the same thing: no line per case.
  const { cases, runErrors } = await runCases(plan, { out: io.stdout, color: io.color, progress: smoke.ok })
  for (const error of runErrors) io.stderr.write(io.redactor.text(`oai-conformance: run error: ${error}\n`))
  return { cases, runErrors, ...(plan.blocked !== undefined ? { blocked: plan.blocked } : {}) }
}
