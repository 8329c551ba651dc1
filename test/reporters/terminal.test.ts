import { PassThrough } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { buildReport } from '../../src/report/report.ts'
import { createProgressPrinter, formatSummary, printable, useColor } from '../../reporters/terminal.ts'
import { ALL_CASES, FAIL, INCONCLUSIVE, PASS, SKIP, WARN, reportInput } from './fixtures/cases.ts'

/** A stream that remembers what was written; `isTTY` as asked. */
function sink(isTTY = false) {
  const stream = Object.assign(new PassThrough(), { isTTY })
  let written = ''
  stream.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')))
  return { stream, text: () => written }
}

const ESC = '\x1b'

describe('formatSummary', () => {
  const summary = formatSummary(buildReport(reportInput()), { files: ['/r/report.json', '/r/junit.xml'] })
  const lines = summary.split('\n')

  test('one line of the tokens the run consumed', () => {
    const usage = { prompt: 12, completion: 3, total: 15 }
    const cases = [{ ...PASS, exchanges: PASS.exchanges.map((e) => ({ ...e, usage })) }]
    const text = formatSummary(buildReport(reportInput({ cases })))
    expect(text.split('\n')).toContain('tokens: 12 prompt + 3 completion = 15 (the usage 1 responses reported)')
  })

  test('no colour by default', () => {
    expect(summary).not.toContain(ESC)
  })

  test('a table row per capability, then totals', () => {
    expect(lines).toContain('capability  status        passed  failed  warned  skipped  inconclusive')
    expect(lines).toContain('chat        fail               1       1       0        0             0')
    expect(lines).toContain('tools       inconclusive       0       0       0        0             1')
    const images =
      'images      skip               0       0       0        0             0  (no images model configured)'
    expect(lines).toContain(images)
    expect(lines).toContain('total       fail               1       1       1        1             1')
    expect(lines.indexOf('total       fail               1       1       1        1             1')).toBeGreaterThan(
      lines.indexOf(images),
    )
  })

  test('failures grouped by check: id, level, the cases it hit, its spec ref, its first evidence once', () => {
    const failures = summary.slice(summary.indexOf('Failures (2 checks in 1 case)'), summary.indexOf('Inconclusive'))
    expect(failures).toContain(
      [
        `  chat.usage.total (required): 1 case: ${FAIL.id}`,
        '      spec: createChatCompletion #/components/schemas/CompletionUsage',
        `      bad <tag> & "quotes" 'apos' \\u0001 bell\\u0007 ]]> end`,
        '        - at /usage/total_tokens: total_tokens is not prompt + completion (actual: 3, expected: 5)',
      ].join('\n'),
    )
    expect(failures).toContain(`  chat.response.schema (required): 1 case: ${FAIL.id}`)
  })

  test('inconclusive cases and warnings have their own sections', () => {
    expect(summary).toContain(`Inconclusive (1)\n  ${INCONCLUSIVE.id}  http.transport.ok: timed out after 60000 ms`)
    expect(summary).toContain('Warnings (2 checks in 2 cases)')
    expect(summary).toContain(`  sse.done.terminator (recommended): 1 case: ${WARN.id}`)
  })

  test('then the certification with the point in time it holds for, then where the reports are', () => {
    const report = buildReport(reportInput())
    expect(summary).toContain(`\nCertification: ${report.certification.headline}\n  ${report.certification.checked}\n`)
    expect(summary).toContain(
      'Checked 2026-01-02T03:04:05.678Z with oai-conformance 0.1.0 against the OpenAI spec 2.3.0',
    )
    expect(lines.at(-2)).toBe('Reports: /r/report.json, /r/junit.xml')
  })

  test('an all-pass run has no problem sections', () => {
    const clean = formatSummary(buildReport(reportInput({ cases: [PASS, SKIP] })))
    expect(clean).not.toMatch(/Failures|Inconclusive|Warnings|Reports|--verbose/)
  })

  test('a failing case without failing checks is still listed, with its reason', () => {
    const odd = formatSummary(
      buildReport(reportInput({ cases: [{ ...PASS, status: 'fail', checks: [], reason: 'the SDK threw' }] })),
    )
    expect(odd).toContain(`Failures (1 case without a failing check in 1 case)\n  ${PASS.id}  the SDK threw`)
  })

  test('one root cause across many cases is one entry listing them, its message said once', () => {
    const cases = Array.from({ length: 12 }, (_, i) => ({ ...FAIL, id: `streaming.case-${i}` }))
    const grouped = formatSummary(buildReport(reportInput({ cases })))
    const ids = cases.slice(0, 8).map((c) => c.id)
    expect(grouped).toContain(`  chat.usage.total (required): 12 cases: ${ids.join(', ')}, +4 more\n`)
    expect(grouped.split('bad <tag>')).toHaveLength(2)
    expect(grouped).toContain('--verbose lists every finding of every case')
  })

  test('a finding that repeats its check message keeps only where and what', () => {
    const check = FAIL.checks[0]!
    const echo = {
      ...FAIL,
      checks: [
        {
          ...check,
          message: 'wrong type',
          evidence: { ...check.evidence!, findings: [{ message: 'wrong type', at: '/id', actual: 1 }] },
        },
      ],
    }
    const text = formatSummary(buildReport(reportInput({ cases: [echo] })))
    expect(text).toContain('      wrong type\n        - at /id: actual: 1\n')
    expect(text.split('wrong type')).toHaveLength(2)
  })

  test('--verbose: every failing check of every case with all its findings', () => {
    const cases = [FAIL, { ...FAIL, id: 'chat.other' }]
    const verbose = formatSummary(buildReport(reportInput({ cases })), { verbose: true })
    const failures = verbose.slice(verbose.indexOf('Failures (4)'))
    for (const id of [FAIL.id, 'chat.other']) {
      expect(failures).toContain(
        `  ${id}  chat.usage.total (required): bad <tag> & "quotes" 'apos' \\u0001 bell\\u0007 ]]> end`,
      )
      expect(failures).toContain(`  ${id}  chat.response.schema (required): missing "choices"`)
    }
    expect(failures).toContain(
      '      - at /usage/total_tokens: total_tokens is not prompt + completion (actual: 3, expected: 5)',
    )
    expect(verbose).not.toContain('--verbose lists')
  })

  test('colour when asked', () => {
    expect(formatSummary(buildReport(reportInput()), { color: true })).toContain(`${ESC}[31m`)
  })
})

