/**
 * Makes the calibration captures in test/fixtures/captures/ (test/validate/calibration.test.ts
 * judges them): the embedded reference endpoint's traffic as the tools users capture it with.
 *
 * - `chromium-reference.har`: a page in headless Chromium fetch()es the reference API (plain,
 *   streamed, tools, structured, errors) with Playwright's `recordHar`;
 * - `chromium-<fault>.har`: the same against the reference committing that fault;
 * - `proxy-reference.jsonl`: the conformance suites run through `oai-conformance proxy
 *   --record` in front of the reference.
 *
 * Run: `node scripts/capture-calibration.ts` (needs Chromium at /usr/bin/chromium, or
 * CHROMIUM=path). Timestamps, ports and ids differ from run to run; what is judged does not.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { REFERENCE_API_KEY, REFERENCE_CHAT_MODEL, startReferenceServer } from '../src/apis/reference.ts'
import { main } from '../src/cli/main.ts'
import { startProxy } from '../src/proxy/proxy.ts'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './headless-chromium.ts'

const OUT = fileURLToPath(new URL('../test/fixtures/captures/', import.meta.url))

/** The faults whose captures the calibration test judges: one of a plain completion, one of a stream. */
export const CALIBRATION_FAULTS = ['chat-usage-total-mismatch', 'stream-missing-done'] as const

/** What the page sends: the requests an app makes, each read to its end. */
async function pageTraffic({ base, key, model }: { base: string; key: string; model: string }): Promise<number[]> {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' }
  const user = (content: string) => [{ role: 'user', content }]
  const weather = {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'The weather in a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  }
  const chat = (body: Record<string, unknown>, auth = headers) =>
    fetch(`${base}/chat/completions`, { method: 'POST', headers: auth, body: JSON.stringify({ model, ...body }) })
  const calls = [
    () => fetch(`${base}/models`, { headers }),
    () => fetch(`${base}/models/${model}`, { headers }),
    () => chat({ messages: user('Say hello in one short sentence.'), max_completion_tokens: 64 }),
    () => chat({ messages: user('Count from 1 to 5.'), stream: true, stream_options: { include_usage: true } }),
    () => chat({ messages: user('Say hi.'), stream: true }),
    () => chat({ messages: user('What is the weather in Paris?'), tools: [weather], tool_choice: 'required' }),
    () =>
      chat({
        messages: user('What is the weather in Paris?'),
        tools: [weather],
        tool_choice: 'required',
        stream: true,
        stream_options: { include_usage: true },
      }),
    () =>
      chat({
        messages: user('Give a city and its country.'),
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'place',
            strict: true,
            schema: {
              type: 'object',
              properties: { city: { type: 'string' }, country: { type: 'string' } },
              required: ['city', 'country'],
              additionalProperties: false,
            },
          },
        },
      }),
    () =>
      chat({ messages: user('Reply with a JSON object with a key "ok".'), response_format: { type: 'json_object' } }),
    () => chat({ model: 'no-such-model', messages: user('Hello') }),
    () => chat({ messages: user('Hello') }, { ...headers, authorization: 'Bearer sk-wrong-key' }),
  ]
  const statuses: number[] = []
  for (const call of calls) {
    const response = await call()
    await response.text()
    statuses.push(response.status)
  }
  return statuses
}

/** A HAR of the page's traffic against the reference (committing `faults`), by Chromium through recordHar. */
async function chromiumHar(file: string, faults: readonly string[]): Promise<void> {
  const reference = await startReferenceServer({ apiKey: REFERENCE_API_KEY, faults: [...faults] })
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
  })
  try {
    const context = await browser.newContext({ recordHar: { path: file, content: 'embed', mode: 'full' } })
    const page = await context.newPage()
    // A page of the reference's origin, so that its fetch() calls are same-origin (no CORS).
    await page.goto(new URL('/', reference.url).href)
    const statuses = await page.evaluate(pageTraffic, {
      base: reference.url,
      key: REFERENCE_API_KEY,
      model: REFERENCE_CHAT_MODEL,
    })
    console.log(`${file}: ${statuses.join(' ')}`)
    await context.close()
  } finally {
    await browser.close()
    await reference.close()
  }
}

/** The conformance suites run through the proxy in front of the reference, recorded as JSON Lines. */
async function proxyRecording(file: string): Promise<void> {
  const reference = await startReferenceServer({ apiKey: REFERENCE_API_KEY })
  const quiet = { write: () => true } as unknown as NodeJS.WritableStream
  const proxy = await startProxy(
    { upstream: reference.url, reportDir: join(tmpdir(), 'oai-conformance-calibration-proxy'), record: file },
    { stdout: quiet, stderr: process.stderr },
  )
  try {
    const code = await main(
      [
        'run',
        '--base-url',
        proxy.url,
        '--api-key',
        REFERENCE_API_KEY,
        '--model',
        `chat=${REFERENCE_CHAT_MODEL}`,
        '--report-dir',
        join(tmpdir(), 'oai-conformance-calibration-run'),
      ],
      { stdout: quiet, stderr: process.stderr },
    )
    console.log(`${file}: the run through the proxy exited ${code}`)
  } finally {
    await proxy.stop()
    await reference.close()
  }
  const lines = (await readFile(file, 'utf8')).trim().split('\n').length
  console.log(`${file}: ${lines} exchanges`)
}

const README = `# Calibration captures

Made by \`node scripts/capture-calibration.ts\` from the embedded reference endpoint, and judged
by \`test/validate/calibration.test.ts\`:

- \`chromium-reference.har\`: headless Chromium (Playwright's \`recordHar\`), a page fetch()ing
  the reference API: models, plain and streamed completions, tools, structured output, errors.
- \`chromium-<fault>.har\`: the same page against the reference committing that fault
  (\`oai-conformance serve --fault <fault>\`).
- \`proxy-reference.jsonl\`: the conformance suites run through \`oai-conformance proxy --record\`.

The API key in them is the reference's public one (\`${REFERENCE_API_KEY}\`), redacted by the proxy.
`

await mkdir(OUT, { recursive: true })
await chromiumHar(`${OUT}chromium-reference.har`, [])
for (const fault of CALIBRATION_FAULTS) await chromiumHar(`${OUT}chromium-${fault}.har`, [fault])
await proxyRecording(`${OUT}proxy-reference.jsonl`)
await writeFile(`${OUT}README.md`, README)
