/**
 * Check sets are the one source of which checks apply: every set names checks that exist,
 * every check is reachable from inference or is marked as needing a declared case (with the
 * reason), and every check a suite case uses belongs to a set of its slice whose premise its
 * request meets.
 */
import { describe, expect, test } from 'vitest'
import { RESPONSE_COMPLETE_CHECK } from '../../src/core/exchange.ts'
import { ALL_CHECKS, APIS, CHECK_SETS, getCheck, inferChecks, OPERATIONS } from '../../src/apis/index.ts'
import { isInferable, premiseHolds } from '../../src/apis/infer.ts'
import { withSdkHelpers } from '../../src/apis/chat/sdk-helpers.ts'
import type { Exchange } from '../../src/core/exchange.ts'
import type { CaseDefinition, CheckSet } from '../../src/core/types.ts'
import { checkUseId } from '../../src/engine/evaluate.ts'
import { withModel } from '../../src/engine/run-case.ts'
import { ALL_SUITES } from '../../suites/index.ts'

const cases = ALL_SUITES.flatMap((suite) => suite.cases)
const idsOf = (sets: readonly CheckSet[]) => new Set(sets.flatMap((set) => set.checks.map(checkUseId)))

/** The main exchange a case's request makes, as far as a premise reads it: method, URL, body, status class. */
function exchangeOf(definition: CaseDefinition): Exchange {
  const spec = withModel(definition.request, 'some-model')
  const body = withSdkHelpers(spec.body)
  const operation = OPERATIONS[spec.operation]
  return {
    request: { method: operation.method, url: `https://target.test/v1${operation.path(body)}`, headers: {}, body },
    response: { status: definition.expect === 'error' ? 400 : 200, headers: {}, bodyText: null, bodyBase64: null },
  }
}

/** The sets a case may draw on: its operation's slice's, and the shared slice's. */
function setsFor(definition: CaseDefinition): readonly CheckSet[] {
  const slice = APIS.find((api) => definition.request.operation in (api.operations ?? {}))
  const shared = APIS.find((api) => api.name === 'shared')
  return [...(slice?.checkSets ?? []), ...(shared?.checkSets ?? [])]
}

describe('check sets', () => {
  test('names are unique and well-formed', () => {
    const names = CHECK_SETS.map((set) => set.name)
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([])
    for (const name of names) expect(name).toMatch(/^[a-z]+(\.[a-z0-9-]+)+$/)
  })

  test.each(CHECK_SETS.map((set) => [set.name, set] as const))('%s: names known checks, once each', (_name, set) => {
    const ids = set.checks.map(checkUseId)
    expect(ids.length).toBeGreaterThan(0)
    expect(ids.filter((id) => !getCheck(id))).toEqual([])
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([])
    expect(set.title).not.toBe('')
  })

  test.each(CHECK_SETS.map((set) => [set.name, set] as const))(
    '%s: needs a case for a stated reason, or is a part, or inference may apply it',
    (_name, set) => {
      if (set.needsCase !== undefined) expect(set.needsCase.length).toBeGreaterThan(20)
      expect(set.needsCase !== undefined && set.part !== undefined).toBe(false)
    },
  )

  test('sets inference applies take no params (a recording cannot supply them)', () => {
    const withParams = CHECK_SETS.filter(isInferable).flatMap((set) =>
      set.checks.filter((use) => typeof use !== 'string').map((use) => `${set.name}: ${checkUseId(use)}`),
    )
    expect(withParams).toEqual([])
  })

  test('a part is composed whole into a set inference applies', () => {
    const inferable = CHECK_SETS.filter(isInferable)
    for (const part of CHECK_SETS.filter((set) => set.part)) {
      const composing = inferable.filter((set) => part.checks.every((use) => set.checks.includes(use)))
      expect(
        composing.map((set) => set.name),
        part.name,
      ).not.toEqual([])
    }
  })
})

