/**
 * report.html in a real browser: a report built from an endpoint that answers with script,
 * event handlers, `javascript:` links and `</script>` inside JSON is opened in headless
 * Chromium (Debian's package; `.ci/run` installs it). Nothing may run: no payload sets
 * `window.__pwned`, calls the page's `__pwn` binding, opens a dialog, makes a request or
 * trips the Content-Security-Policy; and every payload is on the page as text.
 *
 * It runs twice: as written, and with the CSP meta removed, so the escaping is proven on its
 * own and not only behind the policy.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { toHtml } from '../../reporters/html.ts'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/headless-chromium.ts'
import { hostileReport, PAYLOADS } from './hostile-fixture.ts'

const CHROMIUM = CHROMIUM_PATH
const ARGS = [...CHROMIUM_ARGS]

const available = existsSync(CHROMIUM)
if (!available) console.warn(`report.html browser test skipped: ${CHROMIUM} is absent (apt-get install chromium)`)

interface Visit {
  /** Calls of the `__pwn` binding, by payload name. */
  pwned: string[]
  /** `window.__pwned` after everything was expanded. */
  flag: unknown
  dialogs: string[]
  /** Requests other than the report file itself. */
  requests: string[]
  /** Console errors and page errors (a CSP violation is one). */
  errors: string[]
  text: string
  /** Elements no report draws: what an injection would leave behind. */
  foreign: string[]
  scripts: number
  shown: string
}

describe.skipIf(!available)(`report.html in headless Chromium (${CHROMIUM})`, () => {
  let dir: string
  let html: string

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oai-conformance-html-'))
    html = toHtml(hostileReport())
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  async function visit(file: string, { report = true } = {}): Promise<Visit> {
    const profile = await mkdtemp(path.join(dir, 'profile-'))
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ARGS,
      offline: true,
    })
    try {
      const visit: Visit = {
        pwned: [],
        flag: undefined,
        dialogs: [],
        requests: [],
        errors: [],
        text: '',
        foreign: [],
        scripts: 0,
        shown: '',
      }
      await context.exposeBinding('__pwn', (_source, name: string) => void visit.pwned.push(String(name)))
      const page = context.pages()[0] ?? (await context.newPage())
      const url = pathToFileURL(file).href
      page.on('dialog', (dialog) => {
        visit.dialogs.push(dialog.message())
        void dialog.dismiss()
      })
      page.on('request', (request) => {
        if (request.url() !== url) visit.requests.push(request.url())
      })
      page.on('console', (message) => {
        if (message.type() === 'error') visit.errors.push(message.text())
      })
      page.on('pageerror', (error) => visit.errors.push(error.message))
      await page.goto(url)
      // The viewer marks the page when it has drawn the report.
      if (report) await page.waitForSelector('html[data-ready]', { timeout: 15_000 })
      // Open every case (and every folded evidence), follow every link the report drew.
      if (report) await page.getByRole('button', { name: 'expand all' }).click()
      await page.evaluate(() => {
        for (const details of document.querySelectorAll('details')) details.open = true
      })
      for (const link of await page.locator('a').all()) await link.click({ timeout: 2_000 }).catch(() => undefined)
      await page.waitForTimeout(200)
      Object.assign(
        visit,
        await page.evaluate(() => ({
          flag: (window as { __pwned?: unknown }).__pwned,
          text: document.getElementById('app')?.textContent ?? '',
          foreign: [
            ...document.querySelectorAll(
              'img, iframe, svg, object, embed, form, base, link, meta[http-equiv="refresh"], [onload], [onerror], [onclick], [srcdoc], a[href^="javascript"]',
            ),
          ].map((element) => element.outerHTML.slice(0, 120)),
          scripts: document.scripts.length,
          shown: document.getElementById('shown')?.textContent ?? '',
        })),
      )
      return visit
    } finally {
      await context.close()
    }
  }

  function expectInert(visit: Visit) {
    expect(visit.pwned).toEqual([])
    expect(visit.flag).toBeUndefined()
    expect(visit.dialogs).toEqual([])
    expect(visit.requests).toEqual([])
    expect(visit.errors).toEqual([])
    expect(visit.foreign).toEqual([])
    // The data block and the viewer, nothing else.
    expect(visit.scripts).toBe(2)
  }

  function expectPayloadsAsText(visit: Visit) {
    // The whole report was read (a `</script>` in the data would have cut it short).
    expect(visit.shown).toBe('11 of 11 cases shown')
    for (const payload of PAYLOADS.slice(0, 7)) expect(visit.text).toContain(payload)
    expect(visit.text).toContain('[link](javascript:alert(1)) ![img](x) **bold** `code`')
  }

  test('control: the same visit sees a payload that does run', async () => {
    const file = path.join(dir, 'control.html')
    await writeFile(
      file,
      `<!doctype html><main id="app"></main><img src=x onerror="window.__pwned = 1; __pwn('control')">`,
    )
    const result = await visit(file, { report: false })
    expect(result.pwned).toEqual(['control'])
    expect(result.flag).toBe(1)
    expect(result.foreign).toHaveLength(1)
  }, 60_000)

  test('as written: nothing runs, every payload is text', async () => {
    const file = path.join(dir, 'report.html')
    await writeFile(file, html)
    const result = await visit(file)
    expectInert(result)
    expectPayloadsAsText(result)
  }, 60_000)

  test('without its Content-Security-Policy: the escaping alone keeps it inert', async () => {
    const file = path.join(dir, 'report-no-csp.html')
    const withoutPolicy = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, '')
    expect(withoutPolicy).not.toContain('Content-Security-Policy')
    await writeFile(file, withoutPolicy)
    const result = await visit(file)
    expectInert(result)
    expectPayloadsAsText(result)
  }, 60_000)
})
