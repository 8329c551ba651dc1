/**
 * The API catalogue: every API slice, in the order checks and faults are listed. Adding an
 * API is one folder under `src/apis/` and one line in `APIS`; everything else is derived
 * (./catalogue.ts).
 */
import audio from './audio/index.ts'
import chat from './chat/index.ts'
import embeddings from './embeddings/index.ts'
import images from './images/index.ts'
import models from './models/index.ts'
import shared from './shared/index.ts'
import type { ApiSlice } from './shared/slice.ts'
import { createCatalogue } from './catalogue.ts'

export const APIS = [shared, models, chat, embeddings, images, audio] as const satisfies readonly ApiSlice[]

/** The id of every check there is: a suite naming any other fails `tsc`. */
export type CheckId = (typeof APIS)[number]['checks'][number]['id']

/** What the slices add up to. */
export const CATALOGUE = createCatalogue(APIS)

export const {
  checks: ALL_CHECKS,
  checkRegistry,
  getCheck,
  checkSets: CHECK_SETS,
  operations: OPERATIONS,
  streamTiming,
  usageOf,
  routes: ROUTES,
  faults: FAULTS,
  getFault,
  listFaults,
  resolveFaults,
  inferChecks,
} = CATALOGUE

export type { Catalogue, FaultSummary } from './catalogue.ts'
