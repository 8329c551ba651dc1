/**
 * Testing one target: the smoke request, then every selected case. Each target has its own
 * clients and so its own request limiter (`--concurrency`); several targets can run side by
 * side, each through `runTarget`.
 */
import { CHAT_OPERATIONS } from '../apis/chat/operations.ts'
import { MODELS_OPERATIONS } from '../apis/models/operations.ts'
import type { RunOptions } from '../config/types.ts'
import type { ResolvedTarget } from '../config/types.ts'
import type { CaseResult } from '../core/types.ts'
import { type SmokeResult, smokeTest } from '../engine/smoke.ts'
import { createTargetClient } from '../transport/index.ts'
import type { Redactor } from '../transport/index.ts'
import { createCaseRunner } from './run-cases.ts'
import { serveSmokeOutcome } from './smoke-handoff.ts'

/** Where a target's run writes as it goes. */
/** What the smoke request sends (`GET /models`, else a one-token chat): loaded without the catalogue. */
const SMOKE_OPERATIONS = { ...MODELS_OPERATIONS, ...CHAT_OPERATIONS }

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
  const listsModels = options.only === null || options.only.includes('models')
  return smokeTest(createTargetClient(target, options, SMOKE_OPERATIONS), target.models, { listsModels })
}

/** Tests the target: smoke request, then the cases (all inconclusive when the smoke failed). */
export async function runTarget(target: ResolvedTarget, options: RunOptions, io: RunTargetIo): Promise<TargetRun> {
  const [run] = await runTargets([target], options, io)
  return run!
}

/**
 * Tests several targets side by side, each with its own smoke request and its own request
 * limiter, in one vitest run (./run-cases.ts spreads the targets over workers). Run errors
 * (outside any case) belong to the whole run, so every target's run carries them.
 */
export async function runTargets(
  targets: readonly ResolvedTarget[],
  options: RunOptions,
  io: RunTargetIo,
): Promise<TargetRun[]> {
  // The smoke requests and vitest's start-up (about a second each) overlap: a worker waits
  // for its targets' smoke outcomes through a loopback handoff before it declares their cases.
  // The smoke requests go out first: loading vitest is CPU work that would delay them.
  const smokes = targets.map((target) => smokeTarget(target, options))
  const several = targets.length > 1
  const runnerReady = createCaseRunner(
    options,
    { out: io.stdout, color: io.color, ...(several && { targetNames: targets.map((t) => t.name) }) },
    targets.length,
  )
  const announced = smokes.map((smoke, index) =>
    Promise.all([smoke, runnerReady]).then(([result, runner]) => {
      if (!result.ok) {
        const which = several ? `target ${targets[index]!.name}: ` : ''
        io.stderr.write(
          io.redactor.text(
            `oai-conformance: ${which}the run could not start: ${result.reason}; every case is inconclusive\n`,
          ),
        )
        runner.silence(index)
      }
      return result
    }),
  )
  const handoffs = await Promise.all(announced.map((outcome) => serveSmokeOutcome(outcome)))
  try {
    const runner = await runnerReady
    const planned = targets.map((target, index) => ({ target, smokeHandoff: handoffs[index]!.url }))
    const { cases, runErrors } = await runner.run({ targets: planned, options })
    for (const error of runErrors) io.stderr.write(io.redactor.text(`oai-conformance: run error: ${error}\n`))
    const results = await Promise.all(announced)
    return results.map((result, index) => ({
      cases: cases[index] ?? [],
      runErrors,
      ...(result.ok ? {} : { blocked: result.reason }),
    }))
  } finally {
    await Promise.all(handoffs.map((handoff) => handoff.close()))
  }
}
