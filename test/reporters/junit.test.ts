import { readFile } from 'node:fs/promises'
import path from 'node:path'
import os from 'node:os'
import { mkdtemp, rm } from 'node:fs/promises'
import { describe, expect, test } from 'vitest'
import { toJUnitXml, writeJUnitReport } from '../../reporters/junit.ts'
import { buildReport } from '../../src/report/report.ts'
import { escapeAttribute, escapeText } from '../../reporters/xml.ts'
import { FAIL, INCONCLUSIVE, NASTY, PASS, SKIP, WARN, reportInput } from './fixtures/cases.ts'
import { findAll, parseXml } from './xml-parse.ts'
import type { XmlNode } from './xml-parse.ts'

const report = buildReport(reportInput())
const xml = toJUnitXml(report)
const root = parseXml(xml)

function testcase(id: string): XmlNode {
  const found = findAll(root, 'testcase').filter((node) => node.attributes.name!.startsWith(`${id}: `))
  expect(found).toHaveLength(1)
  return found[0]!
}

/** What the writer promises for text XML cannot carry: a visible \uXXXX instead. */
const visible = (text: string) => text.replace(/\u0001/g, '\\u0001').replace(/\u0007/g, '\\u0007')

describe('toJUnitXml', () => {
  test('is well-formed XML with totals on <testsuites>', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true)
    expect(root.name).toBe('testsuites')
    expect(root.attributes).toMatchObject({
      tests: '5',
      failures: '1',
      errors: '1',
      skipped: '1',
      time: '61.234',
      timestamp: '2026-01-02T03:04:05.678Z',
    })
  })

  test('one <testsuite> per capability, with its counts', () => {
    const suites = findAll(root, 'testsuite')
    expect(suites.map((s) => s.attributes.name)).toEqual([
      'models',
      'chat',
      'streaming',
      'tools',
      'embeddings',
      'images',
    ])
    expect(suites[1]!.attributes).toMatchObject({ tests: '2', failures: '1', errors: '0', skipped: '0', time: '0.200' })
    const images = suites[5]!
    expect(images.attributes.tests).toBe('0')
    expect(findAll(images, 'property').find((p) => p.attributes.name === 'skipped')?.attributes.value).toBe(
      'no images model configured',
    )
  })

  test('one <testcase> per case: classname = capability, name = "id: title", time in seconds', () => {
    expect(findAll(root, 'testcase')).toHaveLength(5)
    expect(testcase(PASS.id).attributes).toEqual({
      classname: 'chat',
      name: `${PASS.id}: ${PASS.title}`,
      time: '0.120',
    })
    expect(testcase(PASS.id).children).toEqual([])
  })

  test('fail -> <failure> typed by the first failing check, listing every failing check with spec ref and findings', () => {
    const node = testcase(FAIL.id)
    const failure = node.children.find((child) => child.name === 'failure')!
    expect(failure.attributes.type).toBe('chat.usage.total')
    expect(failure.attributes.message).toBe(`chat.usage.total: ${visible(NASTY)} (and 1 more failing checks)`)
    expect(failure.text).toContain(`chat.usage.total (required): ${visible(NASTY)}`)
    expect(failure.text).toContain('spec: createChatCompletion #/components/schemas/CompletionUsage')
    expect(failure.text).toContain(
      'at /usage/total_tokens: total_tokens is not prompt + completion (actual: 3, expected: 5)',
    )
    expect(failure.text).toContain('chat.response.schema (required): missing "choices"')
    expect(failure.text).not.toContain('chat.response.id-prefix')
    // Its warning still shows, beside the failure.
    expect(node.children.find((child) => child.name === 'system-out')?.text).toContain(
      'chat.response.id-prefix (recommended)',
    )
  })

  test('warn -> a passing testcase whose <system-out> lists the warnings', () => {
    const node = testcase(WARN.id)
    expect(node.children.map((child) => child.name)).toEqual(['system-out'])
    expect(node.children[0]!.text).toContain('sse.done.terminator (recommended): no data: [DONE] line')
    expect(node.children[0]!.text).toContain('spec: https://platform.openai.com/docs/api-reference/chat-streaming')
  })

  test('inconclusive -> <error>', () => {
    const [error] = testcase(INCONCLUSIVE.id).children
    expect(error).toMatchObject({
      name: 'error',
      attributes: { type: 'inconclusive', message: 'http.transport.ok: timed out after 60000 ms' },
    })
    expect(error!.text).toContain('transport error: timeout')
    expect(error!.text).toContain('-> no response after 2 retries')
  })

  test('skip -> <skipped message>', () => {
    expect(testcase(SKIP.id).children).toEqual([
      { name: 'skipped', attributes: { message: 'no embeddings model configured' }, children: [], text: '' },
    ])
  })

  test('a title with markup and control characters survives as an attribute', () => {
    const nasty = buildReport(reportInput({ cases: [{ ...PASS, title: `${NASTY}\nline2\ttab` }] }))
    const parsed = parseXml(toJUnitXml(nasty))
    expect(findAll(parsed, 'testcase')[0]!.attributes.name).toBe(`${PASS.id}: ${visible(NASTY)}\nline2\ttab`)
  })
})

