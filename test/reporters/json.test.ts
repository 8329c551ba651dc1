import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { toJsonReport, writeJsonReport } from '../../reporters/json.ts'
import { buildReport } from '../../src/report/report.ts'
import type { Report } from '../../src/report/report.ts'
import { reportInput } from './fixtures/cases.ts'

let dir: string | undefined
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('writeJsonReport', () => {
  const report = buildReport(reportInput())

  test('writes dir/report.json (creating dir): pretty, newline-terminated, round-trips', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oai-conformance-json-'))
    const file = await writeJsonReport(path.join(dir, 'a', 'b'), report)
    expect(file).toBe(path.join(dir, 'a', 'b', 'report.json'))
    const text = await readFile(file, 'utf8')
    expect(text.startsWith('{\n  "schemaVersion": 1,\n  "tool": {')).toBe(true)
    expect(text.endsWith('}\n')).toBe(true)
    expect(JSON.parse(text)).toEqual(report)
    expect(await readdir(path.dirname(file))).toEqual(['report.json'])
  })

  test('scrub is applied to the serialised text', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oai-conformance-json-'))
    const secretReport = buildReport(reportInput({ target: { name: 'sk-secret-1', baseURL: 'http://x', models: {} } }))
    const text = await readFile(
      await writeJsonReport(dir, secretReport, { scrub: (t) => t.replaceAll('sk-secret-1', '[redacted]') }),
      'utf8',
    )
    expect(text).not.toContain('sk-secret-1')
    expect(JSON.parse(text).target.name).toBe('[redacted]')
  })

  test('stable key order even for a hand-built report', () => {
    const shuffled = Object.fromEntries(Object.entries(report).reverse()) as unknown as Report
    expect(toJsonReport(shuffled)).toBe(toJsonReport(report))
  })
})
