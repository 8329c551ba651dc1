/** Regenerates the README's check catalogue from the checks themselves. */
import { readFileSync, writeFileSync } from 'node:fs'
import { withCatalogue } from '../src/cli/checks-command.ts'

const file = new URL('../README.md', import.meta.url)
writeFileSync(file, withCatalogue(readFileSync(file, 'utf8')))
console.log('README.md: check catalogue updated')
