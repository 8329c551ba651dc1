/**
 * `oai-conformance [run] [flags]`: the flags, parsed strictly (an unknown flag is an
 * error, not ignored) with `node:util` `parseArgs`, each value validated on the spot.
 */
import { parseArgs } from 'node:util'
import type { Capability, ModelRole } from '../core/capabilities.ts'
import { UsageError, firstLine } from './errors.ts'
import type { FailOn, Shard } from './types.ts'
import {
  INTEGER_RANGES,
  MAX_SHARDS,
  parseShard,
  requireHeaderValue,
  requireNonEmpty,
  flagSubject,
  parseBaseURL,
  parseImageURL,
  parseHeaderLine,
  parseIntegerText,
  parseModelAssignment,
  quote,
  splitCapabilityList,
  parseFailOn,
} from './values.ts'

/** The command line, validated. Absent fields were not given. */
export interface RunFlags {
  help: boolean
  baseURL?: string
  apiKey?: string
  /** `--model ROLE=ID`, repeatable; the last one for a role wins. */
  models: Partial<Record<ModelRole, string>>
  /** `--voice NAME`: the voice speech cases ask for. */
  voice?: string
  /** `--image-url URL`: the image the vision cases send by URL. */
  imageUrl?: string
  /** `--config FILE`, as typed (relative to cwd). */
  config?: string
  /** `--fail-on`, repeatable and comma-separated. */
  failOn?: FailOn[]
  /** `--only`, repeatable and comma-separated; the union, in the order given. */
  only?: Capability[]
  casePattern?: string
  /** `--report-dir`, as typed (relative to cwd). */
  reportDir?: string
  concurrency?: number
  timeoutMs?: number
  retries?: number
  name?: string
  /** `--header 'Name: value'`, repeatable; names lower-cased, the last one for a name wins. */
  headers: Record<string, string>
  /** `--expectations FILE`, as typed (relative to cwd). */
  expectations?: string
  /** `--target NAME`, repeatable: which of the config file's `targets` to run. */
  targets: string[]
  /** `--shard I/N`. */
  shard?: Shard
  /** `--verbose`: every finding of every case in the terminal summary. */
  verbose?: boolean
  /** `--secret VALUE`, repeatable: values to redact wherever they appear. */
  secrets?: string[]
}

interface FlagSpec {
  type: 'string' | 'boolean'
  multiple?: boolean
  short?: string
  /** The value's placeholder in the usage text. */
  value?: string
  description: string
}

/** The single source of the flags: `parseArgs` options and the usage text are both made from it. */
const FLAGS = {
  'base-url': {
    type: 'string',
    value: 'URL',
    description:
      'the API base URL, e.g. https://api.example.com/v1 (env OPENAI_BASE_URL); none: the embedded reference',
  },
  'api-key': {
    type: 'string',
    value: 'KEY',
    description: 'the API key (env OPENAI_API_KEY); none: no Authorization key is sent',
  },
  model: {
    type: 'string',
    multiple: true,
    value: 'ROLE=ID',
    description: 'the model for a role (chat, vision, tools, structured, embeddings, images, speech); repeatable',
  },
  voice: {
    type: 'string',
    value: 'NAME',
    description: "the voice speech cases ask for (default alloy; a vendor's own, e.g. 'helpful woman')",
  },
  'image-url': {
    type: 'string',
    value: 'URL',
    description: 'a public http(s) URL of a large solid red image, for the vision cases that send an image by URL',
  },
  config: {
    type: 'string',
    value: 'FILE',
    description: 'config file (default: oai-conformance.config.{ts,mts,js,mjs,json} in the current directory)',
  },
  only: {
    type: 'string',
    multiple: true,
    value: 'CAP[,CAP...]',
    description: 'run only these capabilities; repeatable',
  },
  'fail-on': {
    type: 'string',
    multiple: true,
    value: 'RESULT[,RESULT]',
    description: 'also exit 1 when any case is inconclusive or warns (inconclusive, warn); repeatable',
  },
  case: { type: 'string', value: 'PATTERN', description: 'run only cases whose id matches (substring or glob)' },
  'report-dir': {
    type: 'string',
    value: 'DIR',
    description: 'where the reports go (default ./conformance-report)',
  },
  concurrency: {
    type: 'string',
    value: 'N',
    description: `requests in flight at once (default 4, ${INTEGER_RANGES.concurrency.min}-${INTEGER_RANGES.concurrency.max})`,
  },
  timeout: { type: 'string', value: 'MS', description: 'per-request timeout in ms (default 60000)' },
  retries: { type: 'string', value: 'N', description: 'retries on 429/5xx, honouring Retry-After (default 2)' },
  name: { type: 'string', value: 'NAME', description: "the target's name in reports (default: the base URL's host)" },
  header: {
    type: 'string',
    multiple: true,
    value: "'Name: value'",
    description: 'an extra header on every request; repeatable',
  },
  expectations: {
    type: 'string',
    value: 'FILE',
    description: 'known deviations (see `oai-conformance expectations`): exit 1 only on unexpected results',
  },
  target: {
    type: 'string',
    multiple: true,
    value: 'NAME',
    description: "run only this one of the config file's targets; repeatable",
  },
  shard: {
    type: 'string',
    value: 'I/N',
    description: `run part I of N of the cases (merge the parts with oai-conformance merge), N up to ${MAX_SHARDS}`,
  },
  verbose: {
    type: 'boolean',
    description: 'list every finding of every case in the summary (default: one entry per check)',
  },
  secret: {
    type: 'string',
    multiple: true,
    value: 'VALUE',
    description:
      'a value to redact wherever it appears (the key and credential headers always are); 8+ characters; repeatable',
  },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
} as const satisfies Record<string, FlagSpec>

