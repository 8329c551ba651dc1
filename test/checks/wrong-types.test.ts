/**
 * Wrong types are wrong types: a completion whose members are present with the wrong type
 * (`choices: "hello"`, `usage: [1,2,3]`, `message: 5`, `content: {}` …) is never read as if
 * they were missing, and no check that reads such a member passes on it. Each body is tried
 * in every chat request form (plain, with tools, with structured outputs), streamed and not.
 */
import { describe, expect, it } from 'vitest'
import { CHAT_SLICE_CHECKS } from '../../src/apis/chat/checks/index.ts'
import { completion, exchange, GET_WEATHER, PERSON, run, said, streamed, verdict } from './tools-fixtures.ts'
import { chunk } from './stream-fixtures.ts'

type Json = Record<string, unknown>

const MESSAGES = [{ role: 'user', content: 'Say hello.' }]
const FORMS: Record<string, Json> = {
  plain: { model: 'gpt-4o', messages: MESSAGES },
  tools: { model: 'gpt-4o', messages: MESSAGES, tools: [GET_WEATHER] },
  structured: {
    model: 'gpt-4o',
    messages: MESSAGES,
    response_format: { type: 'json_schema', json_schema: { name: 'person', strict: true, schema: PERSON } },
  },
  'vendor dialect': { model: 'gpt-4o', messages: MESSAGES, response_format: { type: 'json_schema', schema: PERSON } },
}

const good = () => completion([{ content: '{"name":"Ada","age":36}' }])
const withChoice = (patch: (choice: Json) => void) => {
  const body = good()
  patch((body.choices as Json[])[0]!)
  return body
}
const withMessage = (patch: (message: Json) => void) => withChoice((c) => patch(c.message as Json))

/** Each body: what is wrong, the member that is, and the body. */
const BODIES: Array<[string, string, Json]> = [
  ['choices: "hello"', 'choices', { ...good(), choices: 'hello' }],
  ['choices: {}', 'choices', { ...good(), choices: {} }],
  ['choices: 5', 'choices', { ...good(), choices: 5 }],
  ['choices: ["x"]', 'choices/0', { ...good(), choices: ['x'] }],
  ['choices: [null]', 'choices/0', { ...good(), choices: [null] }],
  ['usage: [1,2,3]', 'usage', { ...good(), usage: [1, 2, 3] }],
  ['usage: "many"', 'usage', { ...good(), usage: 'many' }],
  ['message: 5', 'message', withChoice((c) => (c.message = 5))],
  ['message: "hi"', 'message', withChoice((c) => (c.message = 'hi'))],
  ['content: {}', 'content', withMessage((m) => (m.content = {}))],
  ['content: 42', 'content', withMessage((m) => (m.content = 42))],
  ['tool_calls: "x"', 'tool_calls', withMessage((m) => (m.tool_calls = 'x'))],
  ['tool_calls: [5]', 'tool_calls/0', withMessage((m) => (m.tool_calls = [5]))],
]

/**
 * Which checks read a member: every chat check reads `choices` and what is in it, except the
 * envelope checks (id, object, created, model and whether it is the one requested, transport, framing) and the usage checks; the
 * usage checks read `usage`; the checks of message text and tool calls read those.
 */
const ENVELOPE =
  /^chat\.response\.(object|id|created|model|model-requested)$|^stream\.(chunk\.(object|id|created|model|model-consistent|nulls-explicit)|http\.|payload\.|done\.)|^sdk\.stream\.dataless-events$/
const USAGE = /usage/
const MESSAGE_TEXT = /^(tools|structured)\.|^chat\.(content|message\.content|stop|logprobs)/
const READERS: Record<string, (id: string) => boolean> = {
  choices: (id) => !ENVELOPE.test(id) && !USAGE.test(id),
  usage: (id) => USAGE.test(id),
  content: (id) => MESSAGE_TEXT.test(id),
  tool_calls: (id) => /^(tools|structured)\./.test(id),
}
READERS.message = READERS.choices!

