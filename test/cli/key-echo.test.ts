/**
 * The API key reaches no output, however the endpoint hands it back: cut in two at every
 * position, in stream content deltas, tool-call argument deltas, the messages of error
 * events, body chunks of an error message, and pairs of response headers; whole in a plain
 * reply. Neither the key nor any piece of it long enough to matter (so no pair of pieces
 * that rebuilds it) appears on the terminal or in any file of the report folder.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { MIN_SECRET_LENGTH } from '../../src/transport/index.ts'
import { REFERENCE_CHAT_MODEL } from '../../src/apis/reference.ts'
import { keyEchoChat, keyEchoModels, splitsOf, startHostileEndpoint } from '../hostile/endpoints.ts'
import { cleanEnv, runCli, tempDir } from '../support/cli.ts'

/** Random enough that no piece of it of MIN_SECRET_LENGTH characters occurs in a report by chance. */
const KEY = 'sk-echo-Q7vT2mXk9LpW4rZc8NbY'

/** Every string a report file holds (JSON members decoded, also the report an HTML page embeds; XML lines, entities undone). */
function stringsOf(file: string, text: string): string[] {
  if (file.endsWith('.html')) {
    const embedded = /<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/.exec(text)
    const page = embedded ? text.replace(embedded[0], '') : text
    return [...(embedded ? stringsOf('embedded.json', embedded[1]!) : []), ...stringsOf('page.xml', page)]
  }
  if (file.endsWith('.json')) {
    const out: string[] = []
    const walk = (v: unknown): void => {
      if (typeof v === 'string') out.push(v)
      else if (v && typeof v === 'object') for (const item of Object.values(v)) walk(item)
    }
    walk(JSON.parse(text))
    return out
  }
  const entities: Record<string, string> = { quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' }
  return text.replace(/&(quot|apos|lt|gt|amp);/g, (_, name: string) => entities[name]!).split('\n')
}

/** How the endpoint's events carry each piece of a cut key, as the raw evidence would show them. */
function eventForms([a, b]: [string, string]): string[] {
  const value = (name: string, v: string) => `"${name}":${JSON.stringify(v)}`
  return [
    value('content', a),
    value('content', b),
    value('arguments', a),
    value('arguments', b),
    value('message', `key ${a}`),
    value('message', `${b} rejected`),
  ]
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  )
}

test('a key echoed cut at every position, in every place, reaches no output', async () => {
  const endpoint = await startHostileEndpoint({ chat: keyEchoChat(), models: keyEchoModels })
  const reportDir = join(tempDir(), 'report')
  try {
    const result = await runCli(
      [
        'run',
        ...['--base-url', endpoint.url, '--api-key', KEY, '--model', `chat=${REFERENCE_CHAT_MODEL}`],
        ...['--only', 'models,chat,errors,streaming,tools', '--report-dir', reportDir],
        ...['--timeout', '10000', '--retries', '0'],
      ],
      { env: cleanEnv(), timeoutMs: 120_000 },
    )
    const files = filesUnder(reportDir)
    const names = files.map((file) => file.slice(reportDir.length + 1))
    for (const written of ['report.json', 'junit.xml', 'report.md', 'report.html', 'badges/overall.svg']) {
      expect(names).toContain(written)
    }
    const outputs: [string, string][] = [
      ['stdout', result.stdout],
      ['stderr', result.stderr],
      ...files.map((file): [string, string] => [file, readFileSync(file, 'utf8')]),
    ]
    // The run judged the echoes: the raw events are in the evidence, every piece of the key
    // in them (even one character) redacted where it stands.
    const report = readFileSync(join(reportDir, 'report.json'), 'utf8')
    expect(report).toContain('"content\\":\\"[REDACTED]\\"')
    for (const [file, text] of outputs.slice(2)) {
      // The raw event streams the evidence quotes (excerpts, bodies in findings).
      const strings = stringsOf(file, text).filter((s) => s.includes('data: {'))
      for (const split of splitsOf(KEY)) {
        for (const form of eventForms(split))
          expect(
            strings.some((s) => s.includes(form)),
            `${file} holds ${form}`,
          ).toBe(false)
      }
    }
    for (const [where, text] of outputs) {
      expect(text.includes(KEY), `${where} holds the key`).toBe(false)
      for (const pieces of splitsOf(KEY)) {
        for (const piece of pieces.filter((p) => p.length >= MIN_SECRET_LENGTH))
          expect(text.includes(piece), `${where} holds ${JSON.stringify(piece)} of a cut key`).toBe(false)
      }
    }
  } finally {
    await endpoint.close()
  }
})
