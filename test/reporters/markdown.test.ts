/** report.md: verdict, levels, capability table, failures by root cause with evidence; endpoint text inert. */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { codeBlock, escapeMarkdown, MarkdownWriter, toMarkdown } from '../../reporters/markdown.ts'
import { scrubbedReport } from '../../reporters/write-file.ts'
import { buildReport } from '../../src/report/report.ts'
import { FAIL, reportInput } from './fixtures/cases.ts'
import { hostileReport, PAYLOADS } from './hostile-fixture.ts'

const report = buildReport(reportInput())
const markdown = toMarkdown(report)

describe('toMarkdown', () => {
  test('opens with the target, the verdict and the point in time it holds for', () => {
    const lines = markdown.split('\n')
    expect(lines[0]).toBe('# OpenAI API conformance: local')
    expect(lines[2]).toBe(`**❌ ${report.certification.headline}**`)
    expect(lines[4]).toBe(`> ${report.certification.checked}`)
    expect(markdown).toContain('oai-conformance 0.1.0')
    expect(markdown).toContain('f85dbe223d40e1a31cba812ab2d755c7e98a92a3')
    expect(markdown).toContain('models: chat=m, embeddings=e')
  })

  test('a table of levels and one of capabilities, with counts and statuses', () => {
    expect(markdown).toContain('| Chat core | ❌ failed |')
    expect(markdown).toContain('| chat | ❌ failed | ❌ fail | 2 | 1 | 1 | 0 | 0 | 0 |')
    expect(markdown).toContain('| tools | ❔ incomplete | ❔ inconclusive | 1 | 0 | 0 | 0 | 0 | 1 |')
    expect(markdown).toContain('| images | ➖ untested | ⏭️ skip | 0 | 0 | 0 | 0 | 0 | 0 |')
  })

  test('failures by check: id, level, cases, spec, message, findings, then the request and response', () => {
    const section = markdown.slice(markdown.indexOf('### `chat.usage.total`'))
    expect(section).toMatch(/^### `chat.usage.total` \(required\): 1 case\n/)
    expect(section).toContain('- **spec**: createChatCompletion #/components/schemas/CompletionUsage')
    expect(section).toContain(`- **cases**: \`${FAIL.id}\``)
    expect(section).toContain(
      `- **message** (${FAIL.id}): bad &lt;tag&gt; &amp; "quotes" 'apos' \\\\u0001 bell\\\\u0007 \\]\\]&gt; end`,
    )
    expect(section).toContain(
      '  - at /usage/total\\_tokens: total\\_tokens is not prompt + completion (actual: 3, expected: 5)',
    )
    expect(section).toContain('Request: POST http://127.0.0.1:1/v1/chat/completions')
    expect(section).toContain('```json\n{\n  "model": "m"\n}\n```')
    expect(section).toContain('Response: 200 application/json')
    expect(section).toContain('"total_tokens": 3')
    expect(markdown).toContain('## Failures: 2 checks in 1 cases')
    expect(markdown).toContain('## Warnings: 2 checks in 2 cases')
    expect(markdown).toContain('## Inconclusive: 1 cases')
  })

  test('one root cause over many cases is one section listing them', () => {
    const many = buildReport(reportInput({ cases: Array.from({ length: 30 }, (_, i) => ({ ...FAIL, id: `c.${i}` })) }))
    const text = toMarkdown(many)
    expect(text.match(/^### `chat.usage.total`/gm)).toHaveLength(1)
    expect(text).toContain('### `chat.usage.total` (required): 30 cases')
    expect(text).toContain('`c.19`, +10 more')
  })

  test('every case in a collapsed list', () => {
    expect(markdown).toContain('<summary>All 5 cases</summary>')
    expect(markdown).toContain(`| \`${FAIL.id}\` | chat | ❌ fail | Usage adds up |`)
  })
})

describe('endpoint text is inert Markdown', () => {
  test('escapeMarkdown: no HTML, emphasis, code, link, image, cell or strikethrough can open; one line', () => {
    expect(escapeMarkdown('<script>a|b</script> `c` *d* _e_ [f](javascript:x) ![g](h) ~~i~~ \\ &amp;')).toBe(
      '&lt;script&gt;a\\|b&lt;/script&gt; \\`c\\` \\*d\\* \\_e\\_ \\[f\\](javascript:x) !\\[g\\](h) \\~\\~i\\~\\~ \\\\ &amp;amp;',
    )
    expect(escapeMarkdown('a\nb\r\nc\u2028d\u0007')).toBe('a b c d\\\\u0007')
    expect(escapeMarkdown('# h')).toBe('\\# h')
    expect(escapeMarkdown('- x')).toBe('\\- x')
    expect(escapeMarkdown('12. x')).toBe('12\\. x')
  })

  test('codeBlock: the content cannot close the fence', () => {
    expect(codeBlock('a ``` b ```` c')).toBe('`````\na ``` b ```` c\n`````')
    expect(codeBlock('plain', 'json')).toBe('```json\nplain\n```')
  })

  test('a hostile report: no raw tag, every table row keeps its columns, every fence closes', () => {
    const text = toMarkdown(hostileReport())
    // Outside code blocks, no `<` but those of the report's own <details>/<summary> and autolinks.
    const prose = text.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '')
    const tags = [...prose.matchAll(/<\/?([a-z]+)/gi)].map((match) => match[1]!.toLowerCase())
    expect(new Set(tags)).toEqual(new Set(['details', 'summary']))
    expect(prose).not.toMatch(/<https?:[^>]*[<"']/)
    // Table rows: unescaped pipes are exactly the column separators.
    for (const line of text.split('\n').filter((l) => l.startsWith('| '))) {
      const header = text
        .split('\n')
        .find((l) => l.startsWith('| ') && l.split(' | ').length === line.split(' | ').length)
      expect(line.replace(/\\\|/g, '').split('|').length, line).toBe(header!.split('|').length)
    }
    // Fences pair up: what opens a block is closed by a fence of the same length.
    const fences = text.split('\n').filter((l) => /^`{3,}/.test(l))
    expect(fences.length % 2).toBe(0)
    for (let i = 0; i < fences.length; i += 2) expect(fences[i + 1]).toBe(fences[i]!.match(/^`+/)![0])
    // The payloads are there, as text.
    expect(text).toContain('&lt;img src=x onerror="window.\\_\\_pwned')
    expect(PAYLOADS.length).toBeGreaterThan(5)
  })
})

describe('MarkdownWriter', () => {
  let dir: string | undefined
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  test('writes report.md through the scrub', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oai-conformance-md-'))
    const scrub = (text: string) => text.replaceAll('local', '[target]')
    const files = await new MarkdownWriter().write(report, { dir, scrub, out: process.stdout, color: false, files: [] })
    expect(files).toEqual([path.join(dir, 'report.md')])
    // The model is scrubbed before rendering (escaping cannot respell a secret past it), the text after.
    expect(await readFile(files[0]!, 'utf8')).toBe(scrub(toMarkdown(scrubbedReport(report, scrub))))
    expect(await readFile(files[0]!, 'utf8')).toContain('# OpenAI API conformance: \\[target\\]')
  })
})
