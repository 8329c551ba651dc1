import { describe, expectTypeOf, expect, test } from 'vitest'
import { defineConfig } from '../../src/config/index.ts'
import type { UserConfig } from '../../src/config/index.ts'

describe('defineConfig', () => {
  test('returns its argument unchanged, typed', () => {
    const config = { target: { baseURL: 'http://127.0.0.1:1/v1', models: { chat: 'm' } }, only: ['chat' as const] }
    expect(defineConfig(config)).toBe(config)
    expectTypeOf(defineConfig(config)).toEqualTypeOf<UserConfig>()
  })

  test('accepts a function returning a config (sync or async)', async () => {
    const fn = async () => ({ retries: 1 })
    expect(defineConfig(fn)).toBe(fn)
    expectTypeOf(defineConfig(fn)).returns.toEqualTypeOf<UserConfig | Promise<UserConfig>>()
  })

  test('types reject unknown roles, capabilities and keys', () => {
    // @ts-expect-error unknown model role
    defineConfig({ target: { models: { chatt: 'm' } } })
    // @ts-expect-error unknown capability
    defineConfig({ only: ['chatt'] })
    // @ts-expect-error unknown key
    defineConfig({ concurency: 4 })
    // @ts-expect-error wrong type
    defineConfig({ concurrency: '4' })
  })
})
