/** report.html as text: self-contained, data in an inert JSON block, a CSP that admits only its own script and style. */
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { HtmlWriter, reportPolicy, scriptSafeJson, toHtml } from '../../reporters/html.ts'
import { buildReport } from '../../src/report/report.ts'
import { reportInput } from './fixtures/cases.ts'
import { hostileReport } from './hostile-fixture.ts'

const report = buildReport(reportInput())
const html = toHtml(report)

/** The text of every inline `<script>` / `<style>` element, in order. */
function inline(tag: 'script' | 'style', text: string): { attributes: string; body: string }[] {
  return [...text.matchAll(new RegExp(`<${tag}([^>]*)>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => ({
    attributes: m[1]!,
    body: m[2]!,
  }))
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

describe('scriptSafeJson', () => {
  test('escapes what could end the block or a line in it, and parses back to the same value', () => {
    const value = { a: '</script><!-- & -->', b: '\u2028\u2029', c: ']]>' }
    const json = scriptSafeJson(value)
    expect(json).not.toMatch(/[<>&\u2028\u2029]/)
    expect(JSON.parse(json)).toEqual(value)
  })
})

describe('toHtml', () => {
  test('one document with the report as a JSON data block and the viewer inline; nothing from elsewhere', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true)
    const scripts = inline('script', html)
    expect(scripts).toHaveLength(2)
    expect(scripts[0]!.attributes).toBe(' type="application/json" id="report-data"')
    expect(JSON.parse(scripts[0]!.body)).toEqual(JSON.parse(JSON.stringify(report)))
    expect(scripts[1]!.attributes).toBe('')
    expect(html).not.toMatch(/\b(src|href)=/)
    expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/)
  })

  test('its Content-Security-Policy admits exactly its own script and style, nothing else', () => {
    const policy = reportPolicy()
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${policy}">`)
    expect(policy).toMatch(/^default-src 'none'; /)
    expect(policy).toContain(`script-src ${sha256(inline('script', html)[1]!.body)}`)
    expect(policy).toContain(`style-src ${sha256(inline('style', html)[0]!.body)}`)
    expect(policy).not.toContain('unsafe')
    // It comes before anything it governs.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'))
  })

  test('a hostile report: the endpoint text never appears raw, only inside the escaped data block', () => {
    const text = toHtml(hostileReport())
    const outside = text.replace(/<script type="application\/json" id="report-data">[\s\S]*?<\/script>/, '')
    expect(outside).not.toContain('__pwn')
    expect(inline('script', text)).toHaveLength(2)
    const data = inline('script', text)[0]!.body
    expect(data).not.toMatch(/[<>&\u2028\u2029]/)
    expect(JSON.parse(data).cases).toHaveLength(11)
  })

  test('the viewer builds the page from text nodes only', async () => {
    const viewer = await readFile(new URL('../../reporters/html/app.js', import.meta.url), 'utf8')
    expect(viewer).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/)
  })
})

describe('HtmlWriter', () => {
  let dir: string | undefined
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  test('writes report.html through the scrub', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oai-conformance-html-'))
    const scrub = (text: string) => text.replaceAll('chat.usage.totals', '[scrubbed]')
    const files = await new HtmlWriter().write(report, { dir, scrub, out: process.stdout, color: false, files: [] })
    expect(files).toEqual([path.join(dir, 'report.html')])
    const written = await readFile(files[0]!, 'utf8')
    expect(written).toBe(scrub(html))
    expect(written).toContain('[scrubbed]')
  })
})
