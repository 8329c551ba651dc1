/** The transport: drives the official SDK and captures, bounded, what went over the wire; redacts what is shown of it. */
export { createRedactor, REDACTED, MIN_SECRET_LENGTH, CREDENTIAL_HEADERS } from './redact.ts'
export type { Redactor, RedactOptions } from './redact.ts'
export { redactExchanges } from './redact-exchange.ts'
export type { CaseRedaction } from './redact-exchange.ts'
export { CREDENTIAL_HEADER_NAME, targetSecrets } from './secrets.ts'
export type { SecretSource, TargetSecrets } from './secrets.ts'
export {
  createCapturingFetch,
  EXCHANGE_HEADER,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_MAX_RETRY_AFTER_MS,
  RETRY_EXCERPT_CHARS,
  KEPT_INCOMPLETE_BYTES,
  isBinaryContentType,
} from './capture-fetch.ts'
export { createBodyBudget, DEFAULT_MEMORY_BUDGET_BYTES, DEFAULT_SMALL_BODY_BYTES } from './body-budget.ts'
export type { BodyBudget, BodyBudgetOptions, LargeBodyPlace } from './body-budget.ts'
export { classifyFetchError } from './errors.ts'
export type { CaptureOptions, CapturingFetch } from './capture-fetch.ts'
export { createTargetClient, INVALID_API_KEY, NO_KEY_PLACEHOLDER, sdkTimeoutMs } from './client.ts'
export type { TargetClient, TargetClientOptions, TargetClientTarget } from './client.ts'
export type { Operation, OperationTable, Params, RequestOptions, SliceOperations } from './operations.ts'
export { isRetryableStatus, parseRetryAfter, parseRetryAfterMs, retryDelayMs } from './retry-policy.ts'
