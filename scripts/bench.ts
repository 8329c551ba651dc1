/**
 * `npm run bench`: how close a run's wall time comes to its critical path when every round
 * trip is slow. Starts the embedded reference on loopback, puts a proxy in front of it that
 * holds every request for 1 s, runs the CLI through the proxy at `--concurrency 64` and
 * `--concurrency 4`, and states the two goals of issue 7:
 *
 * - at 64: wall / (smoke request + longest case) <= 1.3
 * - at 4: wall / (ceil(requests / 4) x 1 s) <= 1.2
 *
 * then ten targets side by side (issue 11: about as long as the slowest, goal <= 1.5 x one),
 * and, in a section of its own, the tokens a run costs (issue 8): every suite run in-process
 * against the reference, usage summed per capability, and the worst case the token caps allow
 * a real model, against the goal of 3,000 completion tokens (./bench/tokens.ts).
 *
 * Timings are not tests: the goals are reported PASS or FAIL and the exit code is 0 either
 * way; it is 1 only when a run did not produce a report (nothing was measured).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { REFERENCE_API_KEY, REFERENCE_CHAT_MODEL, startReferenceServer } from '../src/apis/reference.ts'
import type { Report } from '../src/report/report.ts'
import { type DelayProxy, type ProxiedRequest, startDelayProxy } from './bench/delay-proxy.ts'
import { describeTokens, measureTokens } from './bench/tokens.ts'

/** The round trip the proxy adds to every request. */
const DELAY_MS = 1000
/** A run that takes longer than this is killed (a hung run must not hang the bench). */
const RUN_TIMEOUT_MS = 300_000
const BIN = fileURLToPath(new URL('../bin/oai-conformance.js', import.meta.url))

/** What one run through the proxy measured. */
interface Measurement {
  concurrency: number
  /** The CLI's exit code (`null` when it was killed). */
  exitCode: number | null
  /** From spawning the CLI to its exit. */
  wallMs: number
  /** The report's own `durationMs` (from the run's start to the report, no process start-up). */
  reportMs: number
  /** Requests the proxy forwarded, the smoke request included. */
  requests: number
  /** The smoke request's round trip (the first request the proxy saw). */
  smoke: ProxiedRequest
  /** The case that took longest, by its report duration. */
  longestCase: { id: string; durationMs: number; requests: number }
  /** The longest chain of requests in the proxy log that ran one after another. */
  longestChain: number
  /** Where the time outside requests went: start-up to the smoke, smoke to the first case request, last response to exit. */
  gaps: { startup: number; beforeCases: number; afterCases: number }
}

/** Runs `oai-conformance run` through the proxy at one concurrency and measures it. */
async function measure(proxy: DelayProxy, concurrency: number): Promise<Measurement> {
  const reportDir = mkdtempSync(join(tmpdir(), 'oai-conformance-bench-'))
  try {
    proxy.clear()
    const args = [
      BIN,
      'run',
      '--base-url',
      `${proxy.origin}/v1`,
      '--api-key',
      REFERENCE_API_KEY,
      '--model',
      `chat=${REFERENCE_CHAT_MODEL}`,
      '--concurrency',
      String(concurrency),
      '--report-dir',
      reportDir,
    ]
    const started = proxy.now()
    const exitCode = await runQuietly(args)
    const exited = proxy.now()
    const wallMs = exited - started
    const report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as Report
    const log = [...proxy.log].sort((a, b) => a.startMs - b.startMs)
    const smoke = log[0]
    if (!smoke) throw new Error('the proxy saw no request')
    const longest = report.cases.reduce((a, b) => (b.durationMs > a.durationMs ? b : a))
    return {
      concurrency,
      exitCode,
      wallMs,
      reportMs: report.durationMs,
      requests: log.length,
      smoke,
      longestCase: { id: longest.id, durationMs: longest.durationMs, requests: longest.exchanges.length },
      longestChain: longestChain(log),
      gaps: {
        startup: smoke.startMs - started,
        beforeCases: (log[1]?.startMs ?? exited) - (smoke.endMs ?? smoke.startMs),
        afterCases: exited - Math.max(...log.map((request) => request.endMs ?? request.startMs)),
      },
    }
  } finally {
    rmSync(reportDir, { recursive: true, force: true })
  }
}

/** How many targets the several-targets measurement runs at once (issue 11: "about as long as its slowest"). */
const TARGETS = 10

