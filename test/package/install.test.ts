/**
 * The tool as a package, installed the way a user outside this repository installs it:
 * `npm pack` (which builds dist/), the tarball installed into an empty folder offline
 * (`npm ci --offline`, from the npm cache that installing this checkout filled, with a lockfile
 * pinning the same dependency versions), then `npx oai-conformance` there against the
 * embedded reference, with a config file that imports `defineConfig` from the package.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'
import { tempDir } from '../support/cli.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const run = promisify(execFile)
/** npm and npx with this Node (24) first on PATH, as `npm test` has it. */
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
  NO_COLOR: '1',
}
delete env.OPENAI_BASE_URL
delete env.OPENAI_API_KEY

/** The app's lockfile: the tarball, and every non-dev package of this checkout's lockfile at its version. */
function appLockfile(tarball: string): object {
  const ours = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'))
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`
  const packages: Record<string, unknown> = {
    '': { name: 'app', dependencies: { [pkg.name]: `file:${tarball}` } },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version,
      resolved: `file:${tarball}`,
      integrity,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
    },
  }
  for (const [key, entry] of Object.entries<{ dev?: boolean }>(ours.packages)) {
    if (key.startsWith('node_modules/') && !entry.dev) packages[key] = entry
  }
  return { name: 'app', lockfileVersion: 3, requires: true, packages }
}

test('npm pack, installed offline into an empty folder, runs against the embedded reference', async () => {
  const out = tempDir()
  const { stdout } = await run('npm', ['pack', '--pack-destination', out, '--json'], { cwd: ROOT, env })
  const [{ filename, files }] = JSON.parse(stdout.slice(stdout.indexOf('[')))
  const packed = (files as { path: string }[]).map((file) => file.path)
  expect(packed).toContain('dist/src/cli/main.js')
  expect(packed).toContain('dist/src/index.d.ts')
  expect(packed).toContain('dist/schemas/openai.schema.json')
  expect(packed.some((file) => file.startsWith('src/') || file.startsWith('test/'))).toBe(false)

  const app = tempDir()
  const tarball = path.join(out, filename)
  writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({
      name: 'app',
      private: true,
      type: 'module',
      dependencies: { 'oai-conformance': `file:${tarball}` },
    }),
  )
  writeFileSync(path.join(app, 'package-lock.json'), JSON.stringify(appLockfile(tarball)))
  await run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: app, env })
  expect(existsSync(path.join(app, 'node_modules', 'oai-conformance', 'src'))).toBe(false)

  writeFileSync(
    path.join(app, 'oai-conformance.config.ts'),
    "import { defineConfig } from 'oai-conformance'\nexport default defineConfig({ only: ['chat', 'models'] })\n",
  )
  const result = await run('npx', ['oai-conformance'], { cwd: app, env }).catch((error) => error)
  expect(result.code ?? 0, `${result.stdout}\n${result.stderr}`).toBe(0)
  expect(result.stdout).toContain('embedded reference')
  const report = JSON.parse(readFileSync(path.join(app, 'conformance-report', 'report.json'), 'utf8'))
  expect(report.capabilities.map((c: { id: string }) => c.id)).toEqual(['models', 'chat'])
  expect(report.summary.failed).toBe(0)
}, 240_000)
