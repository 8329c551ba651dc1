/**
 * `npm run build`: the package as JavaScript and `.d.ts` in `dist/`, for installs from a
 * tarball or a registry (Node does not strip types under `node_modules`). The layout mirrors
 * the checkout (`dist/src`, `dist/suites`, `dist/reporters`), with the data the code reads
 * beside it: `dist/schemas`, `dist/package.json`, and every non-TypeScript file of the source
 * folders (JSON schemas, fixtures) at its own path. `bin/oai-conformance.js` runs `dist/`
 * when it is installed under `node_modules`, the sources otherwise.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
const dist = path.join(root, 'dist')
const SOURCE_FOLDERS = ['src', 'suites', 'reporters']

rmSync(dist, { recursive: true, force: true })
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
})
cpSync(path.join(root, 'schemas'), path.join(dist, 'schemas'), { recursive: true })
cpSync(path.join(root, 'package.json'), path.join(dist, 'package.json'))
let copied = 0
for (const folder of SOURCE_FOLDERS) {
  for (const entry of readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith('.ts')) continue
    const from = path.join(entry.parentPath, entry.name)
    cpSync(from, path.join(dist, path.relative(root, from)))
    copied++
  }
}
console.log(`dist/: compiled ${SOURCE_FOLDERS.join(', ')}; copied schemas/, package.json and ${copied} data file(s)`)
