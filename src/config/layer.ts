import type { Capability, ModelRole } from '../core/capabilities.ts'
import type { FailOn, Shard } from './types.ts'
import type { ImagesOptions } from '../core/target-options.ts'

/**
 * The settings one source (config file, environment, flags) contributes, already
 * validated and normalised. Absent means "this source says nothing"; layers are merged
 * later-wins (see `mergeLayers`).
 */
export interface Layer {
  name?: string
  baseURL?: string
  /** `''` is a real value: "send no key" (it overrides a key from a lower layer). */
  apiKey?: string
  /** Lower-cased names; merged per header across layers. */
  headers?: Record<string, string>
  /** Values to redact; the layers' lists add up. */
  secrets?: string[]
  /** Merged per role across layers. */
  models?: Partial<Record<ModelRole, string>>
  /** Replaces a lower layer's as a whole (only the config file sets it). */
  images?: ImagesOptions
  voice?: string
  /** The vision cases' image URL (`--image-url`, `target.imageUrl`). */
  imageUrl?: string
  /** Replaces a lower layer's list as a whole. */
  only?: Capability[]
  casePattern?: string
  /** Replaces a lower layer's list as a whole. */
  failOn?: FailOn[]
  /** Absolute. */
  reportDir?: string
  concurrency?: number
  timeoutMs?: number
  retries?: number
  /** Absolute. */
  expectations?: string
  /** Faults of the embedded reference. */
  faults?: string[]
  shard?: Shard
  verbose?: boolean
}

/** Later layers win; `headers` and `models` merge key by key, `secrets` add up. */
export function mergeLayers(layers: readonly Layer[]): Layer {
  const merged: Layer = {}
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer) as [keyof Layer, Layer[keyof Layer]][]) {
      if (value === undefined) continue
      if (key === 'secrets') {
        merged.secrets = [...new Set([...(merged.secrets ?? []), ...(value as string[])])]
      } else if (key === 'headers' || key === 'models') {
        merged[key] = { ...merged[key], ...(value as Record<string, string>) }
      } else {
        ;(merged as Record<string, unknown>)[key] = value
      }
    }
  }
  return merged
}
