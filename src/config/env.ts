/**
 * The environment layer. Variables:
 *
 * - `OPENAI_BASE_URL`, `OPENAI_API_KEY`: the official SDK's own conventions, so a shell
 *   set up for the SDK targets the same endpoint.
 * - `OAI_CONFORMANCE_MODEL_<ROLE>`: the model for a role, e.g. `OAI_CONFORMANCE_MODEL_CHAT=gpt-4o-mini`.
 *   An unknown `<ROLE>` is an error (the prefix is ours, so it is a typo).
 * - `OAI_CONFORMANCE_FAIL_ON`: `--fail-on`, e.g. `inconclusive,warn`.
 *
 * Empty (or blank) values count as unset, as in the SDK.
 */
import type { ModelRole } from '../core/capabilities.ts'
import type { Layer } from './layer.ts'
import { requireHeaderValue, envSubject, parseBaseURL, parseFailOn, parseModelRole } from './values.ts'

export const ENV_BASE_URL = 'OPENAI_BASE_URL'
export const ENV_API_KEY = 'OPENAI_API_KEY'
export const ENV_MODEL_PREFIX = 'OAI_CONFORMANCE_MODEL_'
export const ENV_FAIL_ON = 'OAI_CONFORMANCE_FAIL_ON'

/** The variables read, for the CLI's help text. */
export const ENVIRONMENT_USAGE = `Environment: ${ENV_BASE_URL}, ${ENV_API_KEY}, ${ENV_MODEL_PREFIX}<ROLE> (e.g. ${ENV_MODEL_PREFIX}CHAT), ${ENV_FAIL_ON} (e.g. inconclusive,warn)`

export type Env = Readonly<Record<string, string | undefined>>

export function readEnvLayer(env: Env): Layer {
  const layer: Layer = {}
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim()
    return value === undefined || value === '' ? undefined : value
  }
  const baseURL = read(ENV_BASE_URL)
  if (baseURL !== undefined) layer.baseURL = parseBaseURL(baseURL, envSubject(ENV_BASE_URL))
  const apiKey = read(ENV_API_KEY)
  if (apiKey !== undefined) layer.apiKey = requireHeaderValue(apiKey, envSubject(ENV_API_KEY), 'the key')

  const models: Partial<Record<ModelRole, string>> = {}
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith(ENV_MODEL_PREFIX)) continue
    const id = read(name)
    if (id === undefined) continue
    models[parseModelRole(name.slice(ENV_MODEL_PREFIX.length).toLowerCase(), envSubject(name))] = id
  }
  if (Object.keys(models).length > 0) layer.models = models
  const failOn = read(ENV_FAIL_ON)
  if (failOn !== undefined) layer.failOn = parseFailOn([failOn], envSubject(ENV_FAIL_ON))
  return layer
}
