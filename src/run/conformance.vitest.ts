/**
 * The one generic vitest file: it turns the declarative suites into tests. Each case is a
 * concurrent test; requests are bounded by the target's limiter (one worker runs this file,
 * so the limiter is shared by every case). The case's result travels to the reporters in
 * the test's meta.
 */
import { describe, inject, test } from 'vitest'
import { checkRegistry, OPERATIONS, streamTiming } from '../apis/index.ts'
import '../report/meta.ts'
import { ALL_SUITES } from '../../suites/index.ts'
import { runCase } from '../engine/run-case.ts'
import { selectSuites } from '../engine/select.ts'
import type { CaseResult } from '../core/types.ts'
import { createTargetClient } from '../transport/index.ts'
import './plan.ts'

const { target, options, blocked } = inject('oaiConformancePlan')

const client = createTargetClient(target, options, OPERATIONS)
const perform = client.perform.bind(client)

function failureSummary(result: CaseResult): string {
  return result.checks
    .filter((check) => check.status === 'fail')
    .map((check) => `${check.id}: ${check.message}`)
    .join('\n')
}

for (const suite of selectSuites(ALL_SUITES, { only: options.only, casePattern: options.casePattern })) {
  describe(suite.capability, () => {
    for (const definition of suite.cases) {
      test.concurrent(definition.id, async ({ task }) => {
        task.meta.conformanceCase = { id: definition.id, capability: definition.capability, title: definition.title }
        const result = await runCase(definition, {
          perform,
          registry: checkRegistry,
          models: target.models,
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
