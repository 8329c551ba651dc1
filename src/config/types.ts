import type { Capability, ModelRole } from '../core/capabilities.ts'
import type { TargetParams } from '../core/types.ts'

/** One endpoint under test. */
export interface TargetConfig {
  /** A label for reports; defaults to the base URL's host. */
  name?: string
  /** e.g. `https://api.example.com/v1`. Absent: the embedded reference endpoint is started. */
  baseURL?: string
  apiKey?: string
  /** Extra headers sent on every request (e.g. an org or a gateway header). */
  headers?: Record<string, string>
  /** A model id per role; `vision`, `tools`, `structured` default to `chat`. */
  models?: Partial<Record<ModelRole, string>>
  /** The voice speech cases ask for (a vendor's own, e.g. `helpful woman`). @default 'alloy' */
  voice?: string
}

/** The config file's shape (`oai-conformance.config.ts` with `defineConfig`, or `.json`). */
export interface UserConfig {
  target?: TargetConfig
  /** Capabilities to run; all by default. */
  only?: Capability[]
  /** Substring or glob over case ids. */
  case?: string
  /** Default `./conformance-report`. */
  reportDir?: string
  /** Requests in flight at once against the target. Default 4. */
  concurrency?: number
  /** Per-request timeout, ms. Default 60000. */
  timeoutMs?: number
  /** Retries for 429 / 5xx (honouring Retry-After). Default 2. */
  retries?: number
}

/** Everything resolved: defaults < file < environment < flags. */
export interface ResolvedTarget {
  name: string
  baseURL: string
  apiKey: string
  headers: Record<string, string>
  /** Roles that resolved to a model; roles absent here are "not configured". */
  models: Partial<Record<ModelRole, string>>
  /** True when this is the embedded reference endpoint started by the run. */
  embedded: boolean
  /** Request values the target sets for itself (its voice); absent ones keep the cases' defaults. */
  params?: TargetParams
}

export interface RunOptions {
  only: Capability[] | null
  casePattern: string | null
  reportDir: string
  concurrency: number
  timeoutMs: number
  retries: number
}