/** The same wrong type, streamed: one chunk carrying it (a message becomes a delta). */
function chunksOf(body: Json): Json[] {
  const { choices, usage } = body as { choices: unknown; usage: unknown }
  const asDelta = (c: unknown) => {
    if (!c || typeof c !== 'object' || !('message' in c)) return c
    const { message, ...rest } = c as Json
    return { ...rest, delta: message }
  }
  return [chunk((Array.isArray(choices) ? choices.map(asDelta) : choices) as unknown[], { usage })]
}

/** What the cases give the checks that take parameters. */
const PARAMS = { finishReason: 'stop', text: 'Ada' }

describe.each(Object.entries(FORMS))('%s request', (_form, request) => {
  describe.each(BODIES)('%s', (_what, member, body) => {
    const name = member.split('/')[0]!
    const reads = READERS[name]!
    const missing = new RegExp(`${name}\\W[^.;]*missing|missing[^.;]*${name}`, 'i')
    const cases: Array<[string, ReturnType<typeof exchange>, (id: string) => boolean]> = [
      ['not streamed', exchange(body, request), reads],
      ['streamed', streamed(chunksOf(body), request), reads],
    ]
    it.each(cases)(`%s: no check that reads ${member} passes, none says it is missing`, (_how, main, judged) => {
      const passing: string[] = []
      const saysMissing: string[] = []
      for (const check of CHAT_SLICE_CHECKS) {
        const result = run(check.id, main, { params: PARAMS })
        if (missing.test(said(result))) saysMissing.push(`${check.id}: ${said(result)}`)
        const v = verdict(result)
        if (judged(check.id) && (v === 'pass' || v === 'note')) passing.push(`${check.id}: ${said(result)}`)
      }
      expect(passing).toEqual([])
      expect(saysMissing).toEqual([])
    })
  })
})

it('a check facing an unreadable body says what it saw and where the root cause is reported', () => {
  const main = exchange({ ...good(), choices: 'hello' }, FORMS['vendor dialect']!)
  expect(said(run('structured.vendor-dialect', main))).toBe(
    'accepts the vendor dialect but answers a completion it cannot read: choices is a string (see chat.response.schema)',
  )
  expect(said(run('structured.content.schema', exchange({ ...good(), choices: 'hello' }, FORMS.structured!)))).toBe(
    'skip: cannot read: choices is a string (see chat.response.schema)',
  )
  expect(said(run('chat.usage.present', exchange({ ...good(), usage: [1, 2, 3] }, FORMS.plain!)))).toBe(
    'skip: cannot read: usage is an array (see chat.response.schema)',
  )
})

it('a stream check facing unreadable chunks points to the chunk schema check, which reports them', () => {
  const main = streamed(chunksOf({ ...good(), choices: 'hello' }), FORMS.plain!)
  expect(said(run('stream.finish.once', main))).toBe(
    'skip: cannot read: sse event 0 choices is a string (see stream.chunk.schema)',
  )
  expect(verdict(run('stream.chunk.schema', main))).toBe('deviation')
  const usage = streamed(chunksOf({ ...good(), usage: [1, 2, 3] }), FORMS.plain!)
  expect(said(run('stream.usage.absent-without-option', usage))).toMatch(
    /^skip: cannot read: .* usage is an array \(see stream.chunk.schema\)$/,
  )
})

it('a stream check with no choice or chunk to judge skips, pointing to the choice count check', () => {
  const empty = streamed([chunk([])], FORMS.plain!)
  expect(said(run('stream.choice.role-first', empty))).toBe(
    'skip: the stream carries no choice; see stream.choices.count',
  )
  expect(verdict(run('stream.choices.count', empty))).toBe('deviation')
  const bare = streamed([], FORMS.plain!)
  expect(said(run('stream.chunk.schema', bare))).toBe('skip: the stream carries no chunk; see stream.choices.count')
  expect(verdict(run('stream.choices.count', bare))).toBe('deviation')
})
