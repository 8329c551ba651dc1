/**
 * Check ids are typed: a suite, case or check set naming a check that does not exist fails
 * `tsc` (which `npm test` runs over this file). Each `@ts-expect-error` below must stay an
 * error; were the ids to widen to `string`, tsc would report the directive as unused.
 */
import { expect, test } from 'vitest'
import { ALL_CHECKS, type CheckId } from '../../src/apis/index.ts'
import { defineCheckSet } from '../../src/core/define.ts'
import type { SharedCheckId } from '../../src/apis/shared/checks/index.ts'
import { defineSuite, type KnownCase } from '../../suites/common.ts'

const known: CheckId = 'http.status.success'
// @ts-expect-error: no such check
const unknown: CheckId = 'http.status.sucess'

const caseWithUnknownCheck: KnownCase = {
  id: 'toy.case',
  title: 'a toy case',
  capability: 'chat',
  request: { operation: 'chat.completions.create', body: {} },
  // @ts-expect-error: no such check, also inside [id, params]
  checks: ['http.status.success', ['chat.content.contain', { text: 'x' }]],
}

const suite = () =>
  defineSuite({
    capability: 'chat',
    title: 'toy',
    // @ts-expect-error: a suite naming a check that does not exist
    cases: [{ ...caseWithUnknownCheck, checks: ['chat.no-such-check'] }],
  })

const set = () =>
  defineCheckSet<SharedCheckId>({
    name: 'toy.set',
    title: 'toy',
    premise: {},
    // @ts-expect-error: a chat check is not the shared slice's to name
    checks: ['chat.response.schema'],
  })

test('the typed id union is exactly the catalogue', () => {
  const ids: readonly CheckId[] = ALL_CHECKS.map((check) => check.id as CheckId)
  expect(ids).toContain(known)
  expect(ids).not.toContain(unknown)
  expect([caseWithUnknownCheck, suite, set]).toHaveLength(3)
})
