/**
 * Checks a config file's value against `UserConfig` by hand (no schema library): an
 * unknown key, a wrong type, an unknown model role or capability is an error naming the
 * file and the key path. A misspelt key silently ignored would run the wrong suite.
 */
import type { ModelRole } from '../core/capabilities.ts'
import { IMAGE_FORMATS, type ImageFormat, type ImagesOptions } from '../core/target-options.ts'
import type { TargetConfig, UserConfig } from './types.ts'
import {
  INTEGER_RANGES,
  requireHeaderName,
  requireHeaderValue,
  requireInteger,
  requireNonEmpty,
  fileSubject,
  parseBaseURL,
  parseImageURL,
  parseCapabilities,
  parseModelRole,
  quote,
  usageError,
  parseFailOn,
} from './values.ts'
import type { Subject } from './values.ts'

const USER_CONFIG_KEYS = [
  'target',
  'targets',
  'only',
  'failOn',
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
  'secrets',
  'models',
  'expectations',
  'apiKeyEnv',
  'faults',
  'images',
  'voice',
  'imageUrl',
] as const satisfies readonly (keyof TargetConfig)[]
const IMAGES_KEYS = ['responseFormat', 'outputFormats', 'sizes'] as const satisfies readonly (keyof ImagesOptions)[]
/** `WxH` in pixels, or `auto` (the GPT image models choose). */
const IMAGE_SIZE = /^(?:[1-9][0-9]{0,4}x[1-9][0-9]{0,4}|auto)$/

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
  if (root.targets !== undefined) {
    if (root.target !== undefined) throw usageError(at('targets'), 'give "target" or "targets", not both')
    if (!Array.isArray(root.targets) || root.targets.length === 0) {
      throw usageError(at('targets'), `${at('targets').name} must be a non-empty array of targets`)
    }
    config.targets = root.targets.map((item, index) => checkTarget(item, at, `targets[${index}]`))
  }
  if (root.only !== undefined) {
    if (!Array.isArray(root.only) || !root.only.every((item) => typeof item === 'string')) {
      throw usageError(at('only'), `${at('only').name} must be an array of capability names`)
    }
    config.only = parseCapabilities(root.only, at('only'))
  }
  if (root.failOn !== undefined) {
    if (!Array.isArray(root.failOn) || !root.failOn.every((item) => typeof item === 'string')) {
      throw usageError(at('failOn'), `${at('failOn').name} must be an array of results (inconclusive, warn)`)
    }
    config.failOn = parseFailOn(root.failOn, at('failOn'))
  }
  if (root.case !== undefined) config.case = requireNonEmpty(checkString(root.case, at('case')), at('case'))
  if (root.reportDir !== undefined)
    config.reportDir = requireNonEmpty(checkString(root.reportDir, at('reportDir')), at('reportDir'))
  for (const key of ['concurrency', 'timeoutMs', 'retries'] as const) {
    if (root[key] !== undefined) config[key] = requireInteger(root[key], INTEGER_RANGES[key], at(key))
  }
  return config
}

