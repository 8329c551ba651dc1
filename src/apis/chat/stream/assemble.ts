/**
 * Each choice's message as a stream's deltas assemble it: role, content, refusal, finish
 * reasons and tool calls put together from their fragments. A pure function of chunk values,
 * so the SDK checks run it over the SDK's chunks too and compare like with like.
 */
import { isPlainObject } from '../../shared/body.ts'

/** One appearance of a choice in a chunk. */
export interface ChoiceEntry {
  /** Position of the chunk among the chunks. */
  position: number
  /** The choice object as sent (`choices[k]` of that chunk). */
  choice: Record<string, unknown>
  /** Its delta, or `{}` when it has none (the schema check reports that). */
  delta: Record<string, unknown>
}

export interface ToolCallFragment {
  position: number
  fragment: Record<string, unknown>
}

/** One tool call, put together from the fragments that share its `index`. */
export interface ToolCallAssembly {
  /** The `index` its fragments carry, as sent. */
  index: unknown
  fragments: ToolCallFragment[]
  /** The first fragment's `id`, `type` and `function.name`: where OpenAI sends them. */
  id: unknown
  type: unknown
  name: unknown
  /** The string `function.arguments` fragments, concatenated. */
  arguments: string
  /** Positions of fragments whose `function.arguments` is present but not a string. */
  nonStringArguments: number[]
}

export interface ChoiceAssembly {
  index: number
  entries: ChoiceEntry[]
  /** Every delta that carried a `role`, in order. */
  roles: { position: number; role: unknown }[]
  content: string
  /** Positions of the chunks whose delta carried non-empty content. */
  contentPositions: number[]
  refusal: string
  /** Every non-null `finish_reason`, in order. */
  finishes: { position: number; reason: unknown }[]
  /** In order of first appearance. */
  toolCalls: ToolCallAssembly[]
}

/** Assembles each choice's message from chunk values, in order. Total: ignores what it cannot read. */
export function assembleChoices(chunks: readonly unknown[]): ChoiceAssembly[] {
  const byIndex = new Map<number, ChoiceAssembly>()
  chunks.forEach((chunk, position) => {
    if (!isPlainObject(chunk) || !Array.isArray(chunk.choices)) return
    for (const choice of chunk.choices) {
      if (!isPlainObject(choice) || !isIndex(choice.index)) continue
      let assembly = byIndex.get(choice.index)
      if (!assembly) {
        assembly = {
          index: choice.index,
          entries: [],
          roles: [],
          content: '',
          contentPositions: [],
          refusal: '',
          finishes: [],
          toolCalls: [],
        }
        byIndex.set(choice.index, assembly)
      }
      addEntry(assembly, position, choice)
    }
  })
  return [...byIndex.values()].sort((a, b) => a.index - b.index)
}

function addEntry(assembly: ChoiceAssembly, position: number, choice: Record<string, unknown>): void {
  const delta = isPlainObject(choice.delta) ? choice.delta : {}
  assembly.entries.push({ position, choice, delta })
  if ('role' in delta && delta.role !== undefined && delta.role !== null)
    assembly.roles.push({ position, role: delta.role })
  if (typeof delta.content === 'string' && delta.content !== '') {
    assembly.content += delta.content
    assembly.contentPositions.push(position)
  }
  if (typeof delta.refusal === 'string') assembly.refusal += delta.refusal
  if (choice.finish_reason !== null && choice.finish_reason !== undefined)
    assembly.finishes.push({ position, reason: choice.finish_reason })
  if (Array.isArray(delta.tool_calls)) {
    for (const fragment of delta.tool_calls)
      if (isPlainObject(fragment)) addToolCallFragment(assembly, position, fragment)
  }
}

function addToolCallFragment(assembly: ChoiceAssembly, position: number, fragment: Record<string, unknown>): void {
  const fn = isPlainObject(fragment.function) ? fragment.function : {}
  let call = assembly.toolCalls.find((c) => c.index === fragment.index)
  if (!call) {
    call = {
      index: fragment.index,
      fragments: [],
      id: fragment.id,
      type: fragment.type,
      name: fn.name,
      arguments: '',
      nonStringArguments: [],
    }
    assembly.toolCalls.push(call)
  }
  call.fragments.push({ position, fragment })
  if (typeof fn.arguments === 'string') call.arguments += fn.arguments
  else if (fn.arguments !== undefined) call.nonStringArguments.push(position)
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
}
