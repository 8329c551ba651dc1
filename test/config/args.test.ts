import { describe, expect, test } from 'vitest'
import { RUN_USAGE, parseRunArgs } from '../../src/config/args.ts'
import { expectUsageError } from './helpers.ts'

describe('parseRunArgs', () => {
  test('no arguments: nothing given', () => {
    expect(parseRunArgs([])).toEqual({ help: false, models: {}, headers: {}, targets: [] })
  })

  test('every flag, with an optional leading `run`', () => {
    const flags = parseRunArgs([
      'run',
      '--base-url',
      'http://127.0.0.1:8080/v1/',
      '--api-key',
      'sk-test',
      '--model',
      'chat=gpt-4o-mini',
      '--model=embeddings=text-embedding-3-small',
      '--config',
      'conf.json',
      '--only',
      'chat,tools',
      '--only',
      'errors',
      '--case',
      'chat.basic.*',
      '--report-dir',
      'out',
      '--concurrency',
      '8',
      '--timeout',
      '1500',
      '--retries',
      '0',
      '--name',
      'local',
      '--header',
      'X-Org: acme',
      '--header',
      'X-Empty:',
      '--expectations',
      'known.json',
      '--target',
      'a',
      '--shard',
      '2/3',
    ])
    expect(flags).toEqual({
      help: false,
      baseURL: 'http://127.0.0.1:8080/v1',
      apiKey: 'sk-test',
      models: { chat: 'gpt-4o-mini', embeddings: 'text-embedding-3-small' },
      config: 'conf.json',
      only: ['chat', 'tools', 'errors'],
      casePattern: 'chat.basic.*',
      reportDir: 'out',
      concurrency: 8,
      timeoutMs: 1500,
      retries: 0,
      name: 'local',
      headers: { 'x-org': 'acme', 'x-empty': '' },
      expectations: 'known.json',
      targets: ['a'],
      shard: { index: 2, count: 3 },
    })
  })

  test('repeatable flags: the last value for a role or header wins; --only is a union without duplicates', () => {
    const flags = parseRunArgs([
      '--model',
      'chat=a',
      '--model',
      'chat=b',
      '--header',
      'X-A: 1',
      '--header',
      'x-a: 2',
      '--only',
      'chat,tools',
      '--only',
      'chat',
    ])
    expect(flags.models).toEqual({ chat: 'b' })
    expect(flags.headers).toEqual({ 'x-a': '2' })
    expect(flags.only).toEqual(['chat', 'tools'])
  })

  test('a model id may contain "="; a header value may contain ":"', () => {
    const flags = parseRunArgs(['--model', 'chat=org/model=v2', '--header', 'X-Url: http://a:1'])
    expect(flags.models.chat).toBe('org/model=v2')
    expect(flags.headers['x-url']).toBe('http://a:1')
  })

  test('--verbose: every finding in the summary; absent when not given', () => {
    expect(parseRunArgs(['--verbose']).verbose).toBe(true)
    expect(parseRunArgs([])).not.toHaveProperty('verbose')
  })

  test('--help and -h', () => {
    expect(parseRunArgs(['--help']).help).toBe(true)
    expect(parseRunArgs(['-h']).help).toBe(true)
  })

  test('the usage text lists every flag', () => {
    for (const flag of [
      '--base-url',
      '--api-key',
      '--model',
      '--config',
      '--only',
      '--case',
      '--report-dir',
      '--concurrency',
      '--timeout',
      '--retries',
      '--name',
      '--header',
      '--help',
    ]) {
      expect(RUN_USAGE).toContain(flag)
    }
  })

  describe('bad input is a one-line UsageError', () => {
    test.each([
      [['--bogus'], 'unknown flag "--bogus" (see --help)'],
      [['--bogus=1'], 'unknown flag "--bogus" (see --help)'],
      [['-x'], 'unknown flag "-x" (see --help)'],
      [['--base-url'], '--base-url expects a value (URL)'],
      [
        ['--api-key', '--help'],
        '--api-key expects a value (KEY) but is followed by a flag; write --api-key=VALUE for a value starting with "-"',
      ],
      [['--help=yes'], '--help takes no value'],
      [['serve'], 'unexpected argument "serve" (usage: oai-conformance [run] [flags])'],
      [['run', 'extra'], 'unexpected argument "extra" (usage: oai-conformance [run] [flags])'],
      [['--model', 'chat'], '--model expects ROLE=ID, got "chat"'],
      [['--model', 'chat='], '--model expects ROLE=ID, got "chat="'],
      [['--model', '=gpt'], '--model expects ROLE=ID, got "=gpt"'],
      [
        ['--model', 'foo=bar'],
        'unknown model role "foo" in --model (known: chat, vision, tools, structured, embeddings, images, speech)',
      ],
      [
        ['--only', 'chatt'],
        'unknown capability "chatt" in --only (known: models, chat, errors, streaming, tools, structured, vision, embeddings, images, speech)',
      ],
      [['--only', 'chat,'], '--only expects CAP[,CAP...], got "chat,"'],
      [['--only', ''], '--only expects CAP[,CAP...], got ""'],
      [['--base-url', 'ftp://x'], 'invalid --base-url "ftp://x": must be an http(s) URL'],
      [['--base-url', 'not a url'], 'invalid --base-url "not a url": must be an http(s) URL'],
      [
        ['--base-url', 'https://user:secret@x/v1'],
        'invalid --base-url "https://***:***@x/v1": must not contain credentials (use --api-key or --header)',
      ],
      [
        ['--base-url', 'https://x/v1?api-version=1'],
        'invalid --base-url "https://x/v1?api-version=1": must not have a query or fragment',
      ],
      [['--concurrency', '0'], '--concurrency must be an integer from 1 to 64, got "0"'],
      [['--concurrency', '65'], '--concurrency must be an integer from 1 to 64, got "65"'],
      [['--concurrency', '4.0'], '--concurrency must be an integer from 1 to 64, got "4.0"'],
      [['--concurrency', '1e1'], '--concurrency must be an integer from 1 to 64, got "1e1"'],
      [['--concurrency='], '--concurrency must be an integer from 1 to 64, got ""'],
      [
        ['--timeout', '-5'],
        '--timeout expects a value (MS) but is followed by a flag; write --timeout=VALUE for a value starting with "-"',
      ],
      [['--timeout=-5'], '--timeout must be an integer from 1 to 3600000, got "-5"'],
      [['--retries', '11'], '--retries must be an integer from 0 to 10, got "11"'],
      [['--header', 'Authorization Bearer sk-secret'], '--header expects "Name: value" (no ":" in the argument)'],
      [['--header', 'Bad Name: v'], '--header: invalid header name "Bad Name"'],
      [
        ['--header', 'X-A: a\u0001b'],
        '--header "x-a": value must not contain control characters or characters beyond Latin-1',
      ],
      [
        ['--api-key', 'sk-\u2603'],
        '--api-key: the key must not contain control characters or characters beyond Latin-1',
      ],
      [['--name', '  '], '--name must not be empty'],
      [['--case='], '--case must not be empty'],
    ])('%j', async (argv, message) => {
      await expectUsageError(() => parseRunArgs(argv), message)
    })

    test('secrets in a bad argument are not echoed', async () => {
      for (const argv of [
        ['--header', 'Authorization Bearer sk-secret'],
        ['--header', 'Authorization: sk-secret\u0000'],
        ['--api-key', 'sk-secret\n'],
      ]) {
        try {
          parseRunArgs(argv)
          expect.unreachable()
        } catch (error) {
          expect((error as Error).message).not.toContain('sk-secret')
        }
      }
    })
  })
})
