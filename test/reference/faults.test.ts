/**
 * The fault catalogue: every fault changes the raw response the way it says, and the
 * compliant reference does not. Requests go straight through msw's `getResponse`.
 */
import { getResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { FAULTS, getFault, listFaults, resolveFaults } from '../../src/apis/index.ts'
import { createReferenceHandlers } from '../../src/apis/reference.ts'
import { REFERENCE_CHAT_MODEL as model } from '../../src/reference/served-models.ts'

const baseUrl = 'http://reference.test/v1'
const apiKey = 'sk-fault-table-key-0123456789'

interface Sent {
  method?: 'GET' | 'POST'
  path: string
  body?: unknown
  /** The key to send; null sends none. Default: the right key. */
  key?: string | null
}

interface Observed {
  status: number
  contentType: string
  text: string
  json: any
}

interface FaultCase {
  send: Sent
  /** True when the response shows the fault's deviation. */
  shows(observed: Observed): boolean
}

const user = (content: unknown) => ({ role: 'user', content })
const chat = (body: Record<string, unknown> = {}): Sent => ({
  method: 'POST',
  path: '/chat/completions',
  body: { model, messages: [user('Count from 1 to 10')], ...body },
})
const WRONG_KEY = 'sk-wrong-key-abcdefghijklmnopqrstuvwxyz'

const CASES: Record<string, FaultCase> = {
  'chat-object-text-completion': { send: chat(), shows: ({ json }) => json.object === 'text_completion' },
  'chat-created-milliseconds': { send: chat(), shows: ({ json }) => json.created > 1e12 },
  'chat-created-iso-string': {
    send: chat(),
    shows: ({ json }) => typeof json.created === 'string' && !Number.isNaN(Date.parse(json.created)),
  },
  'chat-id-empty': { send: chat(), shows: ({ json }) => json.id === '' },
  'chat-model-missing': { send: chat(), shows: ({ json }) => !('model' in json) },
  'chat-choice-indices-zero': {
    send: chat({ n: 2 }),
    shows: ({ json }) => json.choices.length === 2 && json.choices.every((choice: any) => choice.index === 0),
  },
  'chat-empty-content': {
    send: chat(),
    shows: ({ json }) => json.choices[0].message.content === '' && json.choices[0].finish_reason === 'stop',
  },
  'chat-logprobs-non-finite': {
    send: chat({ logprobs: true, top_logprobs: 1 }),
    shows: ({ status, json, text }) => status === 200 && json === null && text.includes('-Infinity'),
  },
  'rejects-stop-vaguely': {
    send: chat({ stop: ['7'] }),
    shows: ({ status, json }) => status === 400 && json.error.param === null && json.error.code === null,
  },
  'drops-history': {
    send: chat({ messages: [{ role: 'developer', content: 'Reply with exactly: banana' }, user('Say hello.')] }),
    shows: ({ json }) => !json.choices[0].message.content.includes('banana'),
  },
  'malformed-request-500': {
    send: { method: 'POST', path: '/chat/completions', body: { model } },
    shows: ({ status, json }) => status === 500 && json.error.type === 'server_error',
  },
  'chat-ignores-n': { send: chat({ n: 2 }), shows: ({ json }) => json.choices.length === 1 },
  'chat-message-role-missing': { send: chat(), shows: ({ json }) => !('role' in json.choices[0].message) },
  'chat-content-parts-array': {
    send: chat(),
    shows: ({ json }) =>
      Array.isArray(json.choices[0].message.content) && json.choices[0].message.content[0].type === 'text',
  },
  'chat-finish-reason-eos': { send: chat(), shows: ({ json }) => json.choices[0].finish_reason === 'eos' },
  'chat-ignores-max-tokens': {
    send: chat({ max_tokens: 3 }),
    shows: ({ json }) =>
      json.choices[0].message.content === '1 2 3 4 5 6 7 8 9 10' && json.choices[0].finish_reason === 'stop',
  },
  'chat-ignores-stop': {
    send: chat({ stop: [' 5'] }),
    shows: ({ json }) => json.choices[0].message.content.includes(' 5'),
  },
  'chat-usage-total-mismatch': {
    send: chat(),
    shows: ({ json: { usage } }) => usage.total_tokens !== usage.prompt_tokens + usage.completion_tokens,
  },
  'chat-usage-floats': {
    send: chat(),
    shows: ({ json: { usage } }) =>
      !Number.isInteger(usage.prompt_tokens) && !Number.isInteger(usage.completion_tokens),
  },
  'chat-usage-missing': { send: chat(), shows: ({ json }) => !('usage' in json) },
  'chat-logprobs-legacy-shape': {
    send: chat({ logprobs: true, top_logprobs: 2 }),
    shows: ({ json }) => {
      const logprobs = json.choices[0].logprobs
      return (
        !('content' in logprobs) &&
        logprobs.tokens.join('') === json.choices[0].message.content &&
        logprobs.token_logprobs.length === logprobs.tokens.length &&
        Object.keys(logprobs.top_logprobs[0]).length === 2
      )
    },
  },
  'rejects-developer-role': {
    send: chat({ messages: [{ role: 'developer', content: 'Be brief.' }, user('Count from 1 to 3')] }),
    shows: ({ status, json }) => status === 400 && json.error.message.includes('developer'),
  },
  'rejects-content-parts': {
    send: chat({ messages: [user([{ type: 'text', text: 'Count from 1 to 3' }])] }),
    shows: ({ status }) => status === 400,
  },
  'json-as-text-plain': { send: { path: '/models' }, shows: ({ contentType }) => contentType.startsWith('text/plain') },
  'models-list-bare-array': {
    send: { path: '/models' },
    shows: ({ json }) => Array.isArray(json) && json[0].id === model,
  },
  'models-list-omits-served': {
    send: { path: '/models' },
    shows: ({ json }) => json.data.length > 0 && !json.data.some((entry: any) => entry.id === model),
  },
  'models-retrieve-alias-id': {
    send: { path: `/models/${model}` },
    shows: ({ status, json }) => status === 200 && json.id !== model,
  },
  'models-retrieve-missing-fields': {
    send: { path: `/models/${model}` },
    shows: ({ json }) => json.id === model && !('created' in json) && !('owned_by' in json),
  },
  'auth-accepts-any-key': { send: { ...chat(), key: WRONG_KEY }, shows: ({ status }) => status === 200 },
  'auth-wrong-key-403': { send: { ...chat(), key: WRONG_KEY }, shows: ({ status }) => status === 403 },
  'auth-echoes-key': {
    send: { ...chat(), key: WRONG_KEY },
    shows: ({ status, text }) => status === 401 && text.includes(WRONG_KEY),
  },
  'unknown-model-400': {
    send: chat({ model: 'no-such-model' }),
    shows: ({ status, json }) => status === 400 && json.error.code === 'model_not_found',
  },
  'unknown-model-served': {
    send: chat({ model: 'no-such-model' }),
    shows: ({ status, json }) => status === 200 && json.model === model,
  },
  'malformed-request-accepted': {
    send: { method: 'POST', path: '/chat/completions', body: { model } },
    shows: ({ status, json }) => status === 200 && json.object === 'chat.completion',
  },
  'error-envelope-flat': {
    send: chat({ model: 'no-such-model' }),
    shows: ({ status, json }) => status === 404 && typeof json.detail === 'string' && !('error' in json),
  },
  'error-html-page': {
    send: chat({ model: 'no-such-model' }),
    shows: ({ status, contentType, text }) =>
      status === 404 && contentType.startsWith('text/html') && text.includes('<h1>404'),
  },
  'stream-missing-done': {
    send: chat({ stream: true }),
    shows: ({ status, text }) => status === 200 && text.startsWith('data: {') && !text.includes('data: [DONE]'),
  },
}

async function observe(faults: string[], sent: Sent): Promise<Observed> {
  const handlers = createReferenceHandlers({ baseUrl, apiKey, faults })
  const headers = new Headers({ 'content-type': 'application/json' })
  const key = sent.key === undefined ? apiKey : sent.key
  if (key !== null) headers.set('authorization', `Bearer ${key}`)
  const request = new Request(baseUrl + sent.path, {
    method: sent.method ?? 'GET',
    headers,
    body: sent.body === undefined ? undefined : JSON.stringify(sent.body),
  })
  const response = await getResponse(handlers, request)
  if (!response) throw new Error(`no handler answered ${sent.path}`)
  const text = await response.text()
  let json: any = null
  try {
    json = JSON.parse(text)
  } catch {}
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, json }
}

