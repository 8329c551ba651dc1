/**
 * Peak memory of a run against hostile endpoints: runs the real CLI against a loopback
 * endpoint that answers `POST /chat/completions` with a 200 MiB body, and one that streams
 * forever, and prints the peak RSS of the run's process tree (the CLI and its vitest
 * workers), sampled from /proc. Linux only. Measured here, never asserted in tests.
 *
 *   node scripts/bench-memory.ts [--concurrency 16] [--scenario huge-body] [--timeout 20000]
 *                                [--node-options '--max-semi-space-size=2']
 *
 * `--node-options` sets NODE_OPTIONS for the run (its vitest worker inherits it), to see
 * what the V8 heap's own sizing adds to the peak.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { REFERENCE_API_KEY, REFERENCE_CHAT_MODEL } from '../src/apis/reference.ts'
import { SCENARIOS, startHostileEndpoint, type ScenarioName } from '../test/hostile/endpoints.ts'

const BIN = new URL('../bin/oai-conformance.js', import.meta.url).pathname
const SAMPLE_MS = 25

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '16' },
    scenario: { type: 'string', multiple: true },
    timeout: { type: 'string', default: '20000' },
    'node-options': { type: 'string' },
  },
})
const scenarios = (values.scenario ?? ['huge-body', 'endless-stream']) as ScenarioName[]

/** Resident kB of a process, from /proc (0 once it is gone). */
function rssKb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) : 0
  } catch {
    return 0
  }
}

/** The process and every descendant, from /proc/PID/task/TID/children. */
function tree(root: number): number[] {
  const out = [root]
  for (let i = 0; i < out.length; i++) {
    const pid = out[i]!
    let tasks: string[] = []
    try {
      tasks = readdirSync(`/proc/${pid}/task`)
    } catch {
      continue
    }
    for (const task of tasks) {
      try {
        const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim()
        if (children) out.push(...children.split(/\s+/).map(Number))
      } catch {
        // gone meanwhile
      }
    }
  }
  return out
}

interface Measurement {
  scenario: string
  code: number | null
  peakMb: number
  seconds: number
  summary: string
}

/** The report's case counts, or null when there is no report. */
function summariseReport(file: string): string | null {
  try {
    const { summary } = JSON.parse(readFileSync(file, 'utf8')) as { summary: Record<string, number> }
    return Object.entries(summary)
      .map(([name, count]) => `${name} ${count}`)
      .join(', ')
  } catch {
    return null
  }
}

async function measure(scenario: ScenarioName): Promise<Measurement> {
  const endpoint = await startHostileEndpoint({ chat: SCENARIOS[scenario] })
  const reportDir = mkdtempSync(join(tmpdir(), 'oai-conformance-bench-'))
  const started = performance.now()
  try {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'run',
        '--base-url',
        endpoint.url,
        '--api-key',
        REFERENCE_API_KEY,
        '--model',
        `chat=${REFERENCE_CHAT_MODEL}`,
        '--concurrency',
        values.concurrency,
        '--timeout',
        values.timeout,
        '--retries',
        '0',
        '--report-dir',
        reportDir,
      ],
      {
        env: {
          ...process.env,
          NO_COLOR: '1',
          ...(values['node-options'] ? { NODE_OPTIONS: values['node-options'] } : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stdout = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stdout += d))
    let peakKb = 0
    const sampler = setInterval(() => {
      const total = tree(child.pid!).reduce((sum, pid) => sum + rssKb(pid), 0)
      peakKb = Math.max(peakKb, total)
    }, SAMPLE_MS)
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    clearInterval(sampler)
    const summary = summariseReport(join(reportDir, 'report.json')) ?? stdout.trim().split('\n').at(-1) ?? ''
    return {
      scenario,
      code,
      peakMb: Math.round(peakKb / 1024),
      seconds: Math.round((performance.now() - started) / 100) / 10,
      summary,
    }
  } finally {
    await endpoint.close()
    rmSync(reportDir, { recursive: true, force: true })
  }
}

const nodeOptions = values['node-options'] ? `, NODE_OPTIONS=${values['node-options']}` : ''
console.log(
  `peak RSS of a run (CLI + workers), --concurrency ${values.concurrency}, --timeout ${values.timeout}${nodeOptions}`,
)
for (const scenario of scenarios) {
  const m = await measure(scenario)
  console.log(
    `${m.scenario.padEnd(20)} peak ${String(m.peakMb).padStart(5)} MB  ${m.seconds}s  exit ${m.code}  ${m.summary}`,
  )
}