type FlagName = keyof typeof FLAGS

/** Usage text for `oai-conformance run --help`, generated from the flag table. */
export const RUN_USAGE: string = (() => {
  const rows = Object.entries(FLAGS).map(([name, spec]: [string, FlagSpec]) => {
    const short = spec.short ? `-${spec.short}, ` : ''
    return [`  ${short}--${name}${spec.value ? ` ${spec.value}` : ''}`, spec.description] as const
  })
  const width = Math.max(...rows.map(([left]) => left.length)) + 2
  return [
    'Usage: oai-conformance [run] [flags]',
    '',
    'Flags:',
    ...rows.map(([left, right]) => left.padEnd(width) + right),
  ].join('\n')
})()

/**
 * Parses the arguments after the program name (`process.argv.slice(2)`); a leading `run`
 * command is accepted and ignored.
 */
export function parseRunArgs(argv: readonly string[]): RunFlags {
  const { values, positionals } = parseStrict(argv)
  const extra = positionals[0] === 'run' ? positionals.slice(1) : positionals
  if (extra.length > 0)
    throw new UsageError(`unexpected argument ${quote(extra[0])} (usage: oai-conformance [run] [flags])`)

  const flags: RunFlags = { help: values.help === true, models: {}, headers: {}, targets: [] }
  const str = (name: FlagName): string | undefined => values[name] as string | undefined
  const list = (name: FlagName): string[] => (values[name] as string[] | undefined) ?? []
  const subject = flagSubject

  const baseURL = str('base-url')
  if (baseURL !== undefined) flags.baseURL = parseBaseURL(baseURL, subject('base-url'))
  const imageUrl = str('image-url')
  if (imageUrl !== undefined) flags.imageUrl = parseImageURL(imageUrl, subject('image-url'))
  const apiKey = str('api-key')
  if (apiKey !== undefined) flags.apiKey = requireHeaderValue(apiKey, subject('api-key'), 'the key')
  for (const raw of list('model')) {
    const [role, id] = parseModelAssignment(raw, subject('model'))
    flags.models[role] = id
  }
  const failOn = list('fail-on')
  if (failOn.length > 0) flags.failOn = parseFailOn(failOn, subject('fail-on'))
  const only = list('only')
  if (only.length > 0) flags.only = [...new Set(only.flatMap((raw) => splitCapabilityList(raw, subject('only'))))]
  for (const raw of list('header')) {
    const [name, value] = parseHeaderLine(raw, subject('header'))
    flags.headers[name] = value
  }
  for (const raw of list('target')) flags.targets.push(requireNonEmpty(raw, subject('target')))
  const shard = str('shard')
  if (shard !== undefined) flags.shard = parseShard(shard, subject('shard'))
  const secrets = list('secret').map((raw) => requireNonEmpty(raw, subject('secret')))
  if (secrets.length > 0) flags.secrets = secrets
  const text = (name: FlagName): string | undefined => {
    const raw = str(name)
    return raw === undefined ? undefined : requireNonEmpty(raw, subject(name))
  }
  const integer = (name: FlagName, range: (typeof INTEGER_RANGES)[keyof typeof INTEGER_RANGES]): number | undefined => {
    const raw = str(name)
    return raw === undefined ? undefined : parseIntegerText(raw, range, subject(name))
  }
  assignDefined(flags, {
    verbose: values.verbose === true || undefined,
    config: text('config'),
    voice: text('voice'),
    casePattern: text('case'),
    reportDir: text('report-dir'),
    expectations: text('expectations'),
    name: text('name'),
    concurrency: integer('concurrency', INTEGER_RANGES.concurrency),
    timeoutMs: integer('timeout', INTEGER_RANGES.timeoutMs),
    retries: integer('retries', INTEGER_RANGES.retries),
  })
  return flags
}

function assignDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value
  }
}

function parseStrict(argv: readonly string[]) {
  const options = { args: [...argv], options: FLAGS, allowPositionals: true } as const
  try {
    return parseArgs({ ...options, strict: true })
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) throw error
    throw new UsageError(describeParseError(argv) ?? `${firstLine(error)} (see --help)`)
  }
}

/**
 * Node's strict-mode messages are multi-line and talk about positionals; this re-reads
 * the arguments leniently to name the offending flag in one line.
 */
function describeParseError(argv: readonly string[]): string | undefined {
  const { tokens } = parseArgs({ args: [...argv], options: FLAGS, allowPositionals: true, strict: false, tokens: true })
  for (const token of tokens) {
    if (token.kind !== 'option') continue
    const spec: FlagSpec | undefined = Object.hasOwn(FLAGS, token.name) ? FLAGS[token.name as FlagName] : undefined
    if (spec === undefined) return `unknown flag ${quote(token.rawName)} (see --help)`
    if (spec.type === 'boolean' && token.value !== undefined) return `${token.rawName} takes no value`
    if (spec.type === 'string') {
      if (token.value === undefined) return `${token.rawName} expects a value (${spec.value})`
      if (!token.inlineValue && token.value.startsWith('-')) {
        // The value is not echoed: it may be a key.
        return `${token.rawName} expects a value (${spec.value}) but is followed by a flag; write --${token.name}=VALUE for a value starting with "-"`
      }
    }
  }
  return undefined
}
