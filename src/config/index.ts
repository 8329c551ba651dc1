// Configuration: `defineConfig` for config files, and resolving a run from flags,
// environment and config file.

// For config files
export { defineConfig } from './define-config.ts'
export type { UserConfigExport } from './define-config.ts'
export type { ResolvedTarget, RunOptions, Shard, TargetConfig, UserConfig } from './types.ts'

// Resolving a run
export { DEFAULT_OPTIONS, DEFAULT_REPORT_DIR, EMBEDDED_TARGET_NAME, resolveRun, withChatDefaults } from './resolve.ts'
export type { ResolvedRun, ResolveRunInput, TargetDraft } from './resolve.ts'
export { RUN_USAGE, parseRunArgs } from './args.ts'
export type { RunFlags } from './args.ts'
export { ENVIRONMENT_USAGE, ENV_API_KEY, ENV_BASE_URL, ENV_MODEL_PREFIX, readEnvLayer } from './env.ts'
export type { Env } from './env.ts'
export { CONFIG_FILE_NAMES, findConfigFile, loadConfigFile } from './load-file.ts'
export type { LoadedConfig } from './load-file.ts'
export { readUserConfig } from './read-config.ts'
export { INTEGER_RANGES, MAX_SHARDS } from './values.ts'

// Errors
export { UsageError } from './errors.ts'