describe('fault catalogue', () => {
  // Streaming, tools and structured faults are shown at the wire in their own tests
  // (test/checks/*faults*.test.ts); every fault is also proven against its checks in
  // test/proofs. This table covers the foundation faults.
  it('has no stale cases', () => {
    expect(Object.keys(CASES).filter((name) => !getFault(name))).toEqual([])
  })

  it.each(FAULTS.filter((fault) => fault.name in CASES).map((fault) => [fault.name]))(
    '%s changes the response as it says; the compliant reference does not',
    async (name) => {
      const { send, shows } = CASES[name]!
      expect(shows(await observe([], send)), 'compliant reference').toBe(false)
      expect(shows(await observe([name], send)), `with --fault ${name}`).toBe(true)
    },
  )

  it('names are unique kebab-case, every field is filled, and every fault proves a check', () => {
    const names = FAULTS.map((fault) => fault.name)
    expect(new Set(names).size).toBe(names.length)
    for (const fault of FAULTS) {
      expect(fault.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(fault.description.length).toBeGreaterThan(10)
      expect(fault.modelledOn.length).toBeGreaterThan(10)
      expect(Object.keys(fault.hooks).length).toBeGreaterThan(0)
      for (const id of fault.proves) expect(id).toMatch(/^[a-z]+(\.[a-z0-9-]+)+$/)
      expect(fault.proves.length).toBeGreaterThan(0)
    }
  })

  it('looks faults up, lists them without hooks, and rejects unknown names', () => {
    expect(getFault('chat-usage-missing')?.proves).toEqual(['chat.usage.present'])
    expect(getFault('nope')).toBeUndefined()
    expect(listFaults().map((summary) => Object.keys(summary).sort())).toEqual(
      FAULTS.map((fault) => [
        'description',
        'modelledOn',
        'name',
        ...(fault.operations ? ['operations'] : []),
        'proves',
      ]),
    )
    expect(() => resolveFaults(['chat-id-empty', 'nope'])).toThrow(
      /unknown fault "nope"; valid faults: auth-accepts-any-key, /,
    )
    expect(() => createReferenceHandlers({ baseUrl, faults: ['nope'] })).toThrow(/unknown fault "nope"/)
    const custom = { name: 'custom', description: 'd', modelledOn: 'm', proves: [], hooks: {} }
    expect(resolveFaults([custom])).toEqual([custom])
  })

  it('stacks faults in order', async () => {
    const { json } = await observe(['chat-id-empty', 'chat-usage-missing', 'chat-finish-reason-eos'], chat())
    expect(json).toMatchObject({ id: '', choices: [{ finish_reason: 'eos' }] })
    expect(json.usage).toBeUndefined()
  })
})
