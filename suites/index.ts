/** Every suite, in the order a run reports them. */
import type { Suite } from '../src/engine/types.ts'
import chat from './chat.ts'
import errors from './errors.ts'
import models from './models.ts'

export const ALL_SUITES: readonly Suite[] = [models, chat, errors]
