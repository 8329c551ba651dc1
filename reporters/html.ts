/**
 * `report.html`: one self-contained file, readable from disk with no network: the verdict and
 * the levels, a card per capability, failures and warnings by check, and every case with its
 * findings, its exchanges (request body, response, the stream's events with arrival times),
 * filterable by status, capability and check level.
 *
 * Safety against a hostile endpoint, in two layers:
 * - The report travels as JSON in a `<script type="application/json">` data block, with `<`,
 *   `>`, `&`, U+2028 and U+2029 escaped (so no `</script>` or comment can end it), and the
 *   viewer (`html/app.js`) builds the page with `createElement` and text nodes only.
 * - A Content-Security-Policy allows only this page's own script and style (by hash): no
 *   inline handler, no other script, no network, no frames, no forms.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Report } from '../src/report/report.ts'
import { canonicalReport } from '../src/report/report.ts'
import { FileReportWriter, type FileWriterOptions } from './write-file.ts'

export const HTML_REPORT_FILE = 'report.html'

const asset = (name: string) => readFileSync(new URL(`./html/${name}`, import.meta.url), 'utf8').trimEnd()

let assets: { script: string; style: string } | undefined

/** The viewer's script and stylesheet, read once. */
function viewer(): { script: string; style: string } {
  if (!assets) {
    assets = { script: `\n${asset('app.js')}\n`, style: `\n${asset('style.css')}\n` }
    // The page embeds them raw: neither may end its own element.
    if (/<\/script/i.test(assets.script) || /<\/style/i.test(assets.style))
      throw new Error('the HTML report viewer contains the end of its own element')
  }
  return assets
}

/**
 * JSON that is inert inside a `<script>` data block: `<`, `>` and `&` as `\u` escapes (no
 * `</script>`, `<!--` or `]]>` can appear), and the line separators U+2028 / U+2029 too.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/** `'sha256-…'`: a CSP source for exactly this inline text. */
function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
}

/** The Content-Security-Policy of the report: its own script and style by hash, nothing else. */
export function reportPolicy(): string {
  const { script, style } = viewer()
  return [
    "default-src 'none'",
    `script-src ${cspHash(script)}`,
    `style-src ${cspHash(style)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
  ].join('; ')
}

/** The report as one HTML document. */
export function toHtml(report: Report): string {
  const { script, style } = viewer()
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${reportPolicy()}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<title>oai-conformance report</title>',
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    '<main id="app"><noscript>This report is drawn by its own inline script, which is off: report.md holds the same results.</noscript></main>',
    `<script type="application/json" id="report-data">${scriptSafeJson(canonicalReport(report))}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

export interface HtmlWriterOptions extends FileWriterOptions {
  /**
   * The file's name inside the report folder.
   * @default 'report.html'
   */
  file?: string
}

/** The `html` writer: `report.html` in the report folder. */
export class HtmlWriter extends FileReportWriter {
  constructor(options: HtmlWriterOptions = {}) {
    super('html', options.file ?? HTML_REPORT_FILE, toHtml)
  }
}
