/** The report writers by name (`ReportWritersMap`) and `writeReports`, which runs a set of them. */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, test } from 'vitest'
import {
  createReportWriters,
  DEFAULT_WRITERS,
  formatSummary,
  type ReportWriter,
  ReportWritersMap,
  toJsonReport,
  toHtml,
  toJUnitXml,
  toMarkdown,
  UnknownWriterError,
  writeReports,
} from '../../reporters/index.ts'
import { buildReport } from '../../src/report/report.ts'
import { CAPABILITIES } from '../../src/core/capabilities.ts'
import { FAIL, reportInput } from './fixtures/cases.ts'

let dir: string | undefined
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

/** A stream that remembers what was written. */
function sink() {
  const stream = new PassThrough()
  let written = ''
  stream.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')))
  return { stream, text: () => written }
}

const report = buildReport(reportInput())

describe('createReportWriters', () => {
  test('an unknown name is rejected, naming the known ones', () => {
    expect(() => createReportWriters(['json', 'pdf'])).toThrow(UnknownWriterError)
    expect(() => createReportWriters(['json', 'pdf'])).toThrow(
      'unknown report writer "pdf" (known: json, junit, markdown, html, badges, terminal)',
    )
    // Not a built-in because it is a property every object has.
    expect(() => createReportWriters(['toString'])).toThrow(UnknownWriterError)
  })

  test('the default set is json, junit, markdown, html, badges, then the terminal summary, one instance of each class', () => {
    expect(DEFAULT_WRITERS).toEqual(['json', 'junit', 'markdown', 'html', 'badges', 'terminal'])
    const writers = createReportWriters()
    expect(writers.map((writer) => writer.name)).toEqual(['json', 'junit', 'markdown', 'html', 'badges', 'terminal'])
    writers.forEach((writer, i) => expect(writer).toBeInstanceOf(ReportWritersMap[DEFAULT_WRITERS[i]!]))
  })

  test('a name with options, and a custom instance, are taken as given', () => {
    const custom: ReportWriter = { name: 'custom', write: async () => [] }
    const writers = createReportWriters([['json', { file: 'other.json' }], custom])
    expect(writers[0]).toBeInstanceOf(ReportWritersMap.json)
    expect(writers[1]).toBe(custom)
  })
})

describe('writeReports', () => {
  test('the default set writes every report file, then the summary listing them, all scrubbed', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oai-conformance-writers-'))
    const out = sink()
    const secret = dir
    const scrub = (text: string) => text.replaceAll(secret, '[dir]').replaceAll('chat.basic', 'CHAT.BASIC')
    const files = await writeReports(report, createReportWriters(), { dir, scrub, out: out.stream, color: false })

    const file = (name: string) => path.join(dir!, name)
    const badges = ['overall', ...CAPABILITIES].map((name) => file(`badges/${name}.svg`))
    expect(files).toEqual([file('report.json'), file('junit.xml'), file('report.md'), file('report.html'), ...badges])
    expect((await readdir(dir)).sort()).toEqual(['badges', 'junit.xml', 'report.html', 'report.json', 'report.md'])
    expect(await readFile(file('report.json'), 'utf8')).toBe(scrub(toJsonReport(report)))
    expect(await readFile(file('junit.xml'), 'utf8')).toBe(scrub(toJUnitXml(report)))
    expect(await readFile(file('report.md'), 'utf8')).toBe(scrub(toMarkdown(report)))
    expect(await readFile(file('report.html'), 'utf8')).toBe(scrub(toHtml(report)))
    expect(out.text()).toBe(scrub(formatSummary(report, { files, color: false })))
    expect(await readFile(file('report.json'), 'utf8')).toContain('CHAT.BASIC')
    expect(out.text()).toContain(
      'Reports: [dir]/report.json, [dir]/junit.xml, [dir]/report.md, [dir]/report.html, [dir]/badges/ (11 files)',
    )
  })

  test('no writer bypasses the scrub: a secret everywhere in the report is nowhere in what they write', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oai-conformance-writers-'))
    // `_`, `*` and `&` are what Markdown and XML escape: the key must not survive respelled.
    const key = 'sk-proj_SECRET*0123&4567'
    const leaky = buildReport(
      reportInput({
        target: { name: key, baseURL: `http://127.0.0.1:1/v1?key=${key}`, models: { chat: key } },
        cases: [{ ...FAIL, title: key, reason: key, checks: FAIL.checks.map((c) => ({ ...c, message: key })) }],
      }),
    )
    const out = sink()
    const scrub = (text: string) => text.replaceAll(key, '[REDACTED]')
    const names = Object.keys(ReportWritersMap) as (keyof typeof ReportWritersMap)[]
    const files = await writeReports(leaky, createReportWriters(names), { dir, scrub, out: out.stream, color: false })
    expect(files.length).toBeGreaterThan(4)
    for (const written of files) expect(await readFile(written, 'utf8'), written).not.toContain(key)
    expect(out.text()).not.toContain(key)
    expect(out.text()).toContain('[REDACTED]')
  })

  test('each writer sees the files of those before it; options name the file', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oai-conformance-writers-'))
    const seen: (readonly string[])[] = []
    const spy: ReportWriter = {
      name: 'spy',
      write: async (_report, context) => {
        seen.push(context.files)
        return []
      },
    }
    const writers = createReportWriters([spy, ['junit', { file: 'ci/junit-a.xml' }], spy])
    const files = await writeReports(report, writers, { dir, scrub: (t) => t, out: sink().stream, color: false })
    expect(files).toEqual([path.join(dir, 'ci', 'junit-a.xml')])
    expect(seen).toEqual([[], files])
  })
})
