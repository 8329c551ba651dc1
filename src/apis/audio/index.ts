/** The Audio API: text to speech (`POST /audio/speech`). */
import { defineApi } from '../shared/slice.ts'
import { SPEECH_CHECK_SETS } from './check-sets.ts'
import { SPEECH_CHECKS } from './checks.ts'
import { speechFaults } from './faults.ts'
import { AUDIO_OPERATIONS } from './operations.ts'
import { AUDIO_ROUTES } from './reference/handler.ts'

export default defineApi({
  name: 'audio',
  checks: SPEECH_CHECKS,
  checkSets: SPEECH_CHECK_SETS,
  operations: AUDIO_OPERATIONS,
  routes: AUDIO_ROUTES,
  faults: speechFaults,
})
