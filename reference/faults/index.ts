/**
 * The fault catalogue: every named deviation the reference can commit (`serve --fault NAME`).
 *
 * To add a fault, append it to the file for its area (or a new area file listed below):
 * a kebab-case name, one-line description, what it is modelled on, the check ids it must
 * trip, and the hooks it needs (../handlers/pipeline.ts says when each runs).
 */
import { chatFaults } from './chat.ts'
import { errorFaults } from './errors.ts'
import { httpFaults } from './http.ts'
import { modelFaults } from './models.ts'
import { requestFaults } from './requests.ts'
import { streamFaults } from './stream.ts'
import { structuredFaults } from './structured.ts'
import { toolFaults } from './tools.ts'
import type { Fault } from './types.ts'

export type { Fault, FaultHooks, ReferenceRequest } from './types.ts'

export const FAULTS: readonly Fault[] = Object.freeze(
  [
    ...chatFaults,
    ...requestFaults,
    ...modelFaults,
    ...errorFaults,
    ...httpFaults,
    ...streamFaults,
    ...toolFaults,
    ...structuredFaults,
  ].map((fault) =>
    Object.freeze({
      ...fault,
      proves: Object.freeze([...fault.proves]) as string[],
      hooks: Object.freeze({ ...fault.hooks }),
    }),
  ),
)

export function getFault(name: string): Fault | undefined {
  return FAULTS.find((fault) => fault.name === name)
}

/** A fault without its hooks: what `serve --list-faults` prints and reports cite. */
export type FaultSummary = Omit<Fault, 'hooks'>

export function listFaults(): FaultSummary[] {
  return FAULTS.map(({ hooks: _hooks, ...summary }) => summary)
}

/** Names to faults (fault objects pass through); an unknown name throws, listing the valid ones. */
export function resolveFaults(faults: ReadonlyArray<string | Fault> = []): Fault[] {
  return faults.map((fault) => {
    if (typeof fault !== 'string') return fault
    const found = getFault(fault)
    if (!found) throw new Error(`unknown fault "${fault}"; valid faults: ${FAULTS.map(({ name }) => name).join(', ')}`)
    return found
  })
}