describe('XML escaping', () => {
  test('text: markup escaped, `]]>` impossible, CR kept', () => {
    expect(escapeText(`a<b>&c]]>\r\n`)).toBe('a&lt;b&gt;&amp;c]]&gt;&#13;\n')
  })

  test('attributes: quotes and whitespace escaped', () => {
    expect(escapeAttribute(`"'<&>\t\n\r`)).toBe('&quot;&apos;&lt;&amp;&gt;&#9;&#10;&#13;')
  })

  test('characters XML 1.0 cannot carry become visible \\uXXXX; others are kept', () => {
    expect(escapeText('a\u0000b\u001fc\ud800d\uffffe')).toBe('a\\u0000b\\u001fc\\ud800d\\uffffe')
    expect(escapeText('é \u{1F600} \u00a0')).toBe('é \u{1F600} \u00a0')
    expect(() => parseXml(`<a t="${escapeAttribute('\u0000\ud800')}">${escapeText('\u0008\udc00')}</a>`)).not.toThrow()
  })

  test('the test reader itself rejects what is not well-formed', () => {
    for (const bad of [
      '<a>',
      '<a></b>',
      '<a x=1/>',
      '<a x="1" x="2"/>',
      '<a>&bogus;</a>',
      '<a>a & b</a>',
      '<a>\u0001</a>',
      '<a>&#1;</a>',
      '<a/><b/>',
      '<a x="<"/>',
    ]) {
      expect(() => parseXml(bad), bad).toThrow()
    }
  })
})

describe('writeJUnitReport', () => {
  test('writes dir/junit.xml (creating dir) and applies scrub to the text', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'oai-conformance-junit-'))
    try {
      const file = await writeJUnitReport(path.join(dir, 'nested'), report, {
        scrub: (text) => text.replaceAll('127.0.0.1', '[host]'),
      })
      expect(file).toBe(path.join(dir, 'nested', 'junit.xml'))
      const written = await readFile(file, 'utf8')
      expect(written).not.toContain('127.0.0.1')
      expect(written).toContain('[host]')
      expect(() => parseXml(written)).not.toThrow()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('junit properties', () => {
  test('each suite carries the certification and the point in time it holds for', () => {
    const report = buildReport(reportInput())
    const root = parseXml(toJUnitXml(report))
    const chat = findAll(root, 'testsuite').find((suite) => suite.attributes.name === 'chat')!
    const properties = Object.fromEntries(findAll(chat, 'property').map((p) => [p.attributes.name, p.attributes.value]))
    expect(properties).toMatchObject({
      tool: 'oai-conformance 0.1.0',
      models: 'chat=m, embeddings=e',
      startedAt: '2026-01-02T03:04:05.678Z',
      certification: report.certification.headline,
      checked: report.certification.checked,
      'capability.certification': expect.stringMatching(/^failed: 1 case failed required checks/),
    })
    expect(properties.spec).toContain('f85dbe223d40e1a31cba812ab2d755c7e98a92a3')
  })
})
