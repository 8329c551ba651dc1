/** The one-way layers of .dependency-cruiser.cjs: the real tree keeps them, and each rule catches its break. */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type ICruiseOptions, type ICruiseResult, cruise } from 'dependency-cruiser'
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options'
import { expect, test } from 'vitest'

const REPO = fileURLToPath(new URL('../../', import.meta.url))

/** The folders the layer rules govern (the same as `npm run layers`). */
const ROOTS = ['src', 'suites', 'reporters', 'scripts', 'bin']

/** A module of ours, as dependency-cruiser names it (relative to the base directory). */
const OURS = /^(src|suites|reporters|scripts|bin|test)\//

/** Cruises `roots` under `baseDir` with the repository's own configuration: rules and options. */
async function cruiseWithOurRules(baseDir: string, roots: string[]): Promise<ICruiseResult> {
  const options: ICruiseOptions = await extractDepcruiseOptions(join(REPO, '.dependency-cruiser.cjs'))
  const { output } = await cruise(roots, { ...options, baseDir })
  if (typeof output === 'string') throw new Error(`dependency-cruiser returned text, not a result: ${output}`)
  return output
}

/** Each violation as `rule: from → to`, sorted, so a failure lists them all. */
function violations(result: ICruiseResult): string[] {
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort()
}

test('the real tree keeps every layer rule, and the cruise really saw it', async () => {
  const result = await cruiseWithOurRules(REPO, ROOTS)
  expect(violations(result)).toEqual([])

  // A configuration that resolves nothing would pass every rule: prove the cruise saw the tree.
  const ours = result.modules.filter((m) => OURS.test(m.source))
  const cruised = new Set(ours.map((m) => m.source))
  const files = (await Promise.all(ROOTS.map((root) => readdir(join(REPO, root), { recursive: true }))))
    .flatMap((names, i) => names.map((name) => `${ROOTS[i]}/${name}`))
    .filter((name) => /\.(ts|js)$/.test(name))
  expect(files.filter((file) => !cruised.has(file))).toEqual([])
  expect(ours.length).toBeGreaterThan(150)
  const localDependencies = ours.flatMap((m) => m.dependencies.filter((d) => OURS.test(d.resolved)))
  expect(localDependencies.length).toBeGreaterThan(400)
  expect(localDependencies.some((d) => d.dependencyTypes.includes('type-only'))).toBe(true)
})

/**
 * A tree with the real folder names: one break of each rule (named in the comment) among edges every
 * rule allows (marked ok). Paths are relative to the tree's root.
 */
const FIXTURE: Record<string, string> = {
  'src/core/k.ts': `export const k = 1`,
  'src/core/a.ts': `import '../engine/b.ts' // core-imports-only-core\nimport './k.ts' // ok`,
  'src/spec/p.ts': `import '../core/k.ts' // ok`,
  'src/formats/f.ts': `import '../spec/p.ts' // formats-spec-import-only-core\nimport '../core/k.ts' // ok`,
  'src/engine/b.ts': `import 'node:fs' // ok\nimport '../formats/f.ts' // ok`,
  'src/engine/cycle-1.ts': `import './cycle-2.ts' // no-circular (reported once per cycle)`,
  'src/engine/cycle-2.ts': `import './cycle-1.ts' // the same cycle`,
  'src/transport/t.ts': `import '../engine/b.ts' // engine-transport-...\nimport '../spec/p.ts' // ok`,
  'src/reference/r.ts': `import '../core/k.ts' // ok`,
  'src/config/g.ts': `import './missing.ts' // no-unresolvable`,
  'src/report/m.ts': `import '../core/k.ts' // ok`,
  'src/apis/shared/h.ts': `import '../chat/z.ts' // api-slice-...\nimport '../../reference/r.ts' // ok`,
  'src/apis/chat/z.ts': `export const z = 1`,
  'src/apis/chat/x.ts': [
    `import type {} from '../models/y.ts' // api-slice-..., type-only`,
    `import './z.ts' // ok`,
    `import '../shared/h.ts' // ok`,
    `import '../../transport/t.ts' // ok`,
  ].join('\n'),
  'src/apis/models/y.ts': `import '../shared/h.ts' // ok\nimport '../../report/m.ts' // ok`,
  'src/apis/index.ts': `import '../../suites/s.ts' // catalogue-...\nimport './chat/x.ts' // ok`,
  'src/apis/reference.ts': `import './index.ts' // ok\nimport './models/y.ts' // ok`,
  'suites/s.ts': `import '../reporters/w.ts' // suites-...\nimport '../src/core/k.ts' // ok`,
  'suites/u.ts': `import '../src/apis/reference.ts' // ok\nimport '../src/apis/chat/z.ts' // ok`,
  'reporters/w.ts': `import '../src/engine/b.ts' // reporters-...\nimport '../src/report/m.ts' // ok`,
  'src/run/go.ts': `import '../../test/helper.ts' // product-imports-no-test\nimport '../../suites/u.ts' // ok`,
  'src/extra/e.ts': `import '../core/k.ts' // src-module-has-a-layer`,
  'src/index.ts': `import './run/go.ts' // ok\nimport '../reporters/w.ts' // ok`,
  'test/helper.ts': `import '../src/core/k.ts' // ok`,
}

test('each rule catches its break in a tree with the real folder names, and nothing else', async () => {
  const root = await mkdtemp(join(tmpdir(), 'oai-conformance-layers-'))
  try {
    for (const [path, source] of Object.entries(FIXTURE)) {
      await mkdir(dirname(join(root, path)), { recursive: true })
      await writeFile(join(root, path), `${source}\n`)
    }
    const result = await cruiseWithOurRules(root, ['src', 'suites', 'reporters', 'test'])
    expect(result.modules.filter((m) => OURS.test(m.source))).toHaveLength(Object.keys(FIXTURE).length)
    expect(violations(result)).toEqual(
      [
        'core-imports-only-core: src/core/a.ts → src/engine/b.ts',
        'formats-spec-import-only-core: src/formats/f.ts → src/spec/p.ts',
        'engine-transport-reference-config-report-import-only-core-formats-spec: src/transport/t.ts → src/engine/b.ts',
        'api-slice-imports-only-below-its-folder-and-shared: src/apis/chat/x.ts → src/apis/models/y.ts',
        'api-slice-imports-only-below-its-folder-and-shared: src/apis/shared/h.ts → src/apis/chat/z.ts',
        'catalogue-imports-only-api-slices-and-below: src/apis/index.ts → suites/s.ts',
        'suites-import-only-src-apis-and-below: suites/s.ts → reporters/w.ts',
        'reporters-import-only-core-and-report: reporters/w.ts → src/engine/b.ts',
        'product-imports-no-test: src/run/go.ts → test/helper.ts',
        'src-module-has-a-layer: src/extra/e.ts → src/core/k.ts',
        'no-circular: src/engine/cycle-1.ts → src/engine/cycle-2.ts',
        'no-unresolvable: src/config/g.ts → ./missing.ts',
      ].sort(),
    )
  } finally {
    await rm(root, { recursive: true, force: true })
  }
})
