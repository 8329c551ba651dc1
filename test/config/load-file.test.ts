import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, test } from 'vitest'
import { findConfigFile, loadConfigFile } from '../../src/config/load-file.ts'
import { expectUsageError, tempDir } from './helpers.ts'

const defineConfigUrl = pathToFileURL(path.resolve(import.meta.dirname, '../../src/config/define-config.ts')).href

describe('loadConfigFile', () => {
  test('.json', async () => {
    const cwd = await tempDir({
      'c.json': JSON.stringify({
        target: { baseURL: 'http://127.0.0.1:1/v1/', models: { chat: 'm' } },
        concurrency: 2,
      }),
    })
    expect(await loadConfigFile('c.json', cwd)).toEqual({
      file: path.join(cwd, 'c.json'),
      config: { target: { baseURL: 'http://127.0.0.1:1/v1', models: { chat: 'm' } }, concurrency: 2 },
    })
  })

  test('.ts with defineConfig, type annotations and a default export object', async () => {
    const cwd = await tempDir({
      'oai-conformance.config.ts': [
        `import { defineConfig } from '${defineConfigUrl}'`,
        `const chat: string = 'llama3'`,
        `export default defineConfig({ target: { name: 'local', headers: { 'X-Org': 'acme' }, models: { chat } }, only: ['chat'] })`,
      ].join('\n'),
    })
    const { config } = await loadConfigFile('oai-conformance.config.ts', cwd)
    expect(config).toEqual({
      target: { name: 'local', headers: { 'x-org': 'acme' }, models: { chat: 'llama3' } },
      only: ['chat'],
    })
  })

  test("the README's form: a type-only import of the package and `satisfies`, from a folder where the package is not installed", async () => {
    const cwd = await tempDir({
      'oai-conformance.config.ts': [
        `import type { UserConfig } from 'oai-conformance'`,
        `export default { only: ['models'], retries: 1 } satisfies UserConfig`,
      ].join('\n'),
    })
    expect((await loadConfigFile('oai-conformance.config.ts', cwd)).config).toEqual({ only: ['models'], retries: 1 })
  })

  test('.mjs exporting an async function', async () => {
    const cwd = await tempDir({ 'c.mjs': `export default async () => ({ retries: 5 })` })
    expect((await loadConfigFile('c.mjs', cwd)).config).toEqual({ retries: 5 })
  })

  test('an absolute path outside cwd is named absolutely in messages', async () => {
    const elsewhere = await tempDir({ 'c.json': '{"retries": 99}' })
    const cwd = await tempDir()
    const file = path.join(elsewhere, 'c.json')
    await expectUsageError(
      () => loadConfigFile(file, cwd),
      `config file ${JSON.stringify(file)}: "retries" must be an integer from 0 to 10, got 99`,
    )
  })

  describe('bad files are one-line UsageErrors naming the file and key', () => {
    test.each([
      ['x.json', null, 'cannot read config file "x.json": ENOENT'],
      ['x.json', '{ nope', /^config file "x\.json" is not valid JSON: /],
      ['x.yaml', 'a: 1', 'config file "x.yaml": unsupported extension ".yaml" (use .ts, .mts, .js, .mjs or .json)'],
      ['x.json', '[]', 'config file "x.json": the default export must be an object'],
      [
        'x.json',
        '{"concurency": 4}',
        'config file "x.json": unknown key "concurency" (known: target, targets, only, failOn, case, reportDir, concurrency, timeoutMs, retries)',
      ],
      [
        'x.json',
        '{"target": {"baseUrl": "http://x"}}',
        'config file "x.json": unknown key "target.baseUrl" (known: target.name, target.baseURL, target.apiKey, target.headers, target.secrets, target.models, target.expectations, target.apiKeyEnv, target.faults, target.images, target.voice, target.imageUrl)',
      ],
      ['x.json', '{"target": "http://x"}', 'config file "x.json": "target" must be an object'],
      ['x.json', '{"target": {"models": {"chat": 4}}}', 'config file "x.json": "target.models.chat" must be a string'],
      [
        'x.json',
        '{"target": {"models": {"chat": ""}}}',
        'config file "x.json": "target.models.chat" must not be empty',
      ],
      [
        'x.json',
        '{"target": {"models": {"foo": "m"}}}',
        'config file "x.json": unknown model role "foo" in "target.models" (known: chat, vision, tools, structured, embeddings, images, speech)',
      ],
      ['x.json', '{"target": {"models": []}}', 'config file "x.json": "target.models" must be an object'],
      [
        'x.json',
        '{"target": {"baseURL": "ftp://x"}}',
        'config file "x.json": invalid "target.baseURL" "ftp://x": must be an http(s) URL',
      ],
      ['x.json', '{"target": {"baseURL": 5}}', 'config file "x.json": "target.baseURL" must be a string'],
      ['x.json', '{"target": {"apiKey": 5}}', 'config file "x.json": "target.apiKey" must be a string'],
      [
        'x.json',
        '{"target": {"headers": {"Bad Name": "v"}}}',
        'config file "x.json": "target.headers": invalid header name "Bad Name"',
      ],
      ['x.json', '{"target": {"headers": {"X-A": 1}}}', 'config file "x.json": "target.headers.X-A" must be a string'],
      [
        'x.json',
        '{"only": ["chatt"]}',
        'config file "x.json": unknown capability "chatt" in "only" (known: models, chat, errors, streaming, tools, structured, vision, embeddings, images, speech)',
      ],
      ['x.json', '{"only": "chat"}', 'config file "x.json": "only" must be an array of capability names'],
      ['x.json', '{"only": []}', 'config file "x.json": "only" must name at least one capability'],
      ['x.json', '{"concurrency": 0}', 'config file "x.json": "concurrency" must be an integer from 1 to 64, got 0'],
      [
        'x.json',
        '{"timeoutMs": "100"}',
        'config file "x.json": "timeoutMs" must be an integer from 1 to 3600000, got "100"',
      ],
      ['x.json', '{"retries": 1.5}', 'config file "x.json": "retries" must be an integer from 0 to 10, got 1.5'],
      ['x.json', '{"case": 3}', 'config file "x.json": "case" must be a string'],
      ['x.json', '{"reportDir": ""}', 'config file "x.json": "reportDir" must not be empty'],
      [
        'x.ts',
        'export const config = {}',
        'config file "x.ts" has no default export (export default defineConfig({...}))',
      ],
      [
        'x.ts',
        'export default () => { throw new Error("boom\\nmore") }',
        'config file "x.ts": its exported function threw: boom',
      ],
      ['x.mjs', 'throw new Error("at load")', 'cannot load config file "x.mjs": at load'],
      ['x.mjs', 'export default 42', 'config file "x.mjs": the default export must be an object'],
    ])('%s: %s', async (name, text, message) => {
      const cwd = await tempDir(text === null ? {} : { [name]: text })
      await expectUsageError(() => loadConfigFile(name, cwd), message)
    })
  })
})

describe('findConfigFile', () => {
  test('none: null', async () => {
    expect(await findConfigFile(await tempDir({ 'other.json': '{}' }))).toBeNull()
  })

  test.each([
    'oai-conformance.config.ts',
    'oai-conformance.config.mts',
    'oai-conformance.config.js',
    'oai-conformance.config.mjs',
    'oai-conformance.config.json',
  ])('finds %s', async (name) => {
    const cwd = await tempDir({ [name]: '{}' })
    expect(await findConfigFile(cwd)).toBe(path.join(cwd, name))
  })

  test('several: an error rather than a silent pick', async () => {
    const cwd = await tempDir({ 'oai-conformance.config.ts': '', 'oai-conformance.config.json': '{}' })
    await expectUsageError(
      () => findConfigFile(cwd),
      'found several config files (oai-conformance.config.ts, oai-conformance.config.json): keep one, or choose with --config',
    )
  })
})
