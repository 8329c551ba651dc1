/**
 * Calibration: real OpenAI exchanges (../shared/real-traffic) must give no required-level
 * failure. If one does, either the check is wrong or the spec moved after the recording:
 * say which here, never weaken the check.
 */
import { existsSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { checkRegistry } from '../../src/apis/index.ts'
import { evaluateCase } from '../../src/engine/evaluate.ts'
import type { CaseDefinition } from '../../src/core/types.ts'
import { listRecordings, loadRecording, recordingToExchange } from '../../src/formats/recordings.ts'
import { inferChecks } from '../../src/apis/index.ts'

const files = existsSync(new URL('../../../shared/real-traffic', import.meta.url)) ? listRecordings() : []

describe.skipIf(files.length === 0)('real OpenAI traffic', () => {
  test.each(files.map((f) => [f.split('/').pop()!, f] as const))('%s: no required-level failure', (_name, file) => {
    const exchange = recordingToExchange(loadRecording(file))
    const checks = inferChecks(exchange)
    const definition: CaseDefinition = {
      id: 'recording',
      title: file,
      capability: 'chat',
      request: { operation: 'chat.completions.create', body: {} },
      checks,
    }
    const { checks: results } = evaluateCase(definition, { main: exchange }, checkRegistry, {})
    const failed = results.filter((r) => r.status === 'fail' || r.status === 'inconclusive')
    expect(failed.map((r) => `${r.id}: ${r.message}`)).toEqual([])
  })
})