describe('printable', () => {
  test('control characters from the target cannot drive the terminal', () => {
    expect(printable(`a${ESC}[2Jb\nc\u009bd`)).toBe('a\\u001b[2Jb\\u000ac\\u009bd')
  })
})

describe('createProgressPrinter', () => {
  test('not live: a line per failing or inconclusive case, nothing for others', () => {
    const { stream, text } = sink()
    const printer = createProgressPrinter(stream, 5, { color: false })
    for (const result of ALL_CASES) printer.onCase(result)
    printer.done()
    expect(text()).toBe(
      `[2/5] fail ${FAIL.id}  chat.usage.total: bad <tag> & "quotes" 'apos' \\u0001 bell\\u0007 ]]> end\n` +
        `[5/5] inconclusive ${INCONCLUSIVE.id}  http.transport.ok: timed out after 60000 ms\n`,
    )
  })

  test('live: a counter redrawn in place, cleared for a failure line and at the end', () => {
    const { stream, text } = sink(true)
    const printer = createProgressPrinter(stream, 0, { color: false })
    printer.setTotal(2)
    printer.onCase(PASS)
    printer.onCase(FAIL)
    printer.done()
    const clear = '\r\x1b[2K'
    expect(text()).toBe(
      `${clear}[1/2] 1 passed, 0 failed, 0 warned, 0 skipped, 0 inconclusive` +
        `${clear}[2/2] fail ${FAIL.id}  chat.usage.total: bad <tag> & "quotes" 'apos' \\u0001 bell\\u0007 ]]> end\n` +
        `${clear}[2/2] 1 passed, 1 failed, 0 warned, 0 skipped, 0 inconclusive` +
        clear,
    )
  })

  test('the counter never shows more done than expected', () => {
    const { stream, text } = sink()
    const printer = createProgressPrinter(stream, 0, { color: false })
    printer.onCase(FAIL)
    expect(text()).toMatch(/^\[1\/1\] fail /)
  })

  test('run errors are printed', () => {
    const { stream, text } = sink()
    createProgressPrinter(stream, 0, { color: false }).onRunError('suites/x.ts: SyntaxError')
    expect(text()).toBe('run error suites/x.ts: SyntaxError\n')
  })
})

describe('useColor', () => {
  const tty = { isTTY: true } as unknown as NodeJS.WritableStream
  const pipe = { isTTY: false } as unknown as NodeJS.WritableStream
  test.each([
    [tty, {}, true],
    [pipe, {}, false],
    [tty, { NO_COLOR: '1' }, false],
    [tty, { NO_COLOR: '' }, true],
    [pipe, { FORCE_COLOR: '1' }, true],
    [tty, { FORCE_COLOR: '0' }, true],
    [pipe, { FORCE_COLOR: '0' }, false],
    [tty, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
  ])('%#', (stream, env, expected) => {
    expect(useColor(stream, env)).toBe(expected)
  })
})
