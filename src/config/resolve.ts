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
import type { ResolvedTarget, RunOptions, TargetConfig, UserConfig } from './types.ts'
import { hostOf, requireHeaderValue } from './values.ts'

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
  shard: null,
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
  /** The first (or only) target. */
  target: TargetDraft
  /** Every target of the run: one, unless the config file lists `targets`. */
  targets: TargetDraft[]
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
  if (flags.help) {
    const { target, options } = draftFromLayer({}, cwd)
    return { target, targets: [target], options, help: true, configFile: null }
  }

  const configFile = flags.config !== undefined ? path.resolve(cwd, flags.config) : await findConfigFile(cwd)
  const config = configFile === null ? null : (await loadConfigFile(configFile, cwd)).config
  const fileDir = configFile === null ? cwd : path.dirname(configFile)
  const envLayer = readEnvLayer(env)
  const flagLayer = flagsLayer(flags, cwd)

  if (config?.targets === undefined) {
    if (flags.targets.length > 0) {
      throw new UsageError('--target picks from the config file\'s "targets", and there are none')
    }
    const fileLayer: Layer = config === null ? {} : configLayer(config, config.target ?? {}, fileDir, env)
    const layer = resolveTarget(fileLayer, envLayer, flagLayer)
    const { target: draft, options } = draftFromLayer(layer, cwd)
    return { target: draft, targets: [draft], options, help: false, configFile }
  }

  // Several targets: each is the file's target settings under the flags that apply to all.
  for (const [flag, value] of [
    ['--base-url', flags.baseURL],
    ['--api-key', flags.apiKey],
    ['--name', flags.name],
  ] as const) {
    if (value !== undefined) {
      throw new UsageError(
        `${flag} names one target, but the config file lists "targets": pick them with --target NAME`,
      )
    }
  }
  const names = config.targets.map((target) => targetName(target))
  const duplicate = names.find((name, i) => names.indexOf(name) !== i)
  if (duplicate !== undefined) {
    throw new UsageError(`two targets are named ${JSON.stringify(duplicate)}: give each a distinct "name"`)
  }
  for (const wanted of flags.targets) {
    if (!names.includes(wanted)) {
      throw new UsageError(
        `--target ${JSON.stringify(wanted)}: no such target (the config file lists ${names.join(', ')})`,
      )
    }
  }
  // Only the targets picked are resolved: another target's unset key variable is not an error.
  const picked = config.targets.filter((_, i) => flags.targets.length === 0 || flags.targets.includes(names[i]!))
  // The SDK's variables name one endpoint: with a list of targets they are not used.
  const sharedEnv: Layer = envLayer.models ? { models: envLayer.models } : {}
  const chosen = picked.map((target) =>
    draftFromLayer(resolveTarget(configLayer(config, target, fileDir, env), sharedEnv, flagLayer), cwd),
  )
  const targets = chosen.map((draft) => draft.target)
  return { target: targets[0]!, targets, options: chosen[0]!.options, help: false, configFile }
}

/**
 * One target's layers merged. With no base URL, a key given by flag or file is an error (the
 * base URL was most likely forgotten); with one and no key anywhere, the key is `''`.
 */
function resolveTarget(fileLayer: Layer, envLayer: Layer, flagLayer: Layer): Layer {
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
  return merged
}

/** A configured target's name: its `name`, else its base URL's host, else the embedded reference's. */
function targetName(target: TargetConfig): string {
  return target.name ?? (target.baseURL === undefined ? EMBEDDED_TARGET_NAME : hostOf(target.baseURL))
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
    shard: layer.shard ?? DEFAULT_OPTIONS.shard,
    ...(layer.verbose && { verbose: true }),
    ...(layer.failOn?.length && { failOn: layer.failOn }),
  }
  const common = {
    headers: layer.headers ?? {},
    ...(layer.secrets?.length ? { secrets: layer.secrets } : {}),
    models: withChatDefaults(layer.models ?? {}),
    ...(layer.expectations !== undefined && { expectations: layer.expectations }),
    ...(layer.images ? { images: layer.images } : {}),
    ...(layer.voice === undefined ? {} : { params: { voice: layer.voice } }),
    ...(layer.imageUrl === undefined ? {} : { vision: { imageUrl: layer.imageUrl } }),
  }
  const faults = layer.faults === undefined ? {} : { faults: layer.faults }
  const target: TargetDraft =
    layer.baseURL === undefined
      ? { embedded: true, name: layer.name ?? EMBEDDED_TARGET_NAME, ...common, ...faults }
      : {
          embedded: false,
          name: layer.name ?? hostOf(layer.baseURL),
          baseURL: layer.baseURL,
          apiKey: layer.apiKey ?? '',
          ...common,
        }
  return { target, options }
}

function configLayer(config: UserConfig, target: TargetConfig, fileDir: string, env: Env): Layer {
  return {
    name: target.name,
    baseURL: target.baseURL,
    apiKey: target.apiKey ?? (target.apiKeyEnv === undefined ? undefined : keyFromEnv(target, env)),
    headers: target.headers,
    secrets: target.secrets,
    models: target.models,
    images: target.images,
    voice: target.voice,
    imageUrl: target.imageUrl,
    only: config.only,
    failOn: config.failOn,
    casePattern: config.case,
    reportDir: config.reportDir === undefined ? undefined : path.resolve(fileDir, config.reportDir),
    concurrency: config.concurrency,
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    expectations: target.expectations === undefined ? undefined : path.resolve(fileDir, target.expectations),
    faults: target.faults,
  }
}

/** The key a target's `apiKeyEnv` names; unset is an error (a run without it would only fail on 401s). */
function keyFromEnv(target: TargetConfig, env: Env): string {
  const variable = target.apiKeyEnv!
  const value = env[variable]?.trim()
  if (value === undefined || value === '') {
    const who = target.name === undefined ? 'a target' : `target ${JSON.stringify(target.name)}`
    throw new UsageError(`${who} reads its key from ${variable} (apiKeyEnv), which is not set`)
  }
  return requireHeaderValue(value, { name: variable, context: '' }, 'the key')
}

function flagsLayer(flags: RunFlags, cwd: string): Layer {
  return {
    name: flags.name,
    baseURL: flags.baseURL,
    apiKey: flags.apiKey,
    headers: flags.headers,
    secrets: flags.secrets,
    models: flags.models,
    voice: flags.voice,
    imageUrl: flags.imageUrl,
    only: flags.only,
    failOn: flags.failOn,
    casePattern: flags.casePattern,
    reportDir: flags.reportDir === undefined ? undefined : path.resolve(cwd, flags.reportDir),
    concurrency: flags.concurrency,
    timeoutMs: flags.timeoutMs,
    retries: flags.retries,
    expectations: flags.expectations === undefined ? undefined : path.resolve(cwd, flags.expectations),
    shard: flags.shard,
    verbose: flags.verbose || undefined,
  }
}
