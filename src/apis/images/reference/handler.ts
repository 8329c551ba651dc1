/**
 * `POST /images/generations` (`ImagesResponse`) and the files its URLs name: each image in
 * the JSON as base64, or as a URL on the reference's own server (`GET /images/files/{name}`,
 * served without the key, like OpenAI's signed storage links), so URL mode works offline.
 */
import type { RequestContext } from '../../../reference/context.ts'
import { invalidJsonBody, invalidUrl } from '../../../reference/errors.ts'
import { nowSeconds } from '../../../reference/ids.ts'
import type { ReferenceRoute } from '../../../reference/router.ts'
import { findServedModel } from '../../../reference/served-models.ts'
import { drawImage, IMAGE_MEDIA_TYPES, isImageFormat, isReferenceSize } from './model.ts'
import { imageRequestProblems, readImageRequest, type ImageGeneration } from './request.ts'

/** The reference's own name for the file route (no recorded operation serves it). */
export const IMAGE_FILE_OPERATION = 'downloadImageFile'

/** The path of the file route below the base URL. */
export const IMAGE_FILES_PATH = '/images/files/'

const isServed = (model: string) => findServedModel(model) !== undefined

export function createImage(ctx: RequestContext): Response {
  const rejected = firstRejection(ctx)
  if (rejected) return rejected
  const generation = readImageRequest(ctx.req.body)
  return ctx.answer(imagesResponse(generation, `${ctx.settings.baseUrl}${IMAGE_FILES_PATH}`))
}

/** The ImagesResponse of a generation; URLs start with `filesUrl`. */
export function imagesResponse(generation: ImageGeneration, filesUrl: string): Record<string, unknown> {
  const name = `${generation.size}.${generation.format}`
  const image = () =>
    generation.form === 'url'
      ? { url: `${filesUrl}${name}` }
      : { b64_json: Buffer.from(drawImage(generation.size, generation.format)).toString('base64') }
  return {
    created: nowSeconds(),
    data: Array.from({ length: generation.n }, image),
    ...(generation.namesFormat ? { output_format: generation.format } : {}),
  }
}

/** `GET /images/files/{size}.{format}`: the image a URL named. */
export function imageFile(ctx: RequestContext): Response {
  const name = ctx.req.path.slice(IMAGE_FILES_PATH.length)
  const [size = '', format, ...rest] = name.split('.')
  if (rest.length > 0 || !isReferenceSize(size) || !isImageFormat(format))
    return ctx.reject(invalidUrl(ctx.req.method, ctx.settings.basePath + ctx.req.path)) ?? ctx.json({})
  return ctx.answerBytes(drawImage(size, format), IMAGE_MEDIA_TYPES[format])
}

function firstRejection(ctx: RequestContext): Response | null {
  if (ctx.malformedBody) {
    const response = ctx.reject(invalidJsonBody())
    if (response) return response
  }
  for (const problem of imageRequestProblems(ctx.req.body, isServed)) {
    const response = ctx.reject(problem)
    if (response) return response
  }
  return null
}

export const IMAGES_ROUTES: readonly ReferenceRoute[] = [
  { method: 'POST', path: '/images/generations', operationId: 'createImage', handle: createImage },
  { method: 'GET', path: `${IMAGE_FILES_PATH}*`, operationId: IMAGE_FILE_OPERATION, handle: imageFile, public: true },
]
