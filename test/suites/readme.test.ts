import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { withCatalogue } from '../../src/cli/checks-command.ts'

test('the README check catalogue is current (run `npm run docs:checks`)', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  expect(withCatalogue(readme) === readme, 'README.md catalogue is stale: run npm run docs:checks').toBe(true)
})
