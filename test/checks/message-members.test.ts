/**
 * What a completion carries beside its text (issue 9, items 7-9 and 13): the model it names,
 * members nobody asked for, placeholder values, content next to a refusal, and how findings
 * name choices.
 */
import { describe, expect, it } from 'vitest'
import { getCheck } from '../../src/apis/index.ts'
import {
  callsMessage,
  completion,
  exchange,
  PERSON,
  REQUEST,
  run,
  said,
  textMessage,
  toolCall,
  verdict,
} from './tools-fixtures.ts'

type Json = Record<string, unknown>

const PLAIN: Json = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Say hello.' }] }
const STRUCTURED: Json = {
  ...PLAIN,
  response_format: { type: 'json_schema', json_schema: { name: 'person', strict: true, schema: PERSON } },
}
const withModel = (model: unknown, request: Json = PLAIN) =>
  exchange({ ...completion([textMessage('Hello!')]), model }, request)

describe('chat.response.model-requested', () => {
  it.each([
    ['gpt-4o', 'gpt-4o'],
    ['gpt-4o', 'gpt-4o-2024-08-06'],
    ['gpt-4o-mini', 'gpt-4o-mini-2024-07-18'],
    ['gpt-4', 'gpt-4-0613'],
    ['GPT-4o', 'gpt-4o'],
  ])('passes when %s is answered as %s', (requested, served) => {
    const result = run('chat.response.model-requested', withModel(served, { ...PLAIN, model: requested }))
    expect(verdict(result), said(result)).toBe('pass')
  })

  it.each([['string'], ['gpt-4o-mini'], ['gpt-4o-turbo']])('warns on %s for gpt-4o, naming both', (served) => {
    expect(said(run('chat.response.model-requested', withModel(served)))).toBe(
      `model is "${served}", the request asked for "gpt-4o" (neither it nor a dated snapshot of it)`,
    )
  })

  describe('with the list the target answered at GET /models (a gateway routing an alias)', () => {
    const judged = (served: string, listedModels: string[]) => {
      const main = withModel(served)
      return getCheck('chat.response.model-requested')!.run({
        exchange: main,
        exchanges: { main },
        request: PLAIN,
        params: undefined,
        models: {},
        listedModels,
      })
    }
    it('passes a model the target lists', () => {
      expect(judged('router/gpt-4o-eu', ['router/gpt-4o-eu', 'gpt-4o'])).toEqual([])
    })
    it('warns on one it does not, saying the list was consulted', () => {
      expect(said(judged('string', ['gpt-4o']))).toBe(
        'model is "string", the request asked for "gpt-4o" (neither it nor a dated snapshot of it), nor among the 1 models GET /models lists',
      )
    })
  })

  it('skips a missing model, which chat.response.model reports', () => {
    expect(said(run('chat.response.model-requested', withModel(undefined)))).toMatch(/see chat.response.model/)
  })
})

describe('chat.message.unrequested', () => {
  const check = (message: Json, request: Json = PLAIN) =>
    run('chat.message.unrequested', exchange(completion([message]), request))

  it('fails tool calls in answer to a request that offered no tools', () => {
    expect(said(check(callsMessage(toolCall()), PLAIN))).toMatch(
      /^choice 0 carries 1 tool call\(s\) although the request offered no tools/,
    )
  })

  it('passes tool calls of offered tools', () => {
    expect(verdict(check(callsMessage(toolCall()), REQUEST))).toBe('pass')
  })

  it('fails a function_call with no functions offered, and audio without audio output asked for', () => {
    const message = textMessage('Hi', {
      function_call: { name: 'lookup', arguments: '{}' },
      audio: { id: 'audio_1', data: 'AAAA', expires_at: 1750870734, transcript: 'Hi' },
    })
    expect(said(check(message))).toMatch(/function_call .* although the request offered no functions/)
    expect(said(check(message))).toMatch(/audio .* although the request did not ask for audio output/)
    const asked = { ...PLAIN, functions: [{ name: 'lookup' }], modalities: ['text', 'audio'] }
    expect(verdict(check(message, asked))).toBe('pass')
  })

  it('leaves zero-value members to chat.response.placeholders', () => {
    const message = textMessage('Hi', { tool_calls: [], function_call: { name: '' }, audio: { id: '' } })
    expect(verdict(check(message))).toBe('pass')
  })
})

