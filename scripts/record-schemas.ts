/**
 * Records the schemas the suites validate against, from OpenAI's OpenAPI description.
 *
 *   npm run schemas:record [-- <path-or-url>] [--repository R] [--commit C] [--commit-date D]
 *
 * Default input: `../shared/openai-openapi/openapi.yaml` (relative to the repo root, not
 * the working directory), whose `SOURCE.md` gives the repository and commit; a local file
 * elsewhere uses the `SOURCE.md` beside it if there is one. For a URL (fetched), pass
 * `--repository` and `--commit` (and `--commit-date`). Flags override SOURCE.md.
 *
 * Writes `schemas/openai.schema.json` (the bundle), `schemas/operations.json`,
 * `schemas/PROVENANCE.json` and `schemas/README.md`. What is recorded (ROOT_SCHEMAS,
 * RECORDED_OPERATIONS) is in `src/schemas/record/roots.ts`, the ERRATA in
 * `src/schemas/record/errata.ts`, so the self-tests can use the same lists.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { parse as parseYaml } from 'yaml'
import type { OpenApiDocument } from '../src/spec/record/extract.ts'
import { OUTPUT_FILES, renderSchemaFiles } from '../src/spec/record/outputs.ts'
import { parseSourceMd, type SpecSource } from '../src/spec/record/source.ts'

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const DEFAULT_INPUT = resolve(REPO_ROOT, '../shared/openai-openapi/openapi.yaml')
const OUT_DIR = join(REPO_ROOT, 'schemas')
const USAGE = 'usage: record-schemas [path-or-url] [--repository R] [--commit C] [--commit-date D]'

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      repository: { type: 'string' },
      commit: { type: 'string' },
      'commit-date': { type: 'string' },
    },
  })
  if (positionals.length > 1) throw new Error(USAGE)
  const input = positionals[0] ?? DEFAULT_INPUT
  const isUrl = /^https?:\/\//i.test(input)
  const file = isUrl ? undefined : resolve(input)

  const text = file === undefined ? await fetchText(input) : readFileSync(file, 'utf8')
  const known = file === undefined ? undefined : sourceBeside(file)
  const source: SpecSource = {
    repository: values.repository ?? known?.repository ?? '',
    file: known?.file ?? baseName(input),
    commit: values.commit ?? known?.commit ?? '',
    commitDate: values['commit-date'] ?? known?.commitDate ?? '',
  }
  if (source.repository === '' || source.commit === '') {
    throw new Error(`unknown source: no SOURCE.md beside the input, give --repository and --commit\n${USAGE}`)
  }

  const files = renderSchemaFiles({
    // The spec uses no YAML aliases today; allow them rather than fail if it starts to.
    doc: parseYaml(text, { maxAliasCount: -1 }) as OpenApiDocument,
    source,
    recordedFrom: file === undefined ? input : portablePath(file),
    recordedAt: new Date().toISOString().slice(0, 10),
  })
  for (const name of OUTPUT_FILES) writeFileSync(join(OUT_DIR, name), files[name])
  console.log(`wrote ${OUTPUT_FILES.map((n) => `schemas/${n}`).join(', ')} from ${input} (${source.commit})`)
}

/** The SOURCE.md beside a local spec file, parsed; undefined when there is none. */
function sourceBeside(file: string): SpecSource | undefined {
  const md = join(dirname(file), 'SOURCE.md')
  return existsSync(md) ? parseSourceMd(readFileSync(md, 'utf8')) : undefined
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`)
  return response.text()
}

function baseName(input: string): string {
  const path = input.split(/[?#]/)[0] ?? input
  return path.split(/[/\\]/).filter(Boolean).at(-1) ?? input
}

/** Relative to the repo root, with `/`, so the recorded path is the same on every machine. */
function portablePath(file: string): string {
  return relative(REPO_ROOT, file).split(sep).join('/')
}

main().catch((error: unknown) => {
  console.error(`record-schemas: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
