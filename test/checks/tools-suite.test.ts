/**
 * How the tools and structured suites are built, where it decides whom a verdict blames:
 * each canonical-form case varies exactly one form against its baseline, cases that send
 * `parallel_tool_calls` mark it optional, and a parse() case has one SDK-level check.
 */
import { describe, expect, it } from 'vitest'
import { BASELINE_EXCHANGE } from '../../src/apis/chat/checks/tools/request-forms.ts'
import { checkUseId } from '../../src/engine/evaluate.ts'
import structured from '../../suites/structured.ts'
import tools from '../../suites/tools.ts'
import { exchange, run, verdict } from './tools-fixtures.ts'

const FORM_CHECKS = [
  'tools.request.assistant-content-null',
  'tools.request.tool-content-parts',
  'tools.request.openai-call-ids',
  'tools.request.history-without-tools',
]
const formCases = tools.cases.filter((c) => c.checks.some((use) => FORM_CHECKS.includes(checkUseId(use))))
/** A refusal of `body`: each form check then says whether the body carries its form (deviation) or not (skip). */
const refused = (body: Record<string, unknown>) => exchange({ error: { message: 'no' } }, body, { status: 400 })

describe('canonical-form cases', () => {
  it('cover every form check', () => {
    expect(formCases.flatMap((c) => c.checks.map(checkUseId).filter((id) => FORM_CHECKS.includes(id))).sort()).toEqual(
      [...FORM_CHECKS].sort(),
    )
  })

  it.each(formCases.map((c) => [c.id, c] as const))(
    '%s: varies only its own form against a baseline that has none, and judges a 500',
    (_id, definition) => {
      const own = definition.checks.map(checkUseId).filter((id) => FORM_CHECKS.includes(id))
      expect(own).toHaveLength(1)
      expect(definition.expect).toBe('acceptance')
      const baseline = definition.related?.[BASELINE_EXCHANGE]
      expect(baseline, 'a baseline exchange').toBeDefined()
      for (const id of FORM_CHECKS) {
        expect(verdict(run(id, refused(definition.request.body))), `${id} on the main request`).toBe(
          id === own[0] ? 'deviation' : 'skip',
        )
        expect(verdict(run(id, refused(baseline!.body))), `${id} on the baseline`).toBe('skip')
      }
    },
  )
})

describe('optional parameters and SDK helpers', () => {
  const cases = [...tools.cases, ...structured.cases]

  it('every case that sends parallel_tool_calls lets a model that does not support it skip', () => {
    const sending = cases.filter((c) => 'parallel_tool_calls' in c.request.body)
    expect(sending.length).toBeGreaterThan(0)
    for (const c of sending) expect(c.optionalParams, c.id).toContain('parallel_tool_calls')
  })

  it('a parse() case leaves sdk.call.succeeds to its helper check, so one raise is one finding', () => {
    const parsing = cases.filter((c) => c.request.operation === 'chat.completions.parse')
    expect(parsing.length).toBe(2)
    for (const c of parsing) {
      const ids = c.checks.map(checkUseId)
      expect(ids, c.id).not.toContain('sdk.call.succeeds')
      expect(
        ids.some((id) => id === 'tools.sdk.parsed-arguments' || id === 'structured.sdk.parsed'),
        c.id,
      ).toBe(true)
    }
  })
})