describe('chat.response.placeholders', () => {
  it('names each placeholder member', () => {
    const body = {
      ...completion([
        textMessage('Hi', {
          tool_calls: [],
          refusal: '',
          function_call: { name: '', arguments: '' },
          audio: { id: '' },
        }),
      ]),
      system_fingerprint: '',
    }
    const text = said(run('chat.response.placeholders', exchange(body, PLAIN)))
    for (const member of [
      'system_fingerprint is ""',
      'tool_calls is []',
      'refusal is ""',
      'function_call is',
      'audio is',
    ])
      expect(text).toContain(member)
  })

  it('passes absent and null members and a real fingerprint', () => {
    const body = { ...completion([textMessage('Hi', { audio: null })]), system_fingerprint: 'fp_a288987b44' }
    expect(verdict(run('chat.response.placeholders', exchange(body, PLAIN)))).toBe('pass')
  })
})

describe('content next to a refusal', () => {
  const refusing = (content: unknown) => textMessage(content, { refusal: "I'm sorry, I can't help with that." })

  it('chat.message.refusal-exclusive warns on the pair and passes a refusal with content null', () => {
    expect(said(run('chat.message.refusal-exclusive', exchange(completion([refusing('Sure!')]), PLAIN)))).toMatch(
      /^choice 0 carries both content "Sure!" and refusal/,
    )
    expect(verdict(run('chat.message.refusal-exclusive', exchange(completion([refusing(null)]), PLAIN)))).toBe('pass')
  })

  it('the structured content checks judge content sent beside a refusal', () => {
    const prose = exchange(completion([refusing('Here you go: Ada, 36')]), STRUCTURED)
    expect(said(run('structured.content.single-json', prose))).toMatch(/^choice 0: the content/)
    const json = exchange(completion([refusing('{"name":"Ada","age":36}')]), STRUCTURED)
    expect(verdict(run('structured.content.schema', json))).toBe('pass')
  })

  it('a refusal with no content still skips as refused', () => {
    expect(said(run('structured.content.single-json', exchange(completion([refusing(null)]), STRUCTURED)))).toMatch(
      /refused \(see structured.refusal.none\)/,
    )
  })
})

describe('"called tools instead" only when tools were offered', () => {
  const message = { content: '{"name":"Ada","age":36}', tool_calls: [toolCall()] }

  it('judges the content when the request offered no tools', () => {
    const result = run('structured.content.schema', exchange(completion([message], ['stop']), STRUCTURED))
    expect(verdict(result), said(result)).toBe('pass')
  })

  it('skips a choice that called the offered tools', () => {
    const request = { ...STRUCTURED, tools: REQUEST.tools }
    expect(said(run('structured.content.schema', exchange(completion([message]), request)))).toMatch(
      /called tools instead/,
    )
  })
})

describe('findings name choices by position', () => {
  it('shows a bogus index as such', () => {
    const body = completion([callsMessage(toolCall()), callsMessage(toolCall())])
    ;(body.choices as Json[])[1]!.index = 7
    const request = { ...REQUEST, n: 2, tool_choice: 'none' }
    expect(said(run('tools.choice.none', exchange(body, request)))).toMatch(
      /choice 0 called "get_weather"[\s\S]*choice 1 \(index 7\) called "get_weather"/,
    )
  })

  it('a completion with no choices is a skip, not a pass', () => {
    const empty = exchange({ ...completion([]), choices: [] }, PLAIN)
    for (const id of ['chat.message.role', 'chat.finish-reason.enum', 'chat.message.unrequested'])
      expect(said(run(id, empty)), id).toMatch(
        /^skip: the completion has no choices to judge; see chat.choices.indices/,
      )
    const withTools = exchange({ ...completion([]), choices: [] }, { ...REQUEST, tool_choice: 'none' })
    expect(said(run('tools.choice.none', withTools))).toMatch(/^skip: the completion has no choices/)
    const structured = exchange({ ...completion([]), choices: [] }, STRUCTURED)
    for (const id of ['structured.refusal.type', 'structured.refusal.none'])
      expect(said(run(id, structured)), id).toMatch(/^skip: the completion has no choices/)
    expect(verdict(run('chat.choices.indices', empty))).toBe('deviation')
    // The usage it reports is still judged: prompt tokens were spent.
    const zero = exchange(
      { ...completion([]), choices: [], usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 } },
      PLAIN,
    )
    expect(said(run('chat.usage.counted', zero))).toMatch(/prompt_tokens is 0/)
  })
})
