/** Badges: shields-style SVGs, one overall and one per capability, coloured as CERTIFICATION.md says. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { BadgesWriter, capabilityBadges, overallBadge, renderBadge, textWidth } from '../../reporters/badges.ts'
import { CAPABILITIES } from '../../src/core/capabilities.ts'
import { certify } from '../../src/report/certification.ts'
import { buildReport } from '../../src/report/report.ts'
import { parseXml } from './xml-parse.ts'
import { PASS, reportInput } from './fixtures/cases.ts'

const passing = (capability: (typeof CAPABILITIES)[number]) => ({ ...PASS, id: `${capability}.x`, capability })

describe('overallBadge', () => {
  test('certified: the levels reached, bright green; with warnings, green', () => {
    const report = buildReport(reportInput({ cases: ['models', 'chat', 'errors'].map((c) => passing(c as 'chat')) }))
    expect(overallBadge(report.certification)).toEqual({
      label: 'OpenAI API',
      message: 'Chat core',
      colour: 'brightgreen',
    })
    expect(overallBadge({ ...report.certification, warnings: 2 }).colour).toBe('green')
  })

  test('failed: what fails, red; incomplete: orange', () => {
    const report = buildReport(reportInput())
    expect(overallBadge(report.certification)).toEqual({ label: 'OpenAI API', message: 'failing: chat', colour: 'red' })
    const incomplete = certify({ ...report, cases: [], capabilities: [] })
    expect(overallBadge(incomplete, 'compat')).toEqual({ label: 'compat', message: 'incomplete', colour: 'orange' })
  })
})

describe('capabilityBadges', () => {
  test('one per capability with its verdict and colour', () => {
    const badges = capabilityBadges(buildReport(reportInput()).certification)
    expect(badges.map((b) => b.id)).toEqual([...CAPABILITIES])
    expect(badges.find((b) => b.id === 'chat')!.badge).toEqual({ label: 'chat', message: 'failed', colour: 'red' })
    expect(badges.find((b) => b.id === 'tools')!.badge.colour).toBe('orange')
    expect(badges.find((b) => b.id === 'speech')!.badge).toEqual({
      label: 'speech',
      message: 'untested',
      colour: 'lightgrey',
    })
  })
})

describe('renderBadge', () => {
  test('a well-formed SVG: label and message, sized to their text, with a title', () => {
    const svg = renderBadge({ label: 'chat', message: 'certified', colour: 'brightgreen' })
    const root = parseXml(svg)
    expect(root.name).toBe('svg')
    expect(root.attributes.width).toBe(String(textWidth('chat') + textWidth('certified') + 24))
    expect(svg).toContain('<title>chat: certified</title>')
    expect(svg).toContain('fill="#4c1"')
    expect(textWidth('Chat full')).toBeGreaterThan(textWidth('Chat'))
  })

  test('text is escaped', () => {
    const svg = renderBadge({ label: '<a>', message: '"&"', colour: 'red' })
    expect(svg).not.toContain('<a>')
    expect(() => parseXml(svg)).not.toThrow()
  })
})

describe('BadgesWriter', () => {
  let dir: string | undefined
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  test('writes badges/overall.svg and one per capability, through the scrub', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oai-conformance-badges-'))
    const report = buildReport(reportInput())
    const scrub = (text: string) => text.replaceAll('OpenAI API', 'SCRUBBED')
    const files = await new BadgesWriter().write(report, { dir, scrub, out: process.stdout, color: false, files: [] })
    expect(files[0]).toBe(path.join(dir, 'badges', 'overall.svg'))
    expect((await readdir(path.join(dir, 'badges'))).sort()).toEqual(
      ['overall', ...CAPABILITIES].map((name) => `${name}.svg`).sort(),
    )
    expect(await readFile(files[0]!, 'utf8')).toContain('SCRUBBED')
  })
})
