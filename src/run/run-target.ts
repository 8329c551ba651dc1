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
  return smokeTest(createTargetClient(target, options, SMOKE_OPERATIONS), target.models)
}

/** Tests the target: smoke request, then the cases (all inconclusive when the smoke failed). */
export async function runTarget(target: ResolvedTarget, options: RunOptions, io: RunTargetIo): Promise<TargetRun> {
  // The smoke request and vitest's start-up (about a second each) overlap: the worker waits
  // for the smoke outcome through a loopback handoff before it declares the cases.
  // The smoke request goes out first: loading vitest is CPU work that would delay it.
  const smoke = smokeTarget(target, options)
  const runnerReady = createCaseRunner(options, { out: io.stdout, color: io.color })
  const announced = Promise.all([smoke, runnerReady]).then(([result, runner]) => {
    if (!result.ok) {
      io.stderr.write(
        io.redactor.text(`oai-conformance: the run could not start: ${result.reason}; every case is inconclusive\n`),
      )
      runner.silence()
    }
    return result
  })
  const handoff = await serveSmokeOutcome(announced)
  try {
    const runner = await runnerReady
    const { cases, runErrors } = await runner.run({ target, options, smokeHandoff: handoff.url })
    for (const error of runErrors) io.stderr.write(io.redactor.text(`oai-conformance: run error: ${error}\n`))
    const result = await announced
    return { cases, runErrors, ...(result.ok ? {} : { blocked: result.reason }) }
  } finally {
    await handoff.close()
  }
}
