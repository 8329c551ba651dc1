import type { UserConfig } from './types.ts'

/** What a config file's default export may be: the config, or a (possibly async) function returning it. */
export type UserConfigExport = UserConfig | (() => UserConfig | Promise<UserConfig>)

/**
 * Types an `oai-conformance.config.ts` without changing it:
 *
 * ```ts
 * import { defineConfig } from 'oai-conformance'
 * export default defineConfig({ target: { baseURL: 'http://127.0.0.1:8000/v1', models: { chat: 'llama3' } } })
 * ```
 */
export function defineConfig(config: UserConfig): UserConfig
export function defineConfig(config: () => UserConfig | Promise<UserConfig>): () => UserConfig | Promise<UserConfig>
export function defineConfig(config: UserConfigExport): UserConfigExport {
  return config
}