describe('inference reaches every check', () => {
  const inferred = new Set(cases.flatMap((definition) => inferChecks(exchangeOf(definition)).map(checkUseId)))
  const needingCase = idsOf(CHECK_SETS.filter((set) => set.needsCase !== undefined))

  test('every check is inferred for some suite request, or is in a set that needs a declared case', () => {
    // The engine judges every case (and every inferred exchange) by http.response.complete.
    const unreached = ALL_CHECKS.map((check) => check.id).filter(
      (id) => !inferred.has(id) && !needingCase.has(id) && id !== RESPONSE_COMPLETE_CHECK,
    )
    expect(unreached).toEqual([])
  })

  test('no check is both inferred and marked as needing a case', () => {
    expect([...needingCase].filter((id) => inferred.has(id))).toEqual([])
  })

  test('every set inference may apply holds for some suite request', () => {
    const exchanges = cases.map(exchangeOf)
    const idle = CHECK_SETS.filter(isInferable).filter(
      (set) => !exchanges.some((exchange) => premiseHolds(set.premise, exchange)),
    )
    expect(idle.map((set) => set.name)).toEqual([])
  })
})

describe('suites compose check sets', () => {
  test.each(cases.map((definition) => [definition.id, definition] as const))(
    '%s: every check it uses is in a set of its slice whose premise its request meets',
    (_id, definition) => {
      const exchange = exchangeOf(definition)
      const sets = setsFor(definition).filter((set) => premiseHolds(set.premise, exchange))
      const covered = idsOf(sets)
      expect(definition.checks.map(checkUseId).filter((id) => !covered.has(id))).toEqual([])
    },
  )
})

describe('premises', () => {
  const chat = (body: Record<string, unknown>, status = 200): Exchange => ({
    request: { method: 'POST', url: 'https://api.openai.com/v1/chat/completions', headers: {}, body },
    response: { status, headers: {}, bodyText: null, bodyBase64: null },
  })
  const messages = [{ role: 'user', content: 'hi' }]

  test('an error answer gets the error envelope checks only (and that it echoes no key)', () => {
    expect(inferChecks(chat({ messages, stream: true }, 404))).toEqual([
      'http.content-type.json',
      'http.body.json',
      'errors.envelope.schema',
      'http.body.nulls-explicit',
      'http.credentials.not-echoed',
    ])
  })

  test('request conditions read dotted paths, and a list of groups holds when any group does', () => {
    const usage = CHECK_SETS.find((set) => set.name === 'stream.usage')!
    expect(premiseHolds(usage.premise, chat({ messages, stream: true, stream_options: { include_usage: true } }))).toBe(
      true,
    )
    expect(premiseHolds(usage.premise, chat({ messages, stream: true, stream_options: null }))).toBe(false)
    const maxTokens = CHECK_SETS.find((set) => set.name === 'chat.max-tokens')!
    expect(premiseHolds(maxTokens.premise, chat({ messages, max_completion_tokens: 5 }))).toBe(true)
    expect(premiseHolds(maxTokens.premise, chat({ messages, max_tokens: 5 }))).toBe(true)
    expect(premiseHolds(maxTokens.premise, chat({ messages }))).toBe(false)
  })

  test('an endpoint path matches the end of the URL path, `{name}` one segment', () => {
    const get = (path: string): Exchange => ({
      request: { method: 'GET', url: `https://proxy.test${path}`, headers: {}, body: null },
      response: { status: 200, headers: {}, bodyText: null, bodyBase64: null },
    })
    const retrieve = CHECK_SETS.find((set) => set.name === 'models.retrieve')!
    const list = CHECK_SETS.find((set) => set.name === 'models.list')!
    expect(premiseHolds(list.premise, get('/openai/v1/models'))).toBe(true)
    expect(premiseHolds(list.premise, get('/v1/models/gpt-4o'))).toBe(false)
    expect(premiseHolds(retrieve.premise, get('/v1/models/gpt-4o'))).toBe(true)
    expect(premiseHolds(retrieve.premise, get('/v1/models/a/b'))).toBe(false)
  })
})
