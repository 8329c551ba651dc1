/**
 * The embedded reference endpoint: a deterministic, spec-faithful OpenAI endpoint that can
 * commit named faults. The shell (`src/reference/`) with every slice's routes and faults.
 */
import type { RequestHandler } from 'msw'
import type { Fault } from '../reference/fault.ts'
import { createRouter } from '../reference/router.ts'
import { type ReferenceServer, startLoopbackServer } from '../reference/server.ts'
import { REFERENCE_API_KEY } from '../reference/served-models.ts'
import type { TargetOptions } from '../core/target-options.ts'
import { visionImageUrl } from './chat/reference/vision.ts'
import { REFERENCE_IMAGES_OPTIONS } from './images/reference/model.ts'
import { resolveFaults, ROUTES } from './index.ts'

export interface ReferenceOptions {
  /** The base URL clients use, e.g. `http://127.0.0.1:1234/v1`. */
  baseUrl: string
  /** When set, Bearer auth is enforced with this key. */
  apiKey?: string
  /** Faults to commit, by name or as objects; unknown names throw. */
  faults?: Array<string | Fault>
}

/** The reference endpoint as msw request handlers, usable in-process with `setupServer`. */
export function createReferenceHandlers(options: ReferenceOptions): RequestHandler[] {
  return createRouter({
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    routes: ROUTES,
    faults: resolveFaults(options.faults),
  })
}

export interface ReferenceServerOptions {
  /** @default 0 (a free port) */
  port?: number
  /** @default '127.0.0.1' */
  host?: string
  /** The key to enforce. @default REFERENCE_API_KEY; `null` turns auth off. */
  apiKey?: string | null
  /** Faults to commit; unknown names throw (listing the valid ones) before anything listens. */
  faults?: Array<string | Fault>
}

/** The reference endpoint on a loopback socket. */
export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const faults = resolveFaults(options.faults)
  const apiKey = options.apiKey === null ? undefined : (options.apiKey ?? REFERENCE_API_KEY)
  return startLoopbackServer(options, (baseUrl) =>
    createRouter({ baseUrl, ...(apiKey ? { apiKey } : {}), routes: ROUTES, faults }),
  )
}

// Serving
export { REFERENCE_BASE_PATH } from '../reference/server.ts'
export type { ReferenceServer } from '../reference/server.ts'

// Models and credentials
export {
  REFERENCE_API_KEY,
  REFERENCE_CHAT_MODEL,
  REFERENCE_IMAGE_MODEL,
  REFERENCE_MODELS,
  SERVED_MODELS,
} from '../reference/served-models.ts'

/**
 * What the reference's models take beyond their ids, as a target's options say it
 * (`target.images`…), for the reference serving at `baseUrl`: the vision cases' image URL is
 * one it serves itself.
 */
export function referenceTargetOptions(baseUrl: string): TargetOptions {
  return { images: REFERENCE_IMAGES_OPTIONS, vision: { imageUrl: visionImageUrl(baseUrl, 'red', 'png') } }
}
export type { ServedModel } from '../reference/served-models.ts'

// Faults
export { FAULTS, getFault, listFaults, resolveFaults } from './index.ts'
export type { FaultSummary } from './index.ts'
export type { Fault, FaultHooks, ReferenceRequest } from '../reference/fault.ts'

// Errors as the reference words them (for tests and the redaction of reports)
export { maskApiKey } from '../reference/errors.ts'
