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
  toJUnitXml,
  UnknownWriterError,
  writeReports,
} from '../../reporters/index.ts'
import { buildReport } from '../../src/report/report.ts'
import { reportInput } from './fixtures/cases.ts'

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
    expect(() => createReportWriters(['json', 'html'])).toThrow(UnknownWriterError)
    expect(() => createReportWriters(['json', 'html'])).toThrow(
      'unknown report writer "html" (known: json, junit, terminal)',
    )
    // Not a built-in because it is a property every object has.
    expect(() => createReportWriters(['toString'])).toThrow(UnknownWriterError)
  })

  test('the default set is json, junit, then the terminal summary, one instance of each class', () => {
    expect(DEFAULT_WRITERS).toEqual(['json', 'junit', 'terminal'])
    const writers = createReportWriters()
    expect(writers.map((writer) => writer.name)).toEqual(['json', 'junit', 'terminal'])
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
  test('the default set writes report.json and junit.xml, then the summary listing them, all scrubbed', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oai-conformance-writers-'))
    const out = sink()
    const secret = dir
    const scrub = (text: string) => text.replaceAll(secret, '[dir]').replaceAll('chat.basic', 'CHAT.BASIC')
    const files = await writeReports(report, createReportWriters(), { dir, scrub, out: out.stream, color: false })

    const json = path.join(dir, 'report.json')
    const junit = path.join(dir, 'junit.xml')
    expect(files).toEqual([json, junit])
    expect((await readdir(dir)).sort()).toEqual(['junit.xml', 'report.json'])
    expect(await readFile(json, 'utf8')).toBe(scrub(toJsonReport(report)))
    expect(await readFile(junit, 'utf8')).toBe(scrub(toJUnitXml(report)))
    expect(out.text()).toBe(scrub(formatSummary(report, { files, color: false })))
    expect(await readFile(json, 'utf8')).toContain('CHAT.BASIC')
    expect(out.text()).toContain('Reports: [dir]/report.json, [dir]/junit.xml')
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
