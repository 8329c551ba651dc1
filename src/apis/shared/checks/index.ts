/** Every check of the shared slice, in catalogue order, and the union of their ids. */
import { CREDENTIALS_CHECKS } from './credentials.ts'
import { ERRORS_CHECKS } from './errors.ts'
import { HTTP_CHECKS } from './http.ts'
import { SDK_CHECKS } from './sdk.ts'

export const SHARED_CHECKS = [...HTTP_CHECKS, ...SDK_CHECKS, ...ERRORS_CHECKS, ...CREDENTIALS_CHECKS]

export type SharedCheckId = (typeof SHARED_CHECKS)[number]['id']