/** One run over `count` targets (all the proxied reference, under other names), from a config file. */
async function measureTargets(proxy: DelayProxy, count: number) {
  const dir = mkdtempSync(join(tmpdir(), 'oai-conformance-bench-'))
  try {
    proxy.clear()
    const config = join(dir, 'targets.json')
    const target = (i: number) => ({
      name: `target-${i + 1}`,
      baseURL: `${proxy.origin}/v1`,
      apiKey: REFERENCE_API_KEY,
      models: { chat: REFERENCE_CHAT_MODEL },
    })
    writeFileSync(config, JSON.stringify({ targets: Array.from({ length: count }, (_, i) => target(i)) }))
    const started = proxy.now()
    const exitCode = await runQuietly([
      BIN,
      'run',
      '--config',
      config,
      '--concurrency',
      '64',
      '--report-dir',
      join(dir, 'r'),
    ])
    return { exitCode, wallMs: proxy.now() - started, requests: proxy.log.length }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Spawns the CLI with its output discarded; resolves with its exit code, killing it after `RUN_TIMEOUT_MS`. */
function runQuietly(args: string[]): Promise<number | null> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  delete env.OPENAI_BASE_URL
  delete env.OPENAI_API_KEY
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'] })
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS)
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve(code)
    })
  })
}

/**
 * The most requests in the log that ran strictly one after another (each starting after the
 * previous one ended): the depth the run actually had, dependencies and serialisation alike.
 */
function longestChain(log: readonly ProxiedRequest[]): number {
  const depth: number[] = []
  log.forEach((request, i) => {
    let before = 0
    for (let j = 0; j < i; j++) {
      const end = log[j]!.endMs
      if (end !== null && end <= request.startMs) before = Math.max(before, depth[j]!)
    }
    depth.push(before + 1)
  })
  return Math.max(0, ...depth)
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

/** A goal's line: the ratio, the bound and PASS or FAIL. */
function goal(name: string, ratio: number, bound: number): string {
  return `  goal ${name} <= ${bound}: ${ratio.toFixed(2)} ${ratio <= bound ? 'PASS' : 'FAIL'}`
}

/** The lines describing one measurement. */
function describe(m: Measurement): string[] {
  const smokeMs = (m.smoke.endMs ?? m.smoke.startMs) - m.smoke.startMs
  return [
    `--concurrency ${m.concurrency}${m.exitCode === 0 ? '' : ` (the run exited ${m.exitCode})`}`,
    `  requests: ${m.requests} (smoke ${m.smoke.method} ${m.smoke.path} included)`,
    `  wall: ${seconds(m.wallMs)} (report durationMs ${seconds(m.reportMs)})`,
    `  smoke: ${seconds(smokeMs)}; longest case: ${m.longestCase.id} ${seconds(m.longestCase.durationMs)} (${m.longestCase.requests} request${m.longestCase.requests === 1 ? '' : 's'}, sent together)`,
    `  longest chain of requests one after another (proxy log): ${m.longestChain}`,
    `  outside requests: start-up to smoke ${seconds(m.gaps.startup)}, smoke to first case request ${seconds(m.gaps.beforeCases)}, last response to exit ${seconds(m.gaps.afterCases)}`,
  ]
}

async function main(): Promise<number> {
  const reference = await startReferenceServer({ apiKey: REFERENCE_API_KEY })
  const proxy = await startDelayProxy({ upstream: new URL(reference.url).origin, delayMs: DELAY_MS })
  try {
    console.log(`bench: reference at ${reference.url}, every request delayed ${DELAY_MS} ms by ${proxy.origin}`)
    const wide = await measure(proxy, 64)
    const criticalMs = (wide.smoke.endMs ?? wide.smoke.startMs) - wide.smoke.startMs + wide.longestCase.durationMs
    console.log(
      [
        ...describe(wide),
        `  critical path (smoke + longest case): ${seconds(criticalMs)}`,
        goal('wall / (smoke + longest case)', wide.wallMs / criticalMs, 1.3),
        `  (without process start-up, report durationMs / (smoke + longest case): ${(wide.reportMs / criticalMs).toFixed(2)})`,
      ].join('\n'),
    )
    const narrow = await measure(proxy, 4)
    const floorMs = Math.ceil(narrow.requests / 4) * DELAY_MS
    console.log(
      [
        ...describe(narrow),
        `  ceil(${narrow.requests} / 4) x ${seconds(DELAY_MS)} = ${seconds(floorMs)}`,
        goal('wall / (ceil(requests / 4) x 1 s)', narrow.wallMs / floorMs, 1.2),
        `  (without process start-up, report durationMs / (ceil(requests / 4) x 1 s): ${(narrow.reportMs / floorMs).toFixed(2)})`,
      ].join('\n'),
    )
    const targets = await measureTargets(proxy, TARGETS)
    console.log(
      [
        `${TARGETS} targets side by side (--concurrency 64 each): wall ${seconds(targets.wallMs)}, exit ${targets.exitCode}, ${targets.requests} requests`,
        goal(`wall of ${TARGETS} targets / wall of one`, targets.wallMs / wide.wallMs, 1.5),
      ].join('\n'),
    )
    console.log(describeTokens(await measureTokens({ reference })).join('\n'))
    return 0
  } catch (error) {
    console.error(`bench: no measurement: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  } finally {
    await proxy.close()
    await reference.close()
  }
}

process.exitCode = await main()
