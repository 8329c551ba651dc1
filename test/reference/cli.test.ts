import { describe, expect, it } from 'vitest'
import { runServe, type ServeIO } from '../../src/cli/serve.ts'
import { REFERENCE_API_KEY } from '../../src/reference/served-models.ts'

function capture(signal?: AbortSignal) {
  const out: string[] = []
  const err: string[] = []
  const io: ServeIO = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    signal,
  }
  return { io, out, err }
}

describe('runServe flag errors', () => {
  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['extra'], /positional/i],
    [['--port'], /--port/],
    [['--port', 'abc'], /invalid port "abc"/],
    [['--port', '70000'], /invalid port "70000"/],
    [['--port', '-1'], /port/],
    [['--fault', 'no-such-fault'], /unknown fault "no-such-fault" \(valid: auth-accepts-any-key, /],
  ])('%j returns 2 with one stderr line', async (argv, problem) => {
    const { io, out, err } = capture()
    expect(await runServe(argv, io)).toBe(2)
    expect(out).toEqual([])
    expect(err).toHaveLength(1)
    expect(err[0]).toMatch(/^oai-conformance serve: [^\n]+\n$/)
    expect(err[0]).toMatch(problem)
  })
})

describe('runServe', () => {
  it('prints help', async () => {
    const { io, out } = capture()
    expect(await runServe(['--help'], io)).toBe(0)
    expect(out.join('')).toContain('Usage: oai-conformance serve')
  })

  it('lists the fault catalogue', async () => {
    const { io, out } = capture()
    expect(await runServe(['--list-faults'], io)).toBe(0)
    const text = out.join('')
    expect(text).toContain('chat-finish-reason-eos\n')
    expect(text).toContain('proves: chat.finish-reason.enum, chat.response.schema')
  })

  it('serves until stopped, printing the URL once ready, with its key and faults', async () => {
    const controller = new AbortController()
    const { io, out, err } = capture(controller.signal)
    const exit = runServe(['--api-key', 'sk-cli-key', '--fault', 'chat-usage-missing', '--fault', 'chat-id-empty'], io)
    await expect.poll(() => out.length).toBe(1)
    const url = /^listening (http:\/\/127\.0\.0\.1:\d+\/v1)\n$/.exec(out[0]!)?.[1]
    expect(url).toBeDefined()

    const post = (key: string) =>
      fetch(`${url}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'oai-ref-chat-1', messages: [{ role: 'user', content: 'hi' }] }),
      })
    expect((await post(REFERENCE_API_KEY)).status).toBe(401)
    const body = await (await post('sk-cli-key')).json()
    expect(out.join('')).not.toContain('sk-cli-key')
    expect(body.id).toBe('')
    expect(body.usage).toBeUndefined()

    controller.abort()
    expect(await exit).toBe(0)
    expect(err).toEqual([])
    await expect(fetch(`${url}/models`)).rejects.toThrow()
  })

  it('listens on the port it is given', async () => {
    const controller = new AbortController()
    const { io, out } = capture(controller.signal)
    const probe = await import('node:net').then(({ createServer }) => createServer())
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)),
    )
    await new Promise((resolve) => probe.close(resolve))
    const exit = runServe(['--port', String(port)], io)
    await expect.poll(() => out.length).toBe(2)
    expect(out[0]).toBe(`listening http://127.0.0.1:${port}/v1\n`)
    // With no --api-key, the (public) default key is named so the run can pass it.
    expect(out[1]).toBe(`api key: ${REFERENCE_API_KEY} (the default; pass it to the run with --api-key)\n`)
    controller.abort()
    expect(await exit).toBe(0)
  })
})
