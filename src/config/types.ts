import type { Capability, ModelRole } from '../core/capabilities.ts'

/** One endpoint under test. */
export interface TargetConfig {
  /** A label for reports; defaults to the base URL's host. */
  name?: string
  /** e.g. `https://api.example.com/v1`. Absent: the embedded reference endpoint is started. */
  baseURL?: string
  apiKey?: string
  /**
   * Extra headers sent on every request (e.g. an org or a gateway header). The values of
   * those whose names mark credentials (authorization, cookie, *key*, *token*, *secret*…) are
   * redacted wherever they appear; other values are not.
   */
  headers?: Record<string, string>
  /** Further values to redact wherever they appear (a tenant id, a signed URL part); 8 characters or more. */
  secrets?: string[]
  /** A model id per role; `vision`, `tools`, `structured` default to `chat`. */
  models?: Partial<Record<ModelRole, string>>
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
  /** Values the user marks secret (`--secret`, `target.secrets`), when any. */
  secrets?: string[]
  /** Roles that resolved to a model; roles absent here are "not configured". */
  models: Partial<Record<ModelRole, string>>
  /** True when this is the embedded reference endpoint started by the run. */
  embedded: boolean
}

export interface RunOptions {
  only: Capability[] | null
  casePattern: string | null
  reportDir: string
  concurrency: number
  timeoutMs: number
  retries: number
}
