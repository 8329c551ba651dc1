/** The Images API's check sets: a generation's JSON and images, and the URL an image came as. */
import { defineCheckSet } from '../../core/define.ts'
import { JSON_SUCCESS } from '../shared/check-sets.ts'
import type { SharedCheckId } from '../shared/checks/index.ts'
import type { ImagesCheckId } from './checks.ts'

/** The checks this slice's sets may name. */
type SetCheckId = ImagesCheckId | SharedCheckId

const GENERATIONS = { method: 'POST', path: '/images/generations' } as const

/** `POST /images/generations`: the JSON answer, its ImagesResponse, and each image's bytes. */
export const IMAGES_GENERATION = defineCheckSet<SetCheckId>({
  name: 'images.generation',
  title: 'POST /images/generations: an ImagesResponse with the images asked for',
  premise: { endpoint: GENERATIONS, status: 'success' },
  checks: [
    ...JSON_SUCCESS.checks,
    'images.response.schema',
    'images.response.created',
    'images.data.count',
    'images.data.form',
    'images.image.decodes',
    'images.image.format',
    'images.image.size',
  ],
})

/** An image asked for as a URL: the URL serves it. */
export const IMAGES_URL = defineCheckSet<SetCheckId>({
  name: 'images.url',
  title: 'An image URL serves the image',
  premise: { endpoint: GENERATIONS, status: 'success', request: { response_format: { is: 'url' } } },
  checks: ['images.url.fetchable', 'images.url.content-type'],
  needsCase: "the URL is fetched by the case's download request, which a recording does not have",
})

export const IMAGES_CHECK_SETS = [IMAGES_GENERATION, IMAGES_URL]
