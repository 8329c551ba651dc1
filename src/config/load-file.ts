/**
 * Finding and loading the config file. TypeScript and JavaScript files are imported (Node
 * 24 strips types natively); their default export is the config or a function returning
 * it (possibly async). JSON files are parsed. Either way the value is checked by
 * `readUserConfig`.
 */
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { readUserConfig } from './read-config.ts'
import { UsageError, firstLine } from './errors.ts'
import type { UserConfig } from './types.ts'
import { quote } from './values.ts'

/** Looked for in the current directory, in this order; finding more than one is an error. */
export const CONFIG_FILE_NAMES = [
  'oai-conformance.config.ts',
  'oai-conformance.config.mts',
  'oai-conformance.config.js',
  'oai-conformance.config.mjs',
  'oai-conformance.config.json',
] as const

/** Extensions an explicit `--config FILE` may have. */
const IMPORTABLE = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']

export interface LoadedConfig {
  /** Absolute path. */
  file: string
  config: UserConfig
}

/** How messages name a file: relative to cwd when inside it, else absolute. */
export function fileLabel(file: string, cwd: string): string {
  const relative = path.relative(cwd, file)
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file
}

/** The config file in `cwd`, or null when there is none. */
export async function findConfigFile(cwd: string): Promise<string | null> {
  const found: string[] = []
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(cwd, name)
    if (await isFile(file)) found.push(file)
  }
  if (found.length > 1) {
    throw new UsageError(
      `found several config files (${found.map((f) => path.basename(f)).join(', ')}): keep one, or choose with --config`,
    )
  }
  return found[0] ?? null
}

/** Loads and checks `file` (relative to `cwd` or absolute). */
export async function loadConfigFile(file: string, cwd: string): Promise<LoadedConfig> {
  const absolute = path.resolve(cwd, file)
  const label = fileLabel(absolute, cwd)
  const extension = path.extname(absolute).toLowerCase()
  if (extension !== '.json' && !IMPORTABLE.includes(extension)) {
    throw new UsageError(
      `config file ${quote(label)}: unsupported extension ${quote(extension)} (use .ts, .mts, .js, .mjs or .json)`,
    )
  }
  // Read first in every case, so a missing file reads the same whatever its kind.
  let text: string
  try {
    text = await readFile(absolute, 'utf8')
  } catch (error) {
    throw new UsageError(`cannot read config file ${quote(label)}: ${firstLine(error)}`)
  }
  const value = extension === '.json' ? parseJson(text, label) : await importDefault(absolute, label)
  return { file: absolute, config: readUserConfig(value, label) }
}

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UsageError(`config file ${quote(label)} is not valid JSON: ${firstLine(error)}`)
  }
}

async function importDefault(file: string, label: string): Promise<unknown> {
  let module: Record<string, unknown>
  try {
    module = await import(pathToFileURL(file).href)
  } catch (error) {
    throw new UsageError(`cannot load config file ${quote(label)}: ${firstLine(error)}`)
  }
  if (!('default' in module) || module.default === undefined) {
    throw new UsageError(`config file ${quote(label)} has no default export (export default defineConfig({...}))`)
  }
  const exported = module.default
  if (typeof exported !== 'function') return exported
  try {
    return await exported()
  } catch (error) {
    throw new UsageError(`config file ${quote(label)}: its exported function threw: ${firstLine(error)}`)
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile()
  } catch {
    return false
  }
}
