/**
 * OpenAPI `discriminator`: kept where ajv's `discriminator` option can use it, dropped
 * elsewhere.
 *
 * Where kept, validation is the same as the plain `oneOf` (the checks below make the tag
 * select exactly one branch), but errors come from the selected branch only instead of
 * from every branch. ajv throws at compile time unless (ajv 8, vocabularies/discriminator):
 * `propertyName` is set, there is no `mapping`, there is a `oneOf`, every branch (after
 * one `$ref` hop) has `properties/<tag>` with `const` or `enum` of strings, unique across
 * branches, and the tag is required (by the parent or by every branch).
 *
 * One more condition is ours: every branch must be `type: object`. ajv's discriminator is
 * an object-only keyword that replaces the `oneOf`, so a string would pass unchecked
 * unless the parent says `type: object`; we add that, which changes no verdict only
 * because every branch already rejects non-objects.
 *
 * An `anyOf` with a discriminator becomes a `oneOf` when the same conditions hold: each
 * branch then requires the tag with its own values, so no value can match two branches
 * and `anyOf` and `oneOf` accept the same values.
 */
import { ANNOTATION_KEYWORDS, isSchemaObject, mapSubschemas, type SchemaNode } from './walk.ts'

export interface DiscriminatorLog {
  kept: number
  /** Of those kept, how many were on an `anyOf` turned `oneOf`. */
  fromAnyOf: number
  /** Reason -> count. */
  dropped: Map<string, number>
}

export function createDiscriminatorLog(): DiscriminatorLog {
  return { kept: 0, fromAnyOf: 0, dropped: new Map() }
}

/**
 * Returns a copy of `schema` with each `discriminator` either kept or dropped.
 * `resolveRef` resolves a `$ref` of the bundle (undefined when dangling).
 */
export function settleDiscriminators(
  schema: SchemaNode,
  resolveRef: (ref: string) => unknown,
  log: DiscriminatorLog = createDiscriminatorLog(),
): SchemaNode {
  if (!isSchemaObject(schema)) return schema
  const node = mapSubschemas(schema, (sub) => settleDiscriminators(sub as SchemaNode, resolveRef, log))
  if (!('discriminator' in node)) return node
  const asOneOf = Array.isArray(node.anyOf) && !('oneOf' in node) ? anyOfAsOneOf(node) : undefined
  if (asOneOf !== undefined && discriminatorProblem(asOneOf, resolveRef) === undefined) {
    log.kept++
    log.fromAnyOf++
    return withObjectType(asOneOf)
  }
  const problem = discriminatorProblem(node, resolveRef)
  if (problem === undefined) {
    log.kept++
    return withObjectType(node)
  }
  log.dropped.set(problem, (log.dropped.get(problem) ?? 0) + 1)
  const { discriminator: _dropped, ...rest } = node
  return rest
}

/** Why ajv could not use this node's discriminator, or undefined when it can. */
export function discriminatorProblem(
  node: { [keyword: string]: unknown },
  resolveRef: (ref: string) => unknown,
): string | undefined {
  const { discriminator, oneOf } = node
  if (!isSchemaObject(discriminator) || typeof discriminator.propertyName !== 'string') return 'no propertyName'
  if ('mapping' in discriminator) return 'has a mapping'
  if (!Array.isArray(oneOf)) return 'no oneOf (anyOf or allOf instead)'
  if (node.type !== undefined && node.type !== 'object') return 'the parent is not type object'
  const tag = discriminator.propertyName
  const requiredByParent = requires(node, tag)
  const seen = new Set<string>()
  for (const raw of oneOf) {
    const branch = isSchemaObject(raw) && typeof raw.$ref === 'string' && isRefOnly(raw) ? resolveRef(raw.$ref) : raw
    if (!isSchemaObject(branch)) return 'a branch does not resolve'
    if (branch.type !== 'object') return 'a branch is not type object'
    const property = isSchemaObject(branch.properties) ? branch.properties[tag] : undefined
    if (!isSchemaObject(property)) return `a branch has no properties/${tag} (e.g. it composes with allOf)`
    if (!requiredByParent && !requires(branch, tag)) return `'${tag}' is not required`
    const values = 'const' in property ? [property.const] : Array.isArray(property.enum) ? property.enum : undefined
    if (values === undefined) return `properties/${tag} has no const or enum`
    for (const value of values) {
      if (typeof value !== 'string' || seen.has(value)) return `'${tag}' values are not unique strings`
      seen.add(value)
    }
  }
  return undefined
}

export function describeDiscriminators(log: DiscriminatorLog): string[] {
  const lines: string[] = []
  if (log.kept > 0) {
    lines.push(
      `discriminator kept (${log.kept}x): valid for ajv's discriminator option (type: object added to the parent where absent: every branch is an object), same verdicts as the oneOf, errors from the selected branch only` +
        (log.fromAnyOf > 0
          ? `; ${log.fromAnyOf} of them on an anyOf made oneOf (tags required and disjoint: no value matches two branches)`
          : ''),
    )
  }
  for (const [reason, n] of [...log.dropped].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`discriminator dropped (${n}x), the oneOf/anyOf alone decides: ${reason}`)
  }
  return lines
}

function withObjectType(node: { [keyword: string]: unknown }): { [keyword: string]: unknown } {
  return node.type === undefined ? { type: 'object', ...node } : node
}

/** The node with its `anyOf` renamed `oneOf`, in place (key order kept for readable diffs). */
function anyOfAsOneOf(node: { [keyword: string]: unknown }): { [keyword: string]: unknown } {
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k === 'anyOf' ? 'oneOf' : k, v]))
}

function requires(node: { [keyword: string]: unknown }, property: string): boolean {
  return Array.isArray(node.required) && node.required.includes(property)
}

/**
 * ajv follows a branch's `$ref` only when the branch has no other validation keyword
 * (`schemaHasRulesButRef`); annotations do not count.
 */
function isRefOnly(branch: { [keyword: string]: unknown }): boolean {
  return Object.keys(branch).every((k) => k === '$ref' || (ANNOTATION_KEYWORDS as readonly string[]).includes(k))
}
