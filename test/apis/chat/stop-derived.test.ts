/**
 * chat.stop-sequence and streaming.stop-sequence derive their stop word from the model's own
 * reply (chat.stop.honoured / stream.stop.honoured with derivedFrom): they pass on the
 * reference, fail when the endpoint ignores `stop`, and are inconclusive, never a pass, when
 * the second reply differs from the first before the word.
 */
import { describe, expect, test } from 'vitest'
import { REFERENCE_API_KEY, REFERENCE_MODELS, startReferenceServer } from '../../../src/apis/reference.ts'
import { stopFromReply } from '../../../src/apis/chat/rules/stop.ts'
import type { Fault } from '../../../src/reference/fault.ts'
import type { ExchangeSummary } from '../../../src/core/types.ts'
import { defineSuite } from '../../../src/core/define.ts'
import chat from '../../../suites/chat.ts'
import streaming from '../../../suites/streaming.ts'
import { runCases } from '../../support/run-cases.ts'

/** Each stop case: its suite, with it alone, the check that judges the derived word, and the fault of a server ignoring stop there. */
const STOP_CASES = [
  // Without a stop word, the reply without stop is judged in the main request's place (it is of
  // the same form): nothing in it fails, and the stop rule, never put to the test, skips.
  {
    suite: chat,
    id: 'chat.stop-sequence',
    check: 'chat.stop.honoured',
    ignoresStop: 'chat-ignores-stop',
    withoutStopWord: 'skip',
  },
  {
    suite: streaming,
    id: 'streaming.stop-sequence',
    check: 'stream.stop.honoured',
    ignoresStop: 'stream-ignores-stop',
    withoutStopWord: 'skip',
  },
].map(({ suite, id, ...rest }) => ({
  id,
  suite: defineSuite({ ...suite, cases: suite.cases.filter((c) => c.id === id) }),
  ...rest,
}))
type StopCase = (typeof STOP_CASES)[number]

let sampled = 0
/** Samples afresh on every request, seed or not (OpenAI documents `seed` as best effort: "determinism is not guaranteed"). */
const ignoresSeed: Fault = {
  name: 'chat-ignores-seed',
  description:
    'Each request is sampled afresh: the same request with the same seed at temperature 0 gets another reply.',
  modelledOn: 'OpenAI\'s `seed` ("determinism is not guaranteed"); vLLM without batch-invariant kernels.',
  proves: [],
  operations: ['createChatCompletion'],
  hooks: {
    respond: (req) => {
      const last = req.body?.messages?.at(-1)
      if (typeof last?.content === 'string') last.content += ` (sample ${++sampled})`
      return undefined
    },
  },
}

/** Answers a request without `stop` with one short word: no word in it to stop at. */
const terse: Fault = {
  name: 'chat-terse',
  description: 'Answers every request without stop with "ok".',
  modelledOn: 'A model that answers a request for two sentences with one word.',
  proves: [],
  operations: ['createChatCompletion'],
  hooks: {
    body: (completion, req) => {
      if (req.body?.stop === undefined) for (const choice of completion.choices) choice.message.content = 'ok'
      return completion
    },
    // Streamed: the content deltas say "ok" once, then nothing.
    events: (chunks, req) => {
      if (req.body?.stop !== undefined) return chunks
      let said = false
      for (const chunk of chunks)
        for (const choice of chunk.choices ?? [])
          if (typeof choice.delta?.content === 'string') {
            choice.delta.content = said ? '' : 'ok'
            said = true
          }
      return chunks
    },
  },
}

/** A reply's text as the report shows it: a completion's message, or a stream's content deltas (its timeline). */
function replyText(exchange: ExchangeSummary): string {
  if (!exchange.timeline) return JSON.parse(exchange.responseExcerpt!).choices[0].message.content
  return exchange.timeline
    .filter((event) => event.data.startsWith('{'))
    .map((event) => JSON.parse(event.data).choices?.[0]?.delta?.content ?? '')
    .join('')
}

async function runStopCase(stopCase: StopCase, faults: (string | Fault)[]) {
  const server = await startReferenceServer({ apiKey: REFERENCE_API_KEY, faults })
  try {
    const [result] = await runCases({
      baseURL: server.url,
      apiKey: REFERENCE_API_KEY,
      models: REFERENCE_MODELS,
      suites: [stopCase.suite],
    })
    return { result: result!, derived: result!.checks.find((c) => c.id === stopCase.check)! }
  } finally {
    await server.close()
  }
}

describe('chat.stop-sequence (a stop word from the reply itself)', () => {
  test('passes on the reference: the second request sends a word of the first reply and its reply ends before it', async () => {
    const { result, derived } = await runStopCase(STOP_CASES[0]!, [])
    expect(derived.status, derived.message).toBe('pass')
    expect(result.status).toBe('pass')
    const unstopped = result.exchanges.find((e) => e.name === 'unstopped')!
    const stopped = result.exchanges.find((e) => e.name === 'main')!
    const stop = (stopped.requestBody as { stop: string[] }).stop[0]!
    const first = JSON.parse(unstopped.responseExcerpt!).choices[0].message.content as string
    const second = JSON.parse(stopped.responseExcerpt!).choices[0].message.content as string
    expect(first).toContain(stop)
    expect(second).not.toContain(stop)
    expect(first.startsWith(second)).toBe(true)
  })
})

describe.each(STOP_CASES)('$id (a stop word from the reply itself)', (stopCase) => {
  test('passes on the reference, sending a word of the reply without stop as stop', async () => {
    const { result, derived } = await runStopCase(stopCase, [])
    expect(derived.status, derived.message).toBe('pass')
    expect(result.status).toBe('pass')
    const unstopped = result.exchanges.find((e) => e.name === 'unstopped')!
    const stop = (result.exchanges.find((e) => e.name === 'main')!.requestBody as { stop: string[] }).stop[0]!
    expect(replyText(unstopped)).toContain(stop)
  })

  test('fails when the endpoint ignores stop', async () => {
    const { result, derived } = await runStopCase(stopCase, [stopCase.ignoresStop])
    expect(derived.status).toBe('fail')
    expect(derived.message).toMatch(/contains the stop sequence/)
    expect(result.status).toBe('fail')
  })

  test('is inconclusive, never a pass, when the two replies differ before the stop word', async () => {
    const { result, derived } = await runStopCase(stopCase, [ignoresSeed])
    expect(derived.status).toBe('inconclusive')
    expect(derived.message).toMatch(/differs from the reply without stop before/)
    expect(result.status).toBe('inconclusive')
  })

  test('is inconclusive with the reason when the first reply gives no stop word (the main request is not sent)', async () => {
    const { result } = await runStopCase(stopCase, [terse])
    expect(result.status).toBe('inconclusive')
    expect(result.reason).toMatch(/the main request was not sent: no stop word from the reply without stop: the reply/)
    expect(result.checks.filter((c) => c.status === 'fail')).toEqual([])
    expect(result.checks.find((c) => c.id === stopCase.check)?.status).toBe(stopCase.withoutStopWord)
  })
})

describe('stopFromReply', () => {
  test('takes the first word of the second half that occurs nowhere before, with the text before it', () => {
    expect(stopFromReply('the river bends and the river turns toward the harbor')).toEqual({
      stop: 'turns',
      before: 'the river bends and the river ',
    })
  })

  test('a reply with no such word gives a reason, not a word', () => {
    expect(stopFromReply('one two one two')).toMatchObject({ cannot: expect.stringMatching(/no word/) })
    expect(stopFromReply('')).toHaveProperty('cannot')
  })
})