function checkTarget(value: unknown, at: (path: string) => Subject, key = 'target'): TargetConfig {
  const path = (name: string) => `${key}.${name}`
  const raw = checkObject(value, at(key), TARGET_KEYS, `${key}.`)
  const target: TargetConfig = {}
  const text = (name: string) => requireNonEmpty(checkString(raw[name], at(path(name))), at(path(name)))
  if (raw.name !== undefined) target.name = text('name')
  if (raw.baseURL !== undefined)
    target.baseURL = parseBaseURL(checkString(raw.baseURL, at(path('baseURL'))), at(path('baseURL')))
  if (raw.apiKey !== undefined)
    target.apiKey = requireHeaderValue(checkString(raw.apiKey, at(path('apiKey'))), at(path('apiKey')), 'the key')
  if (raw.apiKeyEnv !== undefined) target.apiKeyEnv = text('apiKeyEnv')
  if (raw.expectations !== undefined) target.expectations = text('expectations')
  if (raw.faults !== undefined) {
    const subject = at(path('faults'))
    if (!Array.isArray(raw.faults) || !raw.faults.every((item) => typeof item === 'string' && item !== '')) {
      throw usageError(subject, `${subject.name} must be an array of fault names`)
    }
    if (target.baseURL !== undefined) {
      throw usageError(subject, `${subject.name} is for the embedded reference only (this target has a baseURL)`)
    }
    target.faults = [...raw.faults]
  }
  if (raw.headers !== undefined) {
    const headers: Record<string, string> = {}
    for (const [name, headerValue] of Object.entries(checkObject(raw.headers, at(path('headers'))))) {
      const headerPath = path(`headers.${name}`)
      headers[requireHeaderName(name, at(path('headers')))] = requireHeaderValue(
        checkString(headerValue, at(headerPath)),
        at(headerPath),
      )
    }
    target.headers = headers
  }
  if (raw.secrets !== undefined) {
    if (!Array.isArray(raw.secrets))
      throw usageError(at('target.secrets'), `${at('target.secrets').name} must be an array of strings`)
    target.secrets = raw.secrets.map((item, i) =>
      requireNonEmpty(checkString(item, at(`target.secrets[${i}]`)), at(`target.secrets[${i}]`)),
    )
  }
  if (raw.models !== undefined) {
    const models: Partial<Record<ModelRole, string>> = {}
    for (const [role, id] of Object.entries(checkObject(raw.models, at(path('models'))))) {
      const modelPath = path(`models.${role}`)
      models[parseModelRole(role, at(path('models')))] = requireNonEmpty(checkString(id, at(modelPath)), at(modelPath))
    }
    target.models = models
  }
  if (raw.images !== undefined) target.images = checkImages(raw.images, at)
  if (raw.voice !== undefined)
    target.voice = requireNonEmpty(checkString(raw.voice, at('target.voice')), at('target.voice'))
  if (raw.imageUrl !== undefined)
    target.imageUrl = parseImageURL(checkString(raw.imageUrl, at(path('imageUrl'))), at(path('imageUrl')))
  return target
}

function checkImages(value: unknown, at: (path: string) => Subject): ImagesOptions {
  const raw = checkObject(value, at('target.images'), IMAGES_KEYS, 'target.images.')
  const images: ImagesOptions = {}
  if (raw.responseFormat !== undefined) {
    if (typeof raw.responseFormat !== 'boolean')
      throw usageError(
        at('target.images.responseFormat'),
        `${at('target.images.responseFormat').name} must be a boolean`,
      )
    images.responseFormat = raw.responseFormat
  }
  if (raw.outputFormats !== undefined) {
    images.outputFormats = checkList(
      raw.outputFormats,
      at('target.images.outputFormats'),
      (item) => ((IMAGE_FORMATS as readonly string[]).includes(item) ? (item as ImageFormat) : null),
      `one of ${IMAGE_FORMATS.join(', ')}`,
    )
  }
  if (raw.sizes !== undefined) {
    const sizes = checkList(
      raw.sizes,
      at('target.images.sizes'),
      (item) => (IMAGE_SIZE.test(item) ? item : null),
      'WxH or auto',
    )
    if (sizes.length === 0)
      throw usageError(at('target.images.sizes'), `${at('target.images.sizes').name} must list at least one size`)
    images.sizes = sizes
  }
  return images
}

/** An array of strings, each accepted by `accept` (else an error naming `what` it must be); duplicates dropped. */
function checkList<T extends string>(
  value: unknown,
  subject: Subject,
  accept: (item: string) => T | null,
  what: string,
): T[] {
  if (!Array.isArray(value)) throw usageError(subject, `${subject.name} must be an array`)
  return [
    ...new Set(
      value.map((item) => {
        const accepted = typeof item === 'string' ? accept(item) : null
        if (accepted === null) throw usageError(subject, `${subject.name}: ${quote(item)} is not ${what}`)
        return accepted
      }),
    ),
  ]
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
