import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { resolveRun } from '../../src/config/resolve.ts'
import type { UserConfig } from '../../src/config/types.ts'
import { expectUsageError, tempDir } from './helpers.ts'

/** A cwd holding `oai-conformance.config.json` with `config` (or no file). */
async function cwdWith(config?: UserConfig): Promise<string> {
  return tempDir(config ? { 'oai-conformance.config.json': JSON.stringify(config) } : {})
}

describe('resolveRun', () => {
  test('defaults: the embedded reference, default options', async () => {
    const cwd = await cwdWith()
    expect(await resolveRun({ argv: [], env: {}, cwd })).toEqual({
      help: false,
      configFile: null,
      target: { embedded: true, name: 'embedded reference', headers: {}, models: {} },
      targets: [{ embedded: true, name: 'embedded reference', headers: {}, models: {} }],
      options: {
        only: null,
        casePattern: null,
        reportDir: path.join(cwd, 'conformance-report'),
        concurrency: 4,
        timeoutMs: 60000,
        retries: 2,
        shard: null,
      },
    })
  })

  test('a base URL alone: name from its host, key "" (none given), trailing slash removed', async () => {
    const { target } = await resolveRun({
      argv: ['--base-url', 'http://127.0.0.1:8080/v1/'],
      env: {},
      cwd: await cwdWith(),
    })
    expect(target).toEqual({
      embedded: false,
      name: '127.0.0.1:8080',
      baseURL: 'http://127.0.0.1:8080/v1',
      apiKey: '',
      headers: {},
      models: {},
    })
  })

  test('vision, tools and structured default to the chat model unless set', async () => {
    const { target } = await resolveRun({
      argv: ['--model', 'chat=c', '--model', 'tools=t'],
      env: {},
      cwd: await cwdWith(),
    })
    expect(target.models).toEqual({ chat: 'c', vision: 'c', tools: 't', structured: 'c' })
  })

  test('the vision image URL: from the config file, the flag winning; a query is kept, credentials refused', async () => {
    const cwd = await cwdWith({
      target: { baseURL: 'https://api.test/v1', imageUrl: 'https://cdn.test/red.png?sig=abc' },
    })
    expect((await resolveRun({ argv: [], env: {}, cwd })).target.vision).toEqual({
      imageUrl: 'https://cdn.test/red.png?sig=abc',
    })
    const flagged = await resolveRun({ argv: ['--image-url', 'http://img.test/red.jpeg'], env: {}, cwd })
    expect(flagged.target.vision).toEqual({ imageUrl: 'http://img.test/red.jpeg' })
    await expectUsageError(
      () => resolveRun({ argv: ['--image-url', 'ftp://img.test/red.png'], env: {}, cwd }),
      /--image-url "ftp:\/\/img.test\/red.png": must be an http\(s\) URL/,
    )
    await expectUsageError(
      () => resolveRun({ argv: ['--image-url', 'https://u:p@img.test/red.png'], env: {}, cwd }),
      /must not contain credentials/,
    )
  })

  test('an explicit vision model in a lower layer beats a defaulted one from a higher layer', async () => {
    const cwd = await cwdWith({ target: { models: { vision: 'file-vision' } } })
    const { target } = await resolveRun({ argv: ['--model', 'chat=flag-chat'], env: {}, cwd })
    expect(target.models).toMatchObject({ chat: 'flag-chat', vision: 'file-vision', tools: 'flag-chat' })
  })

  describe('precedence: defaults < config file < environment < flags', () => {
    const file: UserConfig = {
      target: {
        name: 'file',
        baseURL: 'http://file.test/v1',
        apiKey: 'file-key',
        headers: { 'X-File': 'f', 'X-Both': 'file' },
        models: { chat: 'file-chat', embeddings: 'file-emb' },
      },
      only: ['chat'],
      case: 'file-case',
      reportDir: 'file-reports',
      concurrency: 2,
      timeoutMs: 1000,
      retries: 1,
    }
    const env = {
      OPENAI_BASE_URL: 'http://env.test/v1',
      OPENAI_API_KEY: 'env-key',
      OAI_CONFORMANCE_MODEL_CHAT: 'env-chat',
    }
    const argv = [
      '--name',
      'flag',
      '--base-url',
      'http://flag.test/v1',
      '--api-key',
      'flag-key',
      '--header',
      'X-Both: flag',
      '--model',
      'chat=flag-chat',
      '--only',
      'tools',
      '--case',
      'flag-case',
      '--report-dir',
      'flag-reports',
      '--concurrency',
      '3',
      '--timeout',
      '2000',
      '--retries',
      '0',
    ]

    test('file over defaults', async () => {
      const cwd = await cwdWith(file)
      const run = await resolveRun({ argv: [], env: {}, cwd })
      expect(run.configFile).toBe(path.join(cwd, 'oai-conformance.config.json'))
      expect(run.target).toEqual({
        embedded: false,
        name: 'file',
        baseURL: 'http://file.test/v1',
        apiKey: 'file-key',
        headers: { 'x-file': 'f', 'x-both': 'file' },
        models: {
          chat: 'file-chat',
          vision: 'file-chat',
          tools: 'file-chat',
          structured: 'file-chat',
          embeddings: 'file-emb',
        },
      })
      expect(run.options).toEqual({
        only: ['chat'],
        casePattern: 'file-case',
        reportDir: path.join(cwd, 'file-reports'),
        concurrency: 2,
        timeoutMs: 1000,
        retries: 1,
        shard: null,
      })
    })

    test('environment over file', async () => {
      const cwd = await cwdWith(file)
      const { target } = await resolveRun({ argv: [], env, cwd })
      expect(target).toMatchObject({ name: 'file', baseURL: 'http://env.test/v1', apiKey: 'env-key' })
      expect(target.models).toMatchObject({ chat: 'env-chat', vision: 'env-chat', embeddings: 'file-emb' })
    })

    test('flags over environment and file; headers and models merge per key', async () => {
      const cwd = await cwdWith(file)
      const run = await resolveRun({ argv, env, cwd })
      expect(run.target).toEqual({
        embedded: false,
        name: 'flag',
        baseURL: 'http://flag.test/v1',
        apiKey: 'flag-key',
        headers: { 'x-file': 'f', 'x-both': 'flag' },
        models: {
          chat: 'flag-chat',
          vision: 'flag-chat',
          tools: 'flag-chat',
          structured: 'flag-chat',
          embeddings: 'file-emb',
        },
      })
      expect(run.options).toEqual({
        only: ['tools'],
        casePattern: 'flag-case',
        reportDir: path.join(cwd, 'flag-reports'),
        concurrency: 3,
        timeoutMs: 2000,
        retries: 0,
        shard: null,
      })
    })

    test('a name given nowhere comes from the winning base URL', async () => {
      const cwd = await cwdWith({ target: { baseURL: 'http://file.test/v1' } })
      expect((await resolveRun({ argv: [], env, cwd })).target.name).toBe('env.test')
      expect((await resolveRun({ argv: ['--base-url', 'https://flag.test:8443/v1'], env, cwd })).target.name).toBe(
        'flag.test:8443',
      )
    })

    test('--api-key "" overrides a key from the environment', async () => {
      const { target } = await resolveRun({ argv: ['--api-key', ''], env, cwd: await cwdWith() })
      expect(target).toMatchObject({ baseURL: 'http://env.test/v1', apiKey: '' })
    })
  })

  test('an explicit --config file, relative to cwd; its reportDir is relative to the file', async () => {
    const cwd = await tempDir()
    const nested = path.join(cwd, 'configs')
    await mkdir(nested)
    await writeFile(path.join(nested, 'vendor.json'), JSON.stringify({ reportDir: 'out' }))
    const run = await resolveRun({ argv: ['--config', 'configs/vendor.json'], env: {}, cwd })
    expect(run.configFile).toBe(path.join(nested, 'vendor.json'))
    expect(run.options.reportDir).toBe(path.join(nested, 'out'))
  })

  test('an auto-discovered .ts config file', async () => {
    const cwd = await tempDir({ 'oai-conformance.config.ts': `const n: number = 7\nexport default { concurrency: n }` })
    expect((await resolveRun({ argv: [], env: {}, cwd })).options.concurrency).toBe(7)
  })

  test('blank environment values count as unset', async () => {
    const { target } = await resolveRun({
      argv: [],
      env: { OPENAI_BASE_URL: ' ', OPENAI_API_KEY: '', OAI_CONFORMANCE_MODEL_CHAT: '' },
      cwd: await cwdWith(),
    })
    expect(target).toEqual({ embedded: true, name: 'embedded reference', headers: {}, models: {} })
  })

  test('without a base URL, OPENAI_API_KEY is not used (the embedded reference gets no user key)', async () => {
    const { target } = await resolveRun({ argv: [], env: { OPENAI_API_KEY: 'sk-real' }, cwd: await cwdWith() })
    expect(target.embedded).toBe(true)
    expect(target.apiKey).toBeUndefined()
  })

  test('--help: nothing else is read (a broken config file does not get in the way)', async () => {
    const cwd = await tempDir({ 'oai-conformance.config.json': '{ broken' })
    const run = await resolveRun({ argv: ['--help'], env: { OPENAI_BASE_URL: 'nope' }, cwd })
    expect(run.help).toBe(true)
  })

  describe('bad input is a one-line UsageError', () => {
    test.each([
      [
        { argv: ['--api-key', 'k'] },
        'an API key is given (--api-key) but no base URL: set --base-url, target.baseURL or OPENAI_BASE_URL (without one the embedded reference runs, which takes no key)',
      ],
      [
        { file: { target: { apiKey: 'k' } } },
        /^an API key is given \(target\.apiKey in the config file\) but no base URL/,
      ],
      [{ env: { OPENAI_BASE_URL: 'ftp://x' } }, 'invalid OPENAI_BASE_URL "ftp://x": must be an http(s) URL'],
      [
        { env: { OAI_CONFORMANCE_MODEL_FOO: 'm' } },
        'unknown model role "foo" in OAI_CONFORMANCE_MODEL_FOO (known: chat, vision, tools, structured, embeddings, images, speech)',
      ],
      [
        { env: { OPENAI_BASE_URL: 'http://x', OPENAI_API_KEY: 'a\u0007' } },
        'OPENAI_API_KEY: the key must not contain control characters or characters beyond Latin-1',
      ],
      [{ argv: ['--config', 'x.json'] }, 'cannot read config file "x.json": ENOENT'],
      [
        { file: { target: { models: { chat: 4 } } } },
        'config file "oai-conformance.config.json": "target.models.chat" must be a string',
      ],
      [{ argv: ['--concurrency', '0'] }, '--concurrency must be an integer from 1 to 64, got "0"'],
    ])(
      '%j',
      async ({
        argv = [],
        env = {},
        file,
      }: { argv?: string[]; env?: Record<string, string>; file?: unknown }, message) => {
        const cwd = await tempDir(file ? { 'oai-conformance.config.json': JSON.stringify(file) } : {})
        await expectUsageError(() => resolveRun({ argv, env, cwd }), message)
      },
    )
  })
})

