/**
 * Runs every declared case against a base URL with the real transport, outside vitest's
 * runner machinery: what the self-tests use to prove checks against the reference.
 */
import { checkRegistry } from '../../src/apis/index.ts'
import { runCase } from '../../src/engine/run-case.ts'
import type { CaseResult, Suite } from '../../src/core/types.ts'
import type { ModelRole } from '../../src/core/capabilities.ts'
import type { TargetOptions } from '../../src/core/target-options.ts'
import { createTargetClient } from '../../src/transport/index.ts'
import { OPERATIONS, streamTiming } from '../../src/apis/index.ts'
import { ALL_SUITES } from '../../suites/index.ts'
import { withChatDefaults } from '../../src/config/index.ts'
import {
  REFERENCE_API_KEY,
  REFERENCE_MODELS,
  referenceTargetOptions,
  startReferenceServer,
} from '../../src/apis/reference.ts'

export interface RunCasesOptions {
  baseURL: string
  apiKey: string
  models: Partial<Record<ModelRole, string>>
  /** What the target's models take (`target.images`…). @default {} */
  options?: TargetOptions
  suites?: readonly Suite[]
}

export async function runCases({
  baseURL,
  apiKey,
  models,
  options = {},
  suites = ALL_SUITES,
}: RunCasesOptions): Promise<CaseResult[]> {
  models = withChatDefaults(models)
  const client = createTargetClient(
    { baseURL, apiKey },
    { timeoutMs: 10_000, retries: 0, concurrency: 8, retryBaseDelayMs: 1 },
    OPERATIONS,
  )
  const perform = client.perform.bind(client)
  const cases = suites.flatMap((suite) => suite.cases)
  return Promise.all(
    cases.map((definition) => runCase(definition, { perform, registry: checkRegistry, models, streamTiming, options })),
  )
}

/** Every check outcome, flattened with its case id, for assertions and readable failures. */
export function outcomes(results: CaseResult[]) {
  return results.flatMap((result) => result.checks.map((check) => ({ case: result.id, ...check })))
}

/** What a run against the embedded reference takes: its faults, the suites, and the target options for its URL. */
export interface ReferenceRunOptions {
  /** @default [] (the compliant reference) */
  faults?: string[]
  /** @default every suite */
  suites?: readonly Suite[]
  /** @default referenceTargetOptions (the reference's own image URL…) */
  options?: (url: string) => TargetOptions
}

/** Starts the embedded reference with `faults`, runs the cases against it, and closes it. */
export async function runAgainstReference({
  faults = [],
  suites,
  options = referenceTargetOptions,
}: ReferenceRunOptions = {}): Promise<CaseResult[]> {
  const server = await startReferenceServer({ apiKey: REFERENCE_API_KEY, faults })
  try {
    return await runCases({
      baseURL: server.url,
      apiKey: REFERENCE_API_KEY,
      models: REFERENCE_MODELS,
      options: options(server.url),
      ...(suites && { suites }),
    })
  } finally {
    await server.close()
  }
}
