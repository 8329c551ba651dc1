/**
 * Capabilities: the areas a suite covers (`--only`), and the model roles a target
 * configures (`--model ROLE=ID`). Several capabilities share the chat model.
 */

/** Model roles a target names a model for. `vision`, `tools` and `structured` default to `chat`. */
export const MODEL_ROLES = ['chat', 'vision', 'tools', 'structured', 'embeddings', 'images', 'speech'] as const
export type ModelRole = (typeof MODEL_ROLES)[number]

/** Roles whose model falls back to the chat model when not configured. */
export const ROLES_DEFAULTING_TO_CHAT: readonly ModelRole[] = ['vision', 'tools', 'structured']

/** Suite areas, one suite file each under `suites/`. */
export const CAPABILITIES = [
  'models',
  'chat',
  'errors',
  'streaming',
  'tools',
  'structured',
  'vision',
  'embeddings',
  'images',
  'speech',
] as const
export type Capability = (typeof CAPABILITIES)[number]

/** The model role a capability's cases use unless a case says otherwise. */
export const CAPABILITY_MODEL_ROLE: Record<Capability, ModelRole> = {
  models: 'chat',
  chat: 'chat',
  errors: 'chat',
  streaming: 'chat',
  tools: 'tools',
  structured: 'structured',
  vision: 'vision',
  embeddings: 'embeddings',
  images: 'images',
  speech: 'speech',
}

export function isModelRole(value: string): value is ModelRole {
  return (MODEL_ROLES as readonly string[]).includes(value)
}

export function isCapability(value: string): value is Capability {
  return (CAPABILITIES as readonly string[]).includes(value)
}
