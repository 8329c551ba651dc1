/**
 * Turning the declarative suites into vitest tests, for one bucket file (`src/run/buckets/`):
 * one `describe` per target (when there are several) and per capability, one test per case.
 * Every case runs concurrently (`describe.concurrent`: the suites run side by side, and their
 * tests inherit it); a target's requests are bounded only by its own limiter, in the one
 * worker that runs its cases. Results still come out in declaration order: the reporter orders
 * them by the place each test records. The case's result travels to the reporters in the
 * test's meta.
 */
import { describe, inject, test } from 'vitest'
import { checkRegistry, OPERATIONS, streamTiming, usageOf } from '../apis/index.ts'
import '../report/meta.ts'
import { ALL_SUITES } from '../../suites/index.ts'
import { runCase } from '../engine/run-case.ts'
import { selectSuites } from '../engine/select.ts'
import type { RunOptions } from '../config/types.ts'
import type { CaseResult, Suite } from '../core/types.ts'
import { createTargetClient, redactExchanges } from '../transport/index.ts'
import { inBucket, PLAN_KEY, type PlannedTarget } from './plan.ts'
import { receiveSmokeOutcome } from './smoke-handoff.ts'

/** Declares the tests of bucket `bucket` of the plan vitest provides. */
export async function declareBucket(bucket: number): Promise<void> {
  const plan = inject(PLAN_KEY)
  const { options, spread } = plan
  const suites = selectSuites(ALL_SUITES, { only: options.only, casePattern: options.casePattern })
  const several = plan.targets.length > 1
  for (const [index, planned] of plan.targets.entries()) {
    let position = 0
    const placed = suites.map((suite) => ({
      suite,
      cases: suite.cases.map((definition) => ({ definition, position: position++ })),
    }))
    const mine = placed
      .map(({ suite, cases }) => ({ suite, cases: cases.filter((c) => inBucket(spread, bucket, index, c.position)) }))
      .filter(({ cases }) => cases.length > 0)
    if (mine.length === 0) continue
    const declare = await targetCases(planned, index, options)
    if (several) describe.concurrent(planned.target.name, () => mine.forEach(declare))
    else mine.forEach(declare)
  }
}

type PlacedSuite = { suite: Suite; cases: { definition: Suite['cases'][number]; position: number }[] }

/** Declares one suite's cases of a target; waits for the target's smoke outcome first. */
async function targetCases(
  planned: PlannedTarget,
  index: number,
  options: RunOptions,
): Promise<(placed: PlacedSuite) => void> {
  const { target } = planned
  const smoke = planned.smokeHandoff === undefined ? null : await receiveSmokeOutcome(planned.smokeHandoff)
  const blocked = smoke && !smoke.ok ? smoke.reason : planned.blocked
  const client = createTargetClient(target, options, OPERATIONS)
  const perform = client.perform.bind(client)
  return ({ suite, cases }) =>
    describe.concurrent(suite.capability, () => {
      for (const { definition, position } of cases) {
        test(definition.id, async ({ task }) => {
          task.meta.conformanceCase = { id: definition.id, capability: definition.capability, title: definition.title }
          task.meta.conformancePlace = { target: index, position }
          const result = await runCase(definition, {
            perform,
            registry: checkRegistry,
            models: target.models,
            blocked,
            unserved: smoke?.ok ? (smoke.unserved ?? []) : [],
            ...(smoke?.ok && smoke.listed && { listedModels: smoke.listed }),
            streamTiming,
            usageOf,
            redact: (exchanges) => redactExchanges(client.redactor, exchanges),
            options: { images: target.images, vision: target.vision },
            params: target.params,
          })
          task.meta.caseResult = result
          // vitest's own state mirrors the verdict, so its reporters (and --merge-reports) agree.
          if (result.status === 'fail') throw new Error(failureSummary(result))
        })
      }
    })
}

function failureSummary(result: CaseResult): string {
  return result.checks
    .filter((check) => check.status === 'fail')
    .map((check) => `${check.id}: ${check.message}`)
    .join('\n')
}
