/**
 * What to run against, and how: defaults < config file < environment < flags.
 */
import path from 'node:path'
import { ROLES_DEFAULTING_TO_CHAT } from '../core/capabilities.ts'
import type { ModelRole } from '../core/capabilities.ts'
import { parseRunArgs } from './args.ts'
import type { RunFlags } from './args.ts'
import { readEnvLayer } from './env.ts'
import type { Env } from './env.ts'
import { UsageError } from './errors.ts'
import { mergeLayers } from './layer.ts'
import type { Layer } from './layer.ts'
import { findConfigFile, loadConfigFile } from './load-file.ts'
import type { ResolvedTarget, RunOptions, UserConfig } from './types.ts'
import { hostOf } from './values.ts'

/** The target's name when the run starts the embedded reference endpoint. */
export const EMBEDDED_TARGET_NAME = 'embedded reference'

export const DEFAULT_REPORT_DIR = './conformance-report'

/** The defaults, before any source is read (`reportDir` is resolved against cwd). */
export const DEFAULT_OPTIONS = {
  only: null,
  casePattern: null,
  reportDir: DEFAULT_REPORT_DIR,
  concurrency: 4,
  timeoutMs: 60_000,
  retries: 2,
} as const satisfies RunOptions

/**
 * The target as far as configuration can tell. With a base URL it is complete. Without
 * one the run starts the embedded reference and fills in its URL, key and default models
 * (`withChatDefaults` again after that).
 */
export type TargetDraft =
  | (Omit<ResolvedTarget, 'embedded'> & { embedded: false })
  | (Omit<ResolvedTarget, 'embedded' | 'baseURL' | 'apiKey'> & {
      embedded: true
      baseURL?: undefined
      apiKey?: undefined
    })

export interface ResolvedRun {
  target: TargetDraft
  options: RunOptions
  /** `--help` was given: print the usage and stop (nothing else was read or checked). */
  help: boolean
  /** The config file used (absolute), or null. */
  configFile: string | null
}

export interface ResolveRunInput {
  /** The arguments after the program name. */
  argv: readonly string[]
  env: Env
  cwd: string
}

/**
 * Reads flags, environment and config file and merges them. Throws `UsageError` (one-line
 * message) on any bad input.
 *
 * - API key: with a base URL and no key anywhere, the key is `''`: some local servers need
 *   none, and the run decides what to send. Without a base URL, `OPENAI_API_KEY` is
 *   ignored (the user's real key has no business going to the embedded reference), and a
 *   key given by flag or file is an error: the base URL was most likely forgotten.
 * - `headers` and `models` merge key by key across sources; every other setting is
 *   replaced as a whole (`--only` replaces the file's `only`).
 * - A relative `reportDir` is resolved against the directory of the file that sets it
 *   (config file), or against `cwd` (flag, default).
 */
export async function resolveRun({ argv, env, cwd }: ResolveRunInput): Promise<ResolvedRun> {
  const flags = parseRunArgs(argv)
  if (flags.help) return { ...draftFromLayer({}, cwd), help: true, configFile: null }

  const configFile = flags.config !== undefined ? path.resolve(cwd, flags.config) : await findConfigFile(cwd)
  const fileLayer: Layer =
    configFile === null ? {} : configLayer((await loadConfigFile(configFile, cwd)).config, path.dirname(configFile))
  const envLayer = readEnvLayer(env)
  const flagLayer = flagsLayer(flags, cwd)
  const merged = mergeLayers([fileLayer, envLayer, flagLayer])

  if (merged.baseURL === undefined) {
    const explicitKey =
      flagLayer.apiKey !== undefined
        ? '--api-key'
        : fileLayer.apiKey !== undefined
          ? 'target.apiKey in the config file'
          : null
    if (explicitKey !== null) {
      throw new UsageError(
        `an API key is given (${explicitKey}) but no base URL: set --base-url, target.baseURL or OPENAI_BASE_URL (without one the embedded reference runs, which takes no key)`,
      )
    }
  } else if (merged.apiKey === undefined) {
    merged.apiKey = ''
  }
  return { ...draftFromLayer(merged, cwd), help: false, configFile }
}

/** Fills `vision`, `tools`, `structured` from `chat` where they are not configured. */
export function withChatDefaults(models: Partial<Record<ModelRole, string>>): Partial<Record<ModelRole, string>> {
  const filled = { ...models }
  if (filled.chat !== undefined) {
    for (const role of ROLES_DEFAULTING_TO_CHAT) filled[role] ??= filled.chat
  }
  return filled
}

function draftFromLayer(layer: Layer, cwd: string): Pick<ResolvedRun, 'target' | 'options'> {
  const options: RunOptions = {
    only: layer.only ?? DEFAULT_OPTIONS.only,
    casePattern: layer.casePattern ?? DEFAULT_OPTIONS.casePattern,
    reportDir: layer.reportDir ?? path.resolve(cwd, DEFAULT_OPTIONS.reportDir),
    concurrency: layer.concurrency ?? DEFAULT_OPTIONS.concurrency,
    timeoutMs: layer.timeoutMs ?? DEFAULT_OPTIONS.timeoutMs,
    retries: layer.retries ?? DEFAULT_OPTIONS.retries,
  }
  const common = {
    headers: layer.headers ?? {},
    models: withChatDefaults(layer.models ?? {}),
    ...(layer.voice === undefined ? {} : { params: { voice: layer.voice } }),
  }
  const target: TargetDraft =
    layer.baseURL === undefined
      ? { embedded: true, name: layer.name ?? EMBEDDED_TARGET_NAME, ...common }
      : {
          embedded: false,
          name: layer.name ?? hostOf(layer.baseURL),
          baseURL: layer.baseURL,
          apiKey: layer.apiKey ?? '',
          ...common,
        }
  return { target, options }
}

function configLayer(config: UserConfig, fileDir: string): Layer {
  const { target = {} } = config
  return {
    name: target.name,
    baseURL: target.baseURL,
    apiKey: target.apiKey,
    headers: target.headers,
    models: target.models,
    voice: target.voice,
    only: config.only,
    casePattern: config.case,
    reportDir: config.reportDir === undefined ? undefined : path.resolve(fileDir, config.reportDir),
    concurrency: config.concurrency,
    timeoutMs: config.timeoutMs,
    retries: config.retries,
  }
}

function flagsLayer(flags: RunFlags, cwd: string): Layer {
  return {
    name: flags.name,
    baseURL: flags.baseURL,
    apiKey: flags.apiKey,
    headers: flags.headers,
    models: flags.models,
    voice: flags.voice,
    only: flags.only,
    casePattern: flags.casePattern,
    reportDir: flags.reportDir === undefined ? undefined : path.resolve(cwd, flags.reportDir),
    concurrency: flags.concurrency,
    timeoutMs: flags.timeoutMs,
    retries: flags.retries,
  }
}
