/**
 * The one generic vitest file: it turns the declarative suites into tests, one `describe`
 * per capability, one test per case. Every case of every capability runs concurrently
 * (`describe.concurrent`: the capabilities' suites run side by side, and their tests inherit
 * it); requests are bounded only by the target's limiter (one worker runs this file, so the
 * limiter is shared by every case). Results still come out in declaration order: the
 * reporter orders them by collection, not completion. The case's result travels to the
 * reporters in the test's meta.
 */
import { describe, inject, test } from 'vitest'
import { checkRegistry, OPERATIONS, streamTiming } from '../apis/index.ts'
import '../report/meta.ts'
import { ALL_SUITES } from '../../suites/index.ts'
import { runCase } from '../engine/run-case.ts'
import { selectSuites } from '../engine/select.ts'
import type { CaseResult } from '../core/types.ts'
import { createTargetClient } from '../transport/index.ts'
import { PLAN_KEY } from './plan.ts'
import { receiveSmokeOutcome } from './smoke-handoff.ts'

const plan = inject(PLAN_KEY)
const { target, options } = plan
const smoke = plan.smokeHandoff === undefined ? null : await receiveSmokeOutcome(plan.smokeHandoff)
const blocked = smoke && !smoke.ok ? smoke.reason : plan.blocked

const client = createTargetClient(target, options, OPERATIONS)
const perform = client.perform.bind(client)

function failureSummary(result: CaseResult): string {
  return result.checks
    .filter((check) => check.status === 'fail')
    .map((check) => `${check.id}: ${check.message}`)
    .join('\n')
}

for (const suite of selectSuites(ALL_SUITES, { only: options.only, casePattern: options.casePattern })) {
  describe.concurrent(suite.capability, () => {
    for (const definition of suite.cases) {
      test(definition.id, async ({ task }) => {
        task.meta.conformanceCase = { id: definition.id, capability: definition.capability, title: definition.title }
        const result = await runCase(definition, {
          perform,
          registry: checkRegistry,
          models: target.models,
          params: target.params,
          blocked,
          streamTiming,
        })
        task.meta.caseResult = result
        // vitest's own state mirrors the verdict, so its reporters (and --merge-reports) agree.
        if (result.status === 'fail') throw new Error(failureSummary(result))
      })
    }
  })
}