describe('several targets', () => {
  const two = {
    targets: [
      { name: 'a', baseURL: 'http://a.test/v1', apiKeyEnv: 'A_KEY', models: { chat: 'ma' } },
      { name: 'b', baseURL: 'http://b.test/v1', apiKey: 'b-key' },
    ],
    concurrency: 3,
  }

  test('each target from the file, keys from apiKeyEnv, flags for models on every target', async () => {
    const cwd = await cwdWith(two)
    const run = await resolveRun({
      argv: ['--model', 'embeddings=e'],
      env: { A_KEY: 'a-key', OPENAI_BASE_URL: 'http://ignored.test/v1', OPENAI_API_KEY: 'ignored' },
      cwd,
    })
    expect(run.targets.map((t) => [t.name, t.baseURL, t.apiKey, t.models.embeddings])).toEqual([
      ['a', 'http://a.test/v1', 'a-key', 'e'],
      ['b', 'http://b.test/v1', 'b-key', 'e'],
    ])
    expect(run.target).toBe(run.targets[0])
    expect(run.options.concurrency).toBe(3)
  })

  test('--target picks some', async () => {
    const run = await resolveRun({ argv: ['--target', 'b'], env: {}, cwd: await cwdWith(two) })
    expect(run.targets.map((t) => t.name)).toEqual(['b'])
  })

  test.each([
    [{ argv: ['--target', 'c'], env: { A_KEY: 'k' } }, /--target "c": no such target \(the config file lists a, b\)/],
    [{ argv: ['--base-url', 'http://x.test/v1'], env: { A_KEY: 'k' } }, /--base-url names one target/],
    [{ argv: [], env: {} }, /target "a" reads its key from A_KEY \(apiKeyEnv\), which is not set/],
  ])('bad input is a one-line UsageError: %j', async ({ argv, env }, message) => {
    const cwd = await cwdWith(two)
    await expectUsageError(() => resolveRun({ argv, env, cwd }), message)
  })

  test('names must differ; --target needs a list', async () => {
    const same = { targets: [{ name: 'x' }, { name: 'x' }] }
    const sameCwd = await cwdWith(same)
    await expectUsageError(() => resolveRun({ argv: [], env: {}, cwd: sameCwd }), /two targets are named "x"/)
    const noList = await cwdWith()
    await expectUsageError(
      () => resolveRun({ argv: ['--target', 'x'], env: {}, cwd: noList }),
      /--target picks from the config file's "targets"/,
    )
  })
})
