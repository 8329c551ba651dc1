#!/usr/bin/env node
// From a checkout this runs the TypeScript sources directly (Node >= 22.18 strips types
// natively); installed as a package (under node_modules, where Node strips no types) it runs
// the JavaScript that `npm run build` put in dist/.
import { sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const installed = fileURLToPath(import.meta.url).includes(`${sep}node_modules${sep}`)
const [major, minor] = process.versions.node.split('.').map(Number)
if (installed ? major < 22 : major < 22 || (major === 22 && minor < 18)) {
  console.error(
    installed
      ? `oai-conformance: needs Node.js >= 22 (this is ${process.versions.node})`
      : `oai-conformance: needs Node.js >= 22.18 (this is ${process.versions.node}); run it through npm (npm start, npx oai-conformance) so the pinned Node 24 is used`,
  )
  process.exit(2)
}
// Node caches the compiled (and type-stripped) sources in the OS temp folder: a warm start
// is about 0.4 s faster. Nothing else changes; a failing cache is ignored by Node. The vitest
// worker that runs the cases is another process: the environment variable gives it the same
// cache (its start-up, mostly loading our modules, the SDK's and ajv's, went from 1.35 s to 0.8 s).
const { enableCompileCache } = await import('node:module')
const cache = enableCompileCache?.()
if (cache?.directory && process.env.NODE_COMPILE_CACHE === undefined) process.env.NODE_COMPILE_CACHE = cache.directory
const { main } = await import(installed ? '../dist/src/cli/main.js' : '../src/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
