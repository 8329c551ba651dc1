/**
 * Handing the smoke request's outcome to the vitest worker. Starting the worker takes about
 * as long as a slow target's first answer, so the run starts it while the smoke request is
 * in flight; the worker's test file then waits for the outcome here before it declares the
 * cases. A loopback HTTP endpoint, because vitest's `provide` is fixed once the worker runs
 * and its worker may be another process.
 */
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { SmokeResult } from '../engine/smoke.ts'

/** Where the worker fetches the outcome from. */
export interface SmokeHandoff {
  /** `http://127.0.0.1:PORT/`: answers with the outcome (JSON) once the smoke request settled. */
  url: string
  /** Stops serving. Idempotent. */
  close(): Promise<void>
}

/** Serves `outcome` on loopback to whoever asks, as soon as it settles. */
export async function serveSmokeOutcome(outcome: Promise<SmokeResult>): Promise<SmokeHandoff> {
  const settled = outcome.catch(
    (error: unknown): SmokeResult => ({ ok: false, reason: `the smoke request failed: ${String(error)}` }),
  )
  const server = createServer((_req, res) => {
    void settled.then((result) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(result))
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  let closing: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })),
  }
}

/** The outcome, from the worker's side. */
export async function receiveSmokeOutcome(url: string): Promise<SmokeResult> {
  const response = await fetch(url)
  return (await response.json()) as SmokeResult
}
