/**
 * The shape of one tool call and its arguments: shared by the non-streamed `tools.call.*`
 * checks and `tools.stream.assembled`, which judges the calls a stream assembles by the same rules.
 */
import { finding } from '../../../core/define.ts'
import type { Finding } from '../../../core/types.ts'
import { show } from '../../shared/body.ts'
import type { ToolCallView } from '../read/completion-choices.ts'
import type { DeclaredTool } from '../read/declared-tools.ts'
import { parseArguments } from '../read/json-text.ts'
import { declaredSchemaFindings } from './declared-schema.ts'

/** The call has a non-empty string id. */
export function callIdFindings(call: ToolCallView): Finding[] {
  return typeof call.id === 'string' && call.id.trim() !== ''
    ? []
    : [
        finding(
          `tool call id is ${show(call.id)}, expected a non-empty string (tool results are matched to calls by it)`,
          { at: call.at, actual: call.id },
        ),
      ]
}

/** The call has type "function". */
export function callTypeFindings(call: ToolCallView): Finding[] {
  return call.type === 'function'
    ? []
    : [finding(`tool call type is ${show(call.type)}, expected "function"`, { at: call.at, actual: call.type })]
}

/** The call names a function the request declared. */
export function callNameFindings(call: ToolCallView, tools: Map<string, DeclaredTool>): Finding[] {
  if (typeof call.name === 'string' && tools.has(call.name)) return []
  return [
    finding(
      `the call names function ${show(call.name)}, which the request did not declare (declared: ${[...tools.keys()].join(', ') || 'none'})`,
      { at: call.at, actual: call.name, expected: [...tools.keys()] },
    ),
  ]
}

/** `function.arguments` is a JSON-encoded string, not the decoded object. */
export function argumentsStringFindings(call: ToolCallView): Finding[] {
  if (typeof call.arguments === 'string') return []
  const what = Array.isArray(call.arguments)
    ? 'non-string fragments'
    : call.arguments === undefined
      ? 'missing'
      : call.arguments === null
        ? 'null'
        : `${typeof call.arguments === 'object' ? 'an' : 'a'} ${typeof call.arguments}`
  return [
    finding(`function.arguments is ${what}, expected a JSON-encoded string`, { at: call.at, actual: call.arguments }),
  ]
}

/**
 * The arguments parse as a JSON object that validates against the declared parameters.
 * Calls of undeclared functions and non-string arguments are other checks' findings.
 */
export function argumentsValidFindings(call: ToolCallView, tool: DeclaredTool): Finding[] | { skip: string } {
  const parsed = parseArguments(call.arguments)
  if (!parsed.ok) return [finding(`${tool.name}: ${parsed.problem}`, { at: call.at, actual: call.arguments })]
  const parameters = tool.parameters ?? { type: 'object', properties: {} }
  return declaredSchemaFindings(parameters, parsed.value, call.at, `${tool.name} arguments`)
}
