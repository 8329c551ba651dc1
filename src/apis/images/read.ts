/**
 * Reading an image generation the way the checks need it: what the request asked for (how
 * many images, in which form, format and size), the images the response holds, and the
 * bytes of each (decoded from `b64_json`, or fetched from its URL by the case's `download`
 * exchange).
 */
import { imageSize } from 'image-size'
import { skip } from '../../core/define.ts'
import type { Exchange } from '../../core/exchange.ts'
import type { ImageFormat } from '../../core/target-options.ts'
import type { CheckContext, Exchanges } from '../../core/types.ts'
import { type Applicable, successObject } from '../shared/applicability.ts'
import { isPlainObject, isSuccess, mediaType, show } from '../shared/body.ts'

/** The name of the exchange that fetches the first image's URL (see `followImageUrl`). */
export const DOWNLOAD = 'download'

/** What the request asked for. */
export interface AskedImages {
  /** `n`, 1 when absent. */
  count: number
  /**
   * How each image is to come: `response_format`; `b64_json` when the request names
   * `output_format` instead (the GPT image models answer base64 only); null when it names
   * neither (dall-e-2 answers a URL, a GPT image model base64: either is right).
   */
  form: 'b64_json' | 'url' | null
  /** `output_format`, png when absent (what every OpenAI image model draws by default). */
  format: ImageFormat
  /** `size` as numbers; null for `auto` or none (the model chooses). */
  size: { width: number; height: number } | null
}

export function askedImages(request: Record<string, unknown>): AskedImages {
  const responseFormat = request.response_format
  const outputFormat = request.output_format
  const size = typeof request.size === 'string' ? /^(\d+)x(\d+)$/.exec(request.size) : null
  return {
    count: typeof request.n === 'number' ? request.n : 1,
    form:
      responseFormat === 'b64_json' || responseFormat === 'url'
        ? responseFormat
        : typeof outputFormat === 'string'
          ? 'b64_json'
          : null,
    format: outputFormat === 'jpeg' || outputFormat === 'webp' ? outputFormat : 'png',
    size: size ? { width: Number(size[1]), height: Number(size[2]) } : null,
  }
}

/** The `data` items of a successful ImagesResponse, or why there are none to read. */
export function imageItems(exchange: Exchange): Applicable<readonly unknown[]> {
  const body = successObject(exchange)
  if ('skip' in body) return body
  const data = body.value.data
  if (Array.isArray(data)) return { value: data }
  if (data === undefined && isPlainObject(body.value.error))
    return skip('the body is an error envelope with a success status; see images.response.schema')
  if (data !== undefined) return skip(`data is ${show(data)}, not an array; see images.response.schema`)
  return { value: [] }
}

/** The first image's URL when it is one a client can fetch: an absolute http(s) URL. */
export function fetchableUrl(exchange: Exchange): string | null {
  const items = imageItems(exchange)
  if ('skip' in items) return null
  const first = items.value[0]
  const url = isPlainObject(first) ? first.url : undefined
  return typeof url === 'string' && isHttpUrl(url) ? url : null
}

/** The body of the `download` request: the first image's URL, or null when there is none to fetch. */
export function followImageUrl(exchange: Exchange): { url: string } | null {
  const url = fetchableUrl(exchange)
  return url ? { url } : null
}

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

/** An image file as `image-size` reads it: its type as that library names it (`png`, `jpg`, `webp`…) and its dimensions, or why it is no image. */
export type ImageInfo = { type: string; width: number; height: number } | { problem: string }

/** One image the response delivered: where it was found, and what its bytes are, or why they cannot be read. */
export type ImageFile = { at: string; info: ImageInfo } | { at: string; unreadable: string }

/**
 * The images to judge: each `b64_json` decoded, and the first URL's bytes as the `download`
 * exchange fetched them. None when the response holds neither (`images.data.form` says so).
 * Read once per case: the image checks share it.
 */
export function imageFiles(ctx: CheckContext<unknown>): Applicable<ImageFile[]> {
  let files = filesByCase.get(ctx.exchanges)
  if (!files) {
    files = readImageFiles(ctx.exchanges)
    filesByCase.set(ctx.exchanges, files)
  }
  return files
}

const filesByCase = new WeakMap<Exchanges, Applicable<ImageFile[]>>()

function readImageFiles(exchanges: Exchanges): Applicable<ImageFile[]> {
  const items = imageItems(exchanges.main)
  if ('skip' in items) return items
  const files: ImageFile[] = []
  let unjudged = 'the response holds no image to read; see images.data.form'
  items.value.forEach((item, index) => {
    if (!isPlainObject(item)) return
    if (typeof item.b64_json === 'string') files.push(decodedFile(`/data/${index}/b64_json`, item.b64_json))
    else if (index === 0 && typeof item.url === 'string') {
      const fetched = fetchedFile(exchanges[DOWNLOAD])
      if (typeof fetched === 'string') unjudged = fetched
      else files.push(fetched)
    }
  })
  return files.length ? { value: files } : skip(unjudged)
}

/** Standard base64 (RFC 4648 §4), padded: what `b64_json` is. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

function decodedFile(at: string, text: string): ImageFile {
  if (text === '') return { at, unreadable: 'b64_json is empty' }
  if (text.startsWith('data:')) return { at, unreadable: `b64_json is a data URL (${show(text, 40)}), not base64` }
  if (!BASE64.test(text))
    return { at, unreadable: `b64_json is not standard padded base64 (RFC 4648 §4): ${show(text, 40)}` }
  return { at, info: readImage(Buffer.from(text, 'base64')) }
}

/** The bytes the download fetched, or why there are none to judge (images.url.fetchable or images.url.content-type says more). */
function fetchedFile(download: Exchange | undefined): ImageFile | string {
  const response = download?.response
  if (!download || !response || download.error || !isSuccess(download))
    return 'the image was not fetched; see images.url.fetchable'
  if (response.bodyBase64 === null)
    return `the URL serves ${mediaType(download) ?? 'no content type'}, which is not binary, so its bytes were read as text; see images.url.content-type`
  return { at: `${DOWNLOAD}: ${download.request.url}`, info: readImage(Buffer.from(response.bodyBase64, 'base64')) }
}

/** What `image-size` reads of the bytes: it recognises each format by its signature and reads the dimensions from its header. */
function readImage(bytes: Uint8Array): ImageInfo {
  if (bytes.byteLength === 0) return { problem: 'no bytes' }
  try {
    const { type, width, height } = imageSize(bytes)
    if (type && width && height) return { type, width, height }
    return { problem: 'image-size reads no type or dimensions in it' }
  } catch (error) {
    const start = Buffer.from(bytes.subarray(0, 16)).toString('latin1')
    const why = error instanceof Error ? error.message : String(error)
    return { problem: `the bytes are no image image-size knows (${why}); they start ${show(start, 40)}` }
  }
}

/** The name `image-size` gives each format. */
export const IMAGE_SIZE_TYPES: Readonly<Record<ImageFormat, string>> = { png: 'png', jpeg: 'jpg', webp: 'webp' }
