/**
 * Image generation, `POST /images/generations` → `ImagesResponse`: the JSON, and the images
 * themselves. Each image is judged on its bytes (decoded from `b64_json`, or as its URL
 * serves them), read with `image-size`: an image that does not decode, or comes in another
 * format or size than asked, passes every schema and still breaks the user.
 */
import { defineCheck, finding, skip } from '../../core/define.ts'
import type { CheckContext, CheckResult, Finding } from '../../core/types.ts'
import { successObject } from '../shared/applicability.ts'
import { isPlainObject, isSuccess, mediaType, show } from '../shared/body.ts'
import { createdFindings } from '../shared/created.ts'
import { schemaFindings } from '../shared/schema.ts'
import { schemaRef } from '../shared/spec.ts'
import {
  askedImages,
  DOWNLOAD,
  fetchableUrl,
  IMAGE_SIZE_TYPES,
  type ImageFile,
  imageFiles,
  imageItems,
  isHttpUrl,
} from './read.ts'

const OP = 'createImage'
const RESPONSE = 'ImagesResponse'
const requestParam = (name: string) => schemaRef(OP, 'CreateImageRequest', 'properties', name)

export const responseSchema = defineCheck({
  id: 'images.response.schema',
  title: 'The response validates against ImagesResponse',
  level: 'required',
  spec: schemaRef(OP, RESPONSE),
  description: 'The body of a successful image generation MUST validate against the recorded ImagesResponse schema.',
  run: ({ exchange }) => {
    const body = successObject(exchange)
    return 'skip' in body ? body : schemaFindings(RESPONSE, body.value)
  },
})

export const responseCreated = defineCheck({
  id: 'images.response.created',
  title: 'created is integer Unix seconds',
  level: 'required',
  spec: schemaRef(OP, RESPONSE, 'properties', 'created'),
  description: 'created MUST be the Unix timestamp (in seconds, an integer) of when the images were created.',
  run: ({ exchange }) => {
    const body = successObject(exchange)
    if ('skip' in body) return body
    if (body.value.created === undefined) return skip('no created; see images.response.schema')
    return createdFindings(body.value.created, '/created')
  },
})

export const dataCount = defineCheck({
  id: 'images.data.count',
  title: 'data holds as many images as n asked for',
  level: 'required',
  spec: requestParam('n'),
  description: '`data` MUST hold one image for each of the `n` asked for (1 when `n` is absent).',
  run: ({ exchange, request }) => {
    const items = imageItems(exchange)
    if ('skip' in items) return items
    const { count } = askedImages(request)
    return items.value.length === count
      ? []
      : [finding(`data holds ${items.value.length} images, n asked for ${count}`, { at: '/data', expected: count })]
  },
})

export const dataForm = defineCheck({
  id: 'images.data.form',
  title: 'Each image comes in the form asked for (b64_json or url)',
  level: 'required',
  spec: requestParam('response_format'),
  description:
    'Each image MUST carry `b64_json` when `response_format` is `b64_json` (or the request names `output_format`: the GPT image models answer base64 only), and `url` when it is `url`; with neither, one of them.',
  notes:
    'The SDK types both members as optional; a client that asked for base64 reads `b64_json` and finds nothing when a URL came instead.',
  run: ({ exchange, request }) => {
    const items = imageItems(exchange)
    if ('skip' in items) return items
    const { form } = askedImages(request)
    return items.value.flatMap((item, index): Finding[] => {
      const at = `/data/${index}`
      if (!isPlainObject(item)) return [finding(`image ${index} is ${show(item)}, not an object`, { at })]
      const has = (member: 'b64_json' | 'url') => typeof item[member] === 'string' && item[member] !== ''
      if (form === null)
        return has('b64_json') || has('url') ? [] : [finding(`image ${index} has neither b64_json nor url`, { at })]
      if (has(form)) return []
      const other = form === 'url' ? 'b64_json' : 'url'
      return [
        finding(
          `image ${index} has no ${form}, asked for by ${request.response_format ? 'response_format' : 'output_format'}${has(other) ? ` (it has ${other} instead)` : ''}`,
          { at, actual: Object.keys(item) },
        ),
      ]
    })
  },
})

/** Runs `judge` on every image that decoded; the findings of all of them. */
function onEachImage(
  ctx: CheckContext<unknown>,
  judge: (info: { type: string; width: number; height: number }, at: string) => Finding[],
): CheckResult {
  const files = imageFiles(ctx)
  if ('skip' in files) return files
  const readable = files.value.flatMap((file) =>
    'info' in file && 'type' in file.info ? [{ ...file.info, at: file.at }] : [],
  )
  if (readable.length === 0) return skip('no image decoded; see images.image.decodes')
  return readable.flatMap((image) => judge(image, image.at))
}

function unreadable(file: ImageFile): string | null {
  if ('unreadable' in file) return file.unreadable
  return 'problem' in file.info ? file.info.problem : null
}

