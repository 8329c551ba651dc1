/**
 * What an operation is: a call of the official SDK that returns a plain, serialisable view of
 * what the SDK produced (the wire itself is captured by the capturing fetch), plus the HTTP
 * request it sends, for exchanges the SDK failed before sending. Each API slice declares its
 * own operations (`src/apis/<api>/operations.ts`); the transport runs whichever table it is given.
 *
 * Bodies come from declarative suites, so they are passed to the SDK as they are (cast, not
 * validated): sending what a case declares, including deliberately odd requests, is the point.
 */
import type OpenAI from 'openai'
import type { OperationName } from '../core/types.ts'

/** The SDK's per-request options (headers, signal, …). */
export type RequestOptions = NonNullable<Parameters<OpenAI['models']['retrieve']>[1]>

export interface Operation {
  /** Runs the SDK call. */
  run(sdk: OpenAI, body: Record<string, unknown>, options: RequestOptions): Promise<unknown>
  /** The HTTP method the call sends. */
  method: 'GET' | 'POST'
  /** The path below the base URL the call sends to. */
  path(body: Record<string, unknown>): string
}

/** Every operation the transport can perform, by name. */
export type OperationTable = Record<OperationName, Operation>

/** The operations of one API slice. */
export type SliceOperations = Partial<OperationTable>

/** Request parameters as the SDK types them, open to whatever else a case declares. */
export type Params<T> = T & Record<string, unknown>
