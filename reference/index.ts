/**
 * The embedded reference endpoint: a deterministic, spec-faithful OpenAI endpoint that can
 * commit named faults.
 */

// Serving
export { startReferenceServer, REFERENCE_BASE_PATH } from './server.ts'
export type { ReferenceServer, ReferenceServerOptions } from './server.ts'
export { createReferenceHandlers } from './handlers/index.ts'
export type { ReferenceOptions } from './handlers/index.ts'
export { runServe } from './cli.ts'
export type { ServeIO } from './cli.ts'

// Models and credentials
export { REFERENCE_API_KEY, REFERENCE_CHAT_MODEL, REFERENCE_MODELS, SERVED_MODELS } from './models.ts'
export type { ServedModel } from './models.ts'

// Faults
export { FAULTS, getFault, listFaults, resolveFaults } from './faults/index.ts'
export type { Fault, FaultHooks, FaultSummary, ReferenceRequest } from './faults/index.ts'

// Errors as the reference words them (for tests and the redaction of reports)
export { maskApiKey } from './handlers/errors.ts'
