import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The installed package's root folder (where package.json, suites/ and schemas/ are). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url))

export const TOOL: { name: string; version: string } = (() => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    name: string
    version: string
  }
  return { name: pkg.name, version: pkg.version }
})()
