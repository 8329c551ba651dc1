/**
 * Checks a config file's value against `UserConfig` by hand (no schema library): an
 * unknown key, a wrong type, an unknown model role or capability is an error naming the
 * file and the key path. A misspelt key silently ignored would run the wrong suite.
 */
import type { ModelRole } from '../core/capabilities.ts'
import type { TargetConfig, UserConfig } from './types.ts'
import {
  INTEGER_RANGES,
  requireHeaderName,
  requireHeaderValue,
  requireInteger,
  requireNonEmpty,
  fileSubject,
  parseBaseURL,
  parseCapabilities,
  parseModelRole,
  quote,
  usageError,
} from './values.ts'
import type { Subject } from './values.ts'

const USER_CONFIG_KEYS = [
  'target',
  'only',
  'case',
  'reportDir',
  'concurrency',
  'timeoutMs',
  'retries',
] as const satisfies readonly (keyof UserConfig)[]
const TARGET_KEYS = [
  'name',
  'baseURL',
  'apiKey',
  'headers',
  'models',
  'voice',
] as const satisfies readonly (keyof TargetConfig)[]

type PlainObject = Record<string, unknown>

/** Reads one file's value; `fileLabel` is how messages name the file. Returns it normalised. */
export function readUserConfig(value: unknown, fileLabel: string): UserConfig {
  const at = (path: string): Subject => fileSubject(fileLabel, path)
  const root = checkObject(
    value,
    { name: 'the default export', context: `config file ${quote(fileLabel)}: ` },
    USER_CONFIG_KEYS,
    '',
  )
  const config: UserConfig = {}

  if (root.target !== undefined) config.target = checkTarget(root.target, at)
  if (root.only !== undefined) {
    if (!Array.isArray(root.only) || !root.only.every((item) => typeof item === 'string')) {
      throw usageError(at('only'), `${at('only').name} must be an array of capability names`)
    }
    config.only = parseCapabilities(root.only, at('only'))
  }
  if (root.case !== undefined) config.case = requireNonEmpty(checkString(root.case, at('case')), at('case'))
  if (root.reportDir !== undefined)
    config.reportDir = requireNonEmpty(checkString(root.reportDir, at('reportDir')), at('reportDir'))
  for (const key of ['concurrency', 'timeoutMs', 'retries'] as const) {
    if (root[key] !== undefined) config[key] = requireInteger(root[key], INTEGER_RANGES[key], at(key))
  }
  return config
}

function checkTarget(value: unknown, at: (path: string) => Subject): TargetConfig {
  const raw = checkObject(value, at('target'), TARGET_KEYS, 'target.')
  const target: TargetConfig = {}
  if (raw.name !== undefined) target.name = requireNonEmpty(checkString(raw.name, at('target.name')), at('target.name'))
  if (raw.baseURL !== undefined)
    target.baseURL = parseBaseURL(checkString(raw.baseURL, at('target.baseURL')), at('target.baseURL'))
  if (raw.apiKey !== undefined)
    target.apiKey = requireHeaderValue(checkString(raw.apiKey, at('target.apiKey')), at('target.apiKey'), 'the key')
  if (raw.headers !== undefined) {
    const headers: Record<string, string> = {}
    for (const [name, headerValue] of Object.entries(checkObject(raw.headers, at('target.headers')))) {
      const path = `target.headers.${name}`
      headers[requireHeaderName(name, at('target.headers'))] = requireHeaderValue(
        checkString(headerValue, at(path)),
        at(path),
      )
    }
    target.headers = headers
  }
  if (raw.models !== undefined) {
    const models: Partial<Record<ModelRole, string>> = {}
    for (const [role, id] of Object.entries(checkObject(raw.models, at('target.models')))) {
      const path = `target.models.${role}`
      models[parseModelRole(role, at('target.models'))] = requireNonEmpty(checkString(id, at(path)), at(path))
    }
    target.models = models
  }
  if (raw.voice !== undefined)
    target.voice = requireNonEmpty(checkString(raw.voice, at('target.voice')), at('target.voice'))
  return target
}

/** A plain object; with `known`, every key must be one of them (`prefix` builds the key path). */
function checkObject(value: unknown, subject: Subject, known?: readonly string[], prefix = ''): PlainObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw usageError(subject, `${subject.name} must be an object`)
  }
  if (known) {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        throw usageError(
          subject,
          `unknown key ${quote(prefix + key)} (known: ${known.map((k) => prefix + k).join(', ')})`,
        )
      }
    }
  }
  return value as PlainObject
}

function checkString(value: unknown, subject: Subject): string {
  if (typeof value !== 'string') throw usageError(subject, `${subject.name} must be a string`)
  return value
}
