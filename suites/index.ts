/** Every suite, in the order a run reports them. */
import type { CheckId } from '../src/apis/index.ts'
import type { Suite } from '../src/core/types.ts'
import chat from './chat.ts'
import embeddings from './embeddings.ts'
import errors from './errors.ts'
import images from './images.ts'
import models from './models.ts'
import speech from './speech.ts'
import streaming from './streaming.ts'
import structured from './structured.ts'
import tools from './tools.ts'
import vision from './vision.ts'

export const ALL_SUITES: readonly Suite<CheckId>[] = [
  models,
  chat,
  errors,
  streaming,
  tools,
  structured,
  vision,
  embeddings,
  images,
  speech,
]
