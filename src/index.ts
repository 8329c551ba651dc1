/**
 * The programmatic surface of oai-conformance.
 */

// Configuration
export { defineConfig } from './config/index.ts'
export type { TargetConfig, UserConfig } from './config/index.ts'

// Declaring checks and cases
export { defineCase, defineCheck, defineSuite, finding, skip } from './core/define.ts'
export type {
  CaseDefinition,
  Check,
  CheckContext,
  CheckResult,
  Finding,
  Level,
  SpecRef,
  Status,
  Suite,
} from './core/types.ts'

// Captured exchanges
export type { Exchange } from './core/exchange.ts'
