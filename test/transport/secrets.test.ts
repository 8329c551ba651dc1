/**
 * Only credentials are secrets: the API key, the values of headers whose names mark
 * credentials, and the values the user marks secret; a value too short to redact as text is
 * named instead.
 */
import { describe, expect, test } from 'vitest'
import { resolveRun } from '../../src/config/resolve.ts'
import { targetSecrets } from '../../src/transport/index.ts'
import { tempDir } from '../config/helpers.ts'

describe('targetSecrets', () => {
  test('the key, credential headers (the bearer token alone too) and marked values; nothing else', () => {
    const { secrets, tooShort } = targetSecrets(
      {
        apiKey: 'sk-live-0123456789',
        headers: {
          'x-provider': 'openai',
          'openai-organization': 'org-not-a-secret',
          'Proxy-Authorization': 'Bearer proxytoken-123',
          'x-gateway-key': 'gw-0123456789',
          cookie: 'session=abcdef0123',
          'x-client-secret': 'cs-0123456789',
          'x-auth-token': 'at-0123456789',
        },
        secrets: ['tenant-42-secret'],
      },
      {},
    )
    expect(secrets.sort()).toEqual(
      [
        'sk-live-0123456789',
        'Bearer proxytoken-123',
        'proxytoken-123',
        'gw-0123456789',
        'session=abcdef0123',
        'cs-0123456789',
        'at-0123456789',
        'tenant-42-secret',
      ].sort(),
    )
    expect(tooShort).toEqual([])
  })

  test('values shorter than 8 characters are named, not used', () => {
    const { secrets, tooShort } = targetSecrets(
      { apiKey: 'test', headers: { 'x-api-key': 'k1', 'x-provider': 'x' }, secrets: ['abc'] },
      {},
    )
    expect(secrets).toEqual([])
    expect(tooShort).toEqual(['the API key', 'header x-api-key', 'a --secret value'])
  })

  test('credential headers from OPENAI_CUSTOM_HEADERS count (the SDK sends them)', () => {
    const env = { OPENAI_CUSTOM_HEADERS: 'X-Upstream-Token: up-0123456789\nX-Team: platform' }
    expect(targetSecrets({ apiKey: '' }, env).secrets).toEqual(['up-0123456789'])
  })
})

describe('marking values secret', () => {
  test('--secret (repeatable) and target.secrets add up', async () => {
    const cwd = await tempDir({
      'oai-conformance.config.json': JSON.stringify({
        target: { baseURL: 'http://127.0.0.1:9/v1', secrets: ['from-the-file-1'] },
      }),
    })
    const run = await resolveRun({ argv: ['--secret', 'from-a-flag-1', '--secret', 'from-a-flag-2'], env: {}, cwd })
    expect(run.target.secrets).toEqual(['from-the-file-1', 'from-a-flag-1', 'from-a-flag-2'])
  })
})
