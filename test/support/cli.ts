/** Spawning the real CLI, as a user would, with the same Node that runs the tests. */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const BIN = fileURLToPath(new URL('../../bin/oai-conformance.js', import.meta.url))

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** An environment without the user's OpenAI settings, so tests don't reach a real endpoint. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra }
  delete env.OPENAI_BASE_URL
  delete env.OPENAI_API_KEY
  return env
}

export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? tempDir(),
      env: options.env ?? cleanEnv(),
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

/** Starts `oai-conformance serve …` and resolves with its URL once it says it is listening. */
export function startServe(args: string[]): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env: cleanEnv() })
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const match = out.match(/^listening (http:\/\/127\.0\.0\.1:\d+\/v1)$/m)
      if (match) {
        resolve({
          url: match[1]!,
          child,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done()
              child.once('close', () => done())
              child.kill('SIGTERM')
            }),
        })
      }
    })
    child.on('close', (code) => reject(new Error(`serve exited ${code} before listening: ${out}`)))
  })
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'oai-conformance-'))
}
