/** The Audio API: speech (suite, checks and reference to come). */
import { defineApi } from '../shared/slice.ts'
import { AUDIO_OPERATIONS } from './operations.ts'

export default defineApi({ name: 'audio', checks: [], operations: AUDIO_OPERATIONS })
