/**
 * Adding an API is one slice plus one entry in the catalogue's list (ARCHITECTURE.md, "Adding a
 * capability"). The toy slice below is what `src/apis/toy/index.ts` would export; adding it
 * to the list is the only other change: its check reaches the registry and offline
 * inference, its route the reference endpoint, its fault the fault catalogue and the
 * pipeline, with nothing else registered anywhere.
 */
import { getResponse } from 'msw'
import { describe, expect, test } from 'vitest'
import { APIS, CATALOGUE } from '../../src/apis/index.ts'
import { createCatalogue } from '../../src/apis/catalogue.ts'
import { jsonBody } from '../../src/apis/shared/body.ts'
import { defineApi } from '../../src/apis/shared/slice.ts'
import { defineCheck, defineCheckSet, finding } from '../../src/core/define.ts'
import type { Exchange } from '../../src/core/exchange.ts'
import { createRouter } from '../../src/reference/router.ts'

const echoOk = defineCheck({
  id: 'toy.echo.ok',
  title: 'The echo answers ok',
  level: 'required',
  spec: { doc: 'https://example.test/toy#echo' },
  description: 'POST /toy/echo MUST answer `{"ok": true}`.',
  run: ({ exchange }) => {
    const body = jsonBody(exchange)
    return body.ok && (body.value as { ok?: unknown }).ok === true ? [] : [finding('the echo did not answer ok')]
  },
})

const toy = defineApi({
  name: 'toy',
  checks: [echoOk],
  checkSets: [
    defineCheckSet({
      name: 'toy.echo',
      title: 'An echo answer',
      premise: { endpoint: { method: 'POST', path: '/toy/echo' }, status: 'success' },
      checks: ['toy.echo.ok'],
    }),
  ],
  routes: [
    { method: 'POST', path: '/toy/echo', operationId: 'createToyEcho', handle: (ctx) => ctx.answer({ ok: true }) },
  ],
  faults: [
    {
      name: 'toy-echo-not-ok',
      description: 'Answers the echo with ok false.',
      modelledOn: 'a toy, for the architecture test',
      proves: ['toy.echo.ok'],
      operations: ['createToyEcho'],
      hooks: { body: () => ({ ok: false }) },
    },
  ],
})

const withToy = createCatalogue([...APIS, toy])
const baseUrl = 'http://toy.test/v1'

async function echo(faults: string[]): Promise<Exchange> {
  const handlers = createRouter({ baseUrl, routes: withToy.routes, faults: withToy.resolveFaults(faults) })
  const url = `${baseUrl}/toy/echo`
  const response = await getResponse(handlers, new Request(url, { method: 'POST', body: '{}' }))
  const bodyText = (await response?.text()) ?? ''
  return {
    request: { method: 'POST', url, headers: {}, body: {} },
    response: {
      status: response?.status ?? 0,
      headers: Object.fromEntries(response?.headers ?? []),
      bodyText,
    },
  } as unknown as Exchange
}

describe('a toy slice added to the catalogue list', () => {
  test('its check is in the registry, and nowhere before', () => {
    expect(withToy.getCheck('toy.echo.ok')).toBe(echoOk)
    expect(CATALOGUE.getCheck('toy.echo.ok')).toBeUndefined()
    expect(withToy.checks).toHaveLength(CATALOGUE.checks.length + 1)
  })

  test('the reference endpoint serves its route, and its fault bites there', async () => {
    const compliant = await echo([])
    expect(JSON.parse(compliant.response!.bodyText!)).toEqual({ ok: true })
    expect(echoOk.run({ exchange: compliant } as never)).toEqual([])
    const faulty = await echo(['toy-echo-not-ok'])
    expect(JSON.parse(faulty.response!.bodyText!)).toEqual({ ok: false })
    expect(echoOk.run({ exchange: faulty } as never)).toHaveLength(1)
    expect(withToy.listFaults().map((fault) => fault.name)).toContain('toy-echo-not-ok')
  })

  test('offline inference applies its check set to a captured echo', async () => {
    expect(withToy.inferChecks(await echo([]))).toEqual(['toy.echo.ok'])
    expect(CATALOGUE.inferChecks(await echo([]))).toEqual([])
  })
})
