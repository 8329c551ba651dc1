/**
 * Reading an image generation the way the checks need it: what the request asked for (how
 * many images, in which form, format and size), the images the response holds, and the
 * bytes of each (decoded from `b64_json`, or fetched from its URL by the case's `download`
 * exchange).
 */
import { crc32 } from 'node:zlib'
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
    return skip('the body is an error envelope with a success status; see http.body.not-error')
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

/**
 * What the bytes are: `image-size` recognises each format by its signature and reads the
 * dimensions from its header; the file must then also be whole (see `wholeFileProblem`).
 */
function readImage(bytes: Uint8Array): ImageInfo {
  if (bytes.byteLength === 0) return { problem: 'no bytes' }
  let read: ReturnType<typeof imageSize>
  try {
    read = imageSize(bytes)
  } catch (error) {
    const start = Buffer.from(bytes.subarray(0, 16)).toString('latin1')
    const why = error instanceof Error ? error.message : String(error)
    return { problem: `the bytes are no image image-size knows (${why}); they start ${show(start, 40)}` }
  }
  const { type, width, height } = read
  if (!type || !width || !height) return { problem: 'image-size reads no type or dimensions in it' }
  const broken = wholeFileProblem(bytes, type)
  return broken ? { problem: `a ${type} file that is not whole: ${broken}` } : { type, width, height }
}

/**
 * Why a PNG, JPEG or WebP file is not whole, or null: what its container says of its own
 * extent, which a header reader does not look at. PNG: every chunk's CRC holds and the last
 * is IEND (PNG §5.3, §11.2.5). JPEG: it ends with the EOI marker (T.81 B.2.1). WebP: the RIFF
 * size counts the bytes that follow it (RIFF, WebP container §2). Other formats: not judged.
 */
export function wholeFileProblem(bytes: Uint8Array, type: string): string | null {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (type === 'png') return pngProblem(view)
  if (type === 'jpg')
    return view.length >= 4 && view[view.length - 2] === 0xff && view[view.length - 1] === 0xd9
      ? null
      : 'it does not end with the EOI marker (FF D9)'
  if (type === 'webp') {
    const declared = view.length >= 8 ? view.readUInt32LE(4) + 8 : -1
    return declared === view.length ? null : `its RIFF header counts ${declared} bytes, the file has ${view.length}`
  }
  return null
}

function pngProblem(png: Buffer): string | null {
  let offset = 8
  while (offset + 12 <= png.length) {
    const length = png.readUInt32BE(offset)
    const end = offset + 12 + length
    if (end > png.length) return `chunk at byte ${offset} runs past the end of the file`
    const kind = png.subarray(offset + 4, offset + 8)
    if (crc32(png.subarray(offset + 4, offset + 8 + length)) !== png.readUInt32BE(offset + 8 + length))
      return `the CRC of chunk ${show(kind.toString('latin1'))} at byte ${offset} does not match`
    if (kind.toString('latin1') === 'IEND') return end === png.length ? null : 'bytes follow the IEND chunk'
    offset = end
  }
  return 'it has no IEND chunk'
}
/** The name `image-size` gives each format. */
export const IMAGE_SIZE_TYPES: Readonly<Record<ImageFormat, string>> = { png: 'png', jpeg: 'jpg', webp: 'webp' }