export const imageDecodes = defineCheck({
  id: 'images.image.decodes',
  title: 'Each image is a real image file',
  level: 'required',
  spec: schemaRef(OP, 'Image', 'properties', 'b64_json'),
  description:
    "`b64_json` MUST be the base64 (RFC 4648) of an image file, and a URL MUST serve one: bytes an image reader (image-size) recognises by their signature and reads dimensions from, and a whole file (PNG: every chunk CRC holds, IEND last; JPEG: EOI last; WebP: the RIFF size is the file's).",
  notes:
    "No pixel is decoded (no image decoder is a dependency): the signature, the header and the container's own framing are. A URL is judged on the first image (the one the case fetches).",
  run: (ctx) => {
    const files = imageFiles(ctx)
    if ('skip' in files) return files
    return files.value.flatMap((file) => {
      const problem = unreadable(file)
      return problem ? [finding(problem, { at: file.at })] : []
    })
  },
})

export const imageFormat = defineCheck({
  id: 'images.image.format',
  title: 'Each image is in the format asked for',
  level: 'required',
  spec: requestParam('output_format'),
  description:
    'Each image MUST be in the `output_format` asked for (png, jpeg or webp), PNG when none is: the bytes themselves, whatever the URL or a member says.',
  run: (ctx) => {
    const { format } = askedImages(ctx.request)
    const wanted = IMAGE_SIZE_TYPES[format]
    return onEachImage(ctx, (image, at) =>
      image.type === wanted
        ? []
        : [finding(`the image is ${image.type}, asked for ${format}`, { at, actual: image.type, expected: wanted })],
    )
  },
})

export const imageSize = defineCheck({
  id: 'images.image.size',
  title: 'Each image has the size asked for',
  level: 'required',
  spec: requestParam('size'),
  description:
    'Each image MUST have the `size` asked for (width x height in pixels); `auto` or no size lets the model choose.',
  run: (ctx) => {
    const { size } = askedImages(ctx.request)
    if (!size) return skip('the request lets the model choose the size')
    return onEachImage(ctx, (image, at) =>
      image.width === size.width && image.height === size.height
        ? []
        : [
            finding(`the image is ${image.width}x${image.height}, asked for ${size.width}x${size.height}`, {
              at,
              actual: `${image.width}x${image.height}`,
              expected: `${size.width}x${size.height}`,
            }),
          ],
    )
  },
})

export const urlFetchable = defineCheck({
  id: 'images.url.fetchable',
  title: "The image's URL can be fetched",
  level: 'required',
  spec: schemaRef(OP, 'Image', 'properties', 'url'),
  description:
    "An image's `url` MUST be an absolute http(s) URL that answers a plain GET (no API key: it is a link for whoever got the answer) with HTTP 200 and the image, within the run's timeout and body limit.",
  notes:
    "The case fetches the first image. A URL that cannot be connected to (refused, unknown host) is this check's failure; one that times out leaves the case inconclusive.",
  run: ({ exchange, exchanges }) => {
    const items = imageItems(exchange)
    if ('skip' in items) return items
    const first = items.value[0]
    const url = isPlainObject(first) ? first.url : undefined
    if (typeof url !== 'string') return skip('the first image has no url; see images.data.form')
    if (!isHttpUrl(url) || fetchableUrl(exchange) === null)
      return [finding(`the url ${show(url, 200)} is not an absolute http(s) URL`, { at: '/data/0/url', actual: url })]
    const download = exchanges[DOWNLOAD]
    if (!download) return skip('the case fetched no URL')
    if (!download.response)
      return [
        finding(`GET ${show(url, 200)} got no response: ${download.error?.kind}: ${download.error?.message}`, {
          at: DOWNLOAD,
        }),
      ]
    if (!isSuccess(download) || download.response.status !== 200)
      return [
        finding(`GET ${show(url, 200)} answered HTTP ${download.response.status}`, {
          at: DOWNLOAD,
          actual: download.response.bodyText?.slice(0, 300) ?? null,
          expected: 200,
        }),
      ]
    const received = download.response.receivedBytes
    return received === 0 ? [finding(`GET ${show(url, 200)} answered an empty body`, { at: DOWNLOAD })] : []
  },
})

export const urlContentType = defineCheck({
  id: 'images.url.content-type',
  title: "The image's URL serves it as image/<format>",
  level: 'recommended',
  spec: { doc: 'https://www.rfc-editor.org/rfc/rfc9110#section-8.3' },
  description:
    "The image's URL SHOULD serve it with `Content-Type: image/png` (or image/jpeg, image/webp: the format asked for), as OpenAI's storage links do.",
  notes:
    'Browsers sniff an <img> and most clients save the bytes whatever the label, so a wrong or generic type is a warning. A type that is not binary (text/*) makes this tool read the body as text, so the image itself is not judged.',
  reads: 'head',
  run: ({ exchanges, request }) => {
    const download = exchanges[DOWNLOAD]
    if (!download?.response || !isSuccess(download)) return skip('no image was fetched; see images.url.fetchable')
    const wanted = `image/${askedImages(request).format}`
    const type = mediaType(download)
    return type === wanted
      ? []
      : [
          finding(`the URL serves ${type ?? 'no content type'}, expected ${wanted}`, {
            at: DOWNLOAD,
            actual: download.response.headers['content-type'] ?? null,
            expected: wanted,
          }),
        ]
  },
})

export const IMAGES_CHECKS = [
  responseSchema,
  responseCreated,
  dataCount,
  dataForm,
  imageDecodes,
  imageFormat,
  imageSize,
  urlFetchable,
  urlContentType,
]

export type ImagesCheckId = (typeof IMAGES_CHECKS)[number]['id']
