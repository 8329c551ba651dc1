/**
 * JSON pointers (RFC 6901), in plain form (`/a/b`) or as a URI fragment (`#/a/b`).
 */
import type { BundlePointer } from './types.ts'

/** Where component schemas live, in the spec and in the bundle alike. */
export const COMPONENT_SCHEMAS = '#/components/schemas/'

/** `#/components/schemas/<name>`. */
export function schemaPointer(name: string): BundlePointer {
  return `${COMPONENT_SCHEMAS}${escapePointerToken(name)}` as BundlePointer
}

/** Escapes one reference token: `~` -> `~0`, `/` -> `~1`. */
export function escapePointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1')
}

export function unescapePointerToken(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~')
}

/** Joins tokens into a plain pointer: `['a', 'b/c']` -> `/a/b~1c`. */
export function toPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${escapePointerToken(String(t))}`).join('')
}

/**
 * The tokens of a pointer, or undefined when it is not one. Accepts `''`/`#` (the whole
 * document), `/a/b` and `#/a/b`; a fragment is percent-decoded first, as URI fragments are.
 */
export function parsePointer(pointer: string): string[] | undefined {
  let plain = pointer
  if (plain.startsWith('#')) {
    try {
      plain = decodeURIComponent(plain.slice(1))
    } catch {
      return undefined
    }
  }
  if (plain === '') return []
  if (!plain.startsWith('/')) return undefined
  return plain.slice(1).split('/').map(unescapePointerToken)
}

/** The value at `pointer` in `root`, or undefined when the pointer is malformed or leads nowhere. */
export function getAtPointer(root: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer)
  if (tokens === undefined) return undefined
  let node: unknown = root
  for (const token of tokens) {
    if (Array.isArray(node)) {
      // Array indexes are decimal without leading zeros (RFC 6901 section 4).
      if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined
      node = node[Number(token)]
    } else if (typeof node === 'object' && node !== null && Object.hasOwn(node, token)) {
      node = (node as Record<string, unknown>)[token]
    } else {
      return undefined
    }
  }
  return node
}
