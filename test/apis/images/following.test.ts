/**
 * A request that follows an earlier exchange of its case (RequestSpec.following): sent once
 * that exchange is captured, with the body made from it; absent when there is nothing to
 * send; and an unreachable destination the endpoint named is judged, not inconclusive.
 */
import { expect, test } from 'vitest'
import { checkRegistry } from '../../../src/apis/index.ts'
import { followImageUrl } from '../../../src/apis/images/read.ts'
import type { Exchange } from '../../../src/core/exchange.ts'
import type { CaseDefinition, RequestSpec } from '../../../src/core/types.ts'
import { runCase } from '../../../src/engine/run-case.ts'

const IMAGE_PNG = 'iVBORw0KGgo='

function generation(data: unknown[]): Exchange {
  const bodyText = JSON.stringify({ created: 1_767_225_600, data })
  return {
    request: { method: 'POST', url: 'http://127.0.0.1/v1/images/generations', headers: {}, body: {} },
    response: { status: 200, headers: { 'content-type': 'application/json' }, bodyText, bodyBase64: null },
    sdk: { ok: true, value: JSON.parse(bodyText) },
  }
}

const refused: Exchange = {
  request: { method: 'GET', url: 'http://127.0.0.1:1/x.png', headers: {}, body: null },
  response: null,
  error: { kind: 'network', message: 'connect ECONNREFUSED 127.0.0.1:1' },
  sdk: { ok: false, error: { name: 'TypeError', message: 'fetch failed' } },
}

const definition: CaseDefinition = {
  id: 'images.example',
  title: 'example',
  capability: 'images',
  request: { operation: 'images.generate', body: { prompt: 'p', response_format: 'url' } },
  related: {
    download: { operation: 'images.download', body: {}, following: { exchange: 'main', from: followImageUrl } },
  },
  checks: ['images.data.form', 'images.url.fetchable'],
}

async function run(main: Exchange, download: Exchange = refused) {
  const sent: RequestSpec[] = []
  const result = await runCase(definition, {
    registry: checkRegistry,
    models: { images: 'm' },
    perform: async (spec) => {
      sent.push(spec)
      return spec.operation === 'images.generate' ? main : download
    },
  })
  return { sent, result }
}

test('the download is sent after the generation, with the URL it named', async () => {
  const { sent } = await run(generation([{ url: 'http://127.0.0.1:1/x.png' }]))
  expect(sent.map((spec) => spec.operation)).toEqual(['images.generate', 'images.download'])
  expect(sent[1]!.body).toMatchObject({ url: 'http://127.0.0.1:1/x.png' })
})

test('an unreachable URL the endpoint named fails the case, it does not leave it inconclusive', async () => {
  const { result } = await run(generation([{ url: 'http://127.0.0.1:1/x.png' }]))
  expect(result.status).toBe('fail')
  expect(result.checks.find((c) => c.id === 'images.url.fetchable')).toMatchObject({ status: 'fail' })
})

test('no URL to fetch: no download exchange, and the checks say why', async () => {
  const { sent, result } = await run(generation([{ b64_json: IMAGE_PNG }]))
  expect(sent).toHaveLength(1)
  expect(result.exchanges.map((e) => e.name)).toEqual(['main'])
  expect(result.checks.find((c) => c.id === 'images.data.form')).toMatchObject({ status: 'fail' })
  expect(result.checks.find((c) => c.id === 'images.url.fetchable')).toMatchObject({ status: 'skip' })
})
