import type { Capability, ModelRole } from '../core/capabilities.ts'
import type { ImagesOptions, VisionOptions } from '../core/target-options.ts'
import type { TargetParams } from '../core/types.ts'

/** One endpoint under test. */
export interface TargetConfig {
  /** A label for reports; defaults to the base URL's host. */
  name?: string
  /** e.g. `https://api.example.com/v1`. Absent: the embedded reference endpoint is started. */
  baseURL?: string
  apiKey?: string
  /**
   * The environment variable that holds the key (e.g. `GROQ_API_KEY`), for configs that must
   * not contain it (a JSON file in a repository). `apiKey` wins when both are given.
   */
  apiKeyEnv?: string
  /**
   * Without `baseURL` only: faults the embedded reference endpoint commits (`serve --list-faults`),
   * to see what a deviation looks like in the reports.
   */
  faults?: string[]
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
  /**
   * An expectations file (`oai-conformance expectations REPORT.json` makes one): the target's
   * known deviations, so the exit code alerts only on unexpected results. Relative to the config file.
   */
  expectations?: string
  /** What the images model takes: `response_format`, which `output_format` values, which sizes. */
  images?: ImagesOptions
  /** The voice speech cases ask for (a vendor's own, e.g. `helpful woman`). @default 'alloy' */
  voice?: string
  /**
   * A public http(s) URL of a large solid red image the endpoint can fetch, for the vision
   * cases that send an image by URL; without one they skip (see VisionOptions).
   */
  imageUrl?: string
}

/** The config file's shape (`oai-conformance.config.ts` with `defineConfig`, or `.json`). */
export interface UserConfig {
  target?: TargetConfig
  /**
   * Several targets instead of one: a run tests them side by side (each under its own request
   * limiter), writes each one's reports in a folder named after it, and a matrix of them all.
   * Names must differ; `--target NAME` picks some.
   */
  targets?: TargetConfig[]
  /** Capabilities to run; all by default. */
  only?: Capability[]
  /** Results beyond failures that make the run exit 1 (`--fail-on`). Default none. */
  failOn?: FailOn[]
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
  /** What the images model takes, when the config says (see ImagesOptions for the defaults). */
  images?: ImagesOptions
  /** What the vision model is shown by URL, when configured (the embedded reference serves its own). */
  vision?: VisionOptions
  /** True when this is the embedded reference endpoint started by the run. */
  embedded: boolean
  /** The expectations file (absolute), when the target has one. */
  expectations?: string
  /** Faults the embedded reference commits (embedded targets only). */
  faults?: string[]
  /** Request values the target sets for itself (its voice); absent ones keep the cases' defaults. */
  params?: TargetParams
}

/** One part of a run split across machines (`--shard 2/3`): 1-based `index` of `count`. */
export interface Shard {
  index: number
  count: number
}

/**
 * A result beyond a failure that fails the run (exit 1) when any case has it: `inconclusive`
 * (for nightly jobs, where an unjudged case must not pass unseen), `warn` (a recommended finding).
 */
export type FailOn = 'inconclusive' | 'warn'

export const FAIL_ON_VALUES = ['inconclusive', 'warn'] as const satisfies readonly FailOn[]

export interface RunOptions {
  only: Capability[] | null
  /** @default [] */
  failOn?: readonly FailOn[]
  casePattern: string | null
  reportDir: string
  concurrency: number
  timeoutMs: number
  retries: number
  /** The part of the cases this run takes, or null for all. */
  shard: Shard | null
  /**
   * The terminal summary lists every finding of every case (`--verbose`), not one entry per check.
   * @default false
   */
  verbose?: boolean
}
