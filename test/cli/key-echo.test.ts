/**
 * The API key never reaches the terminal, however the endpoint hands it back: split over
 * two stream deltas (the progress lines print content rebuilt from deltas), whole in a
 * plain reply, or in an error message.
 */
import { expect, test } from 'vitest'
import { sendJSON, startServer } from '../transport/helpers.ts'
import { cleanEnv, runCli } from '../support/cli.ts'

const KEY = 'sk-canary-1234567890abcdef0123'
const MODEL = 'echo-model'

test('a key split over two stream deltas appears on no terminal line', async () => {
  const server = await startServer(async (req, res, received) => {
    if (req.method === 'GET')
      return sendJSON(res, 200, { object: 'list', data: [{ id: MODEL, object: 'model', created: 1, owned_by: 'x' }] })
    const body = JSON.parse(received.body || '{}')
    const base = { id: 'chatcmpl-1', created: 1764640000, model: MODEL }
    if (body.stream !== true) {
      return sendJSON(res, 200, {
        ...base,
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: `your key is ${KEY}`, refusal: null },
            finish_reason: 'stop',
            logprobs: null,
          },
        ],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      })
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    const chunk = (delta: object, finish: string | null = null) =>
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] })}\n\n`
    res.write(chunk({ role: 'assistant', content: '' }))
    res.write(chunk({ content: KEY.slice(0, 17) }))
    res.write(chunk({ content: KEY.slice(17) }))
    res.write(chunk({}, 'stop'))
    res.end('data: [DONE]\n\n')
  })
  try {
    const result = await runCli(
      [
        'run',
        '--base-url',
        server.baseURL,
        '--api-key',
        KEY,
        '--model',
        `chat=${MODEL}`,
        '--only',
        'streaming,chat',
        '--timeout',
        '5000',
        '--retries',
        '0',
      ],
      { env: cleanEnv(), timeoutMs: 60_000 },
    )
    expect(result.stdout).toContain('streaming')
    expect(result.stdout).not.toContain(KEY)
    expect(result.stderr).not.toContain(KEY)
  } finally {
    await server.close()
  }
})
