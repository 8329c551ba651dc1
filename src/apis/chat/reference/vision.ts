/**
 * What the reference model sees of a chat request's images: each `image_url` part of the
 * conversation read to its pixels (a `data:` URL decoded, an http(s) URL fetched with a
 * bounded size and time), decoded with pngjs or jpeg-js, and named by its dominant colour, so
 * that a vision answer depends on the image content. An image that cannot be read is refused
 * with 400 the way OpenAI refuses it. Also the images the reference serves by URL
 * (`GET /vision/images/{colour}.{format}`, without the key), so the URL cases run offline.
 */
import type { RequestContext } from '../../../reference/context.ts'
import { apiError, invalidUrl, type ApiError } from '../../../reference/errors.ts'
import { colourNamed, FIXTURE_COLOURS, type ImageFormat, solidImage, VISION_MEDIA_TYPES } from '../vision-images.ts'

/** The largest image the reference reads, in bytes (OpenAI's limit per image). */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024
/** How long it waits for an image URL. */
export const IMAGE_FETCH_TIMEOUT_MS = 5_000

/** An image part of the conversation: where it is, and its URL. */
export interface ImagePart {
  /** `messages[0].content[1]`. */
  at: string
  message: number
  url: string
}

/** What the model saw of one image part: its dominant colour, by name. */
export interface SeenImage {
  message: number
  colour: string
}

/** Every `image_url` part with a string URL, in conversation order. */
export function imageParts(messages: readonly unknown[]): ImagePart[] {
  return messages.flatMap((message, i) => {
    const content = (message as { content?: unknown } | null)?.content
    if (!Array.isArray(content)) return []
    return content.flatMap((part, j) => {
      const url = (part as { type?: unknown; image_url?: { url?: unknown } } | null)?.image_url?.url
      return (part as { type?: unknown })?.type === 'image_url' && typeof url === 'string'
        ? [{ at: `messages[${i}].content[${j}]`, message: i, url }]
        : []
    })
  })
}

/**
 * The images of the conversation as the model sees them, or the first image problem as
 * OpenAI words it. Parts are read concurrently (URLs in parallel, as OpenAI downloads them).
 */
export async function seeImages(messages: readonly unknown[]): Promise<{ seen: SeenImage[]; problems: ApiError[] }> {
  const parts = imageParts(messages)
  const read = await Promise.all(parts.map(async (part) => ({ part, colour: await colourOf(part) })))
  const seen: SeenImage[] = []
  const problems: ApiError[] = []
  for (const { part, colour } of read) {
    if (typeof colour === 'string') seen.push({ message: part.message, colour })
    else problems.push(colour)
  }
  return { seen, problems }
}

/** Colours of the `data:` URLs seen last, by URL: the same image is decoded once (an http URL is fetched every time). */
const seenDataUrls = new Map<string, string>()
const SEEN_DATA_URLS = 32

/** The dominant colour's name of the image a part carries, or why it cannot be read. */
async function colourOf(part: ImagePart): Promise<string | ApiError> {
  const inline = part.url.startsWith('data:')
  const known = inline ? seenDataUrls.get(part.url) : undefined
  if (known !== undefined) return known
  const colour = await readColour(part, inline)
  if (inline && typeof colour === 'string') {
    if (seenDataUrls.size >= SEEN_DATA_URLS) seenDataUrls.delete(seenDataUrls.keys().next().value!)
    seenDataUrls.set(part.url, colour)
  }
  return colour
}

async function readColour(part: ImagePart, inline: boolean): Promise<string | ApiError> {
  const bytes = inline ? dataUrlBytes(part) : await fetchImage(part)
  if (!(bytes instanceof Uint8Array)) return bytes
  // The decoders load with the first image: a run without one never needs them.
  const { decodePixels, dominantColour } = await import('./pixels.ts')
  const pixels = decodePixels(bytes)
  if (pixels === null) return unsupportedImage(part)
  return dominantColour(pixels)
}

const DATA_URL = /^data:(image\/[\w.+-]+);base64,([A-Za-z0-9+/=\s]*)$/

function dataUrlBytes(part: ImagePart): Uint8Array | ApiError {
  const match = DATA_URL.exec(part.url)
  if (!match) {
    return apiError(
      400,
      `Invalid '${part.at}.image_url.url'. Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got a value that is not one.`,
      { param: `${part.at}.image_url.url`, code: 'invalid_value' },
    )
  }
  const bytes = Buffer.from(match[2]!, 'base64')
  if (bytes.byteLength > MAX_IMAGE_BYTES) return tooLarge(part)
  return bytes
}

/** An http(s) image URL's bytes, bounded in size and time; any failure is OpenAI's download error. */
async function fetchImage(part: ImagePart): Promise<Uint8Array | ApiError> {
  const downloadError = (what: string) =>
    apiError(400, `${what} while downloading ${part.url}.`, {
      param: `${part.at}.image_url.url`,
      code: 'invalid_image_url',
    })
  let url: URL
  try {
    url = new URL(part.url)
  } catch {
    return downloadError('Error')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return downloadError('Error')
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(IMAGE_FETCH_TIMEOUT_MS), redirect: 'follow' })
    if (!response.ok || !response.body) {
      await response.body?.cancel()
      return downloadError('Error')
    }
    const reader = response.body.getReader()
    const chunks: Uint8Array[] = []
    let size = 0
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength
      if (size > MAX_IMAGE_BYTES) {
        await reader.cancel().catch(() => {})
        return tooLarge(part)
      }
      chunks.push(read.value)
    }
    return Buffer.concat(chunks)
  } catch (error) {
    return downloadError((error as Error)?.name === 'TimeoutError' ? 'Timeout' : 'Error')
  }
}

function tooLarge(part: ImagePart): ApiError {
  return apiError(400, `The image at '${part.at}.image_url.url' is larger than ${MAX_IMAGE_BYTES} bytes.`, {
    param: `${part.at}.image_url.url`,
    code: 'image_too_large',
  })
}

function unsupportedImage(part: ImagePart): ApiError {
  return apiError(
    400,
    "You uploaded an unsupported image. Please make sure your image has of one the following formats: ['png', 'jpeg', 'gif', 'webp'].",
    { param: `${part.at}.image_url.url`, code: 'invalid_image_format' },
  )
}

// ---------------------------------------------------------------------------------------
// The images it serves by URL

/** The reference's own name for the image route (no recorded operation serves it). */
export const VISION_IMAGE_OPERATION = 'downloadVisionImage'

/** The path of the image route below the base URL. */
export const VISION_IMAGES_PATH = '/vision/images/'

/** The URL of a solid image the reference serves, below its base URL. */
export function visionImageUrl(baseUrl: string, colour: string, format: ImageFormat): string {
  return `${baseUrl.replace(/\/+$/, '')}${VISION_IMAGES_PATH}${colour}.${format}`
}

/**
 * `GET /vision/images/{colour}.{png|jpeg}`: a solid image of a palette colour: the committed
 * file for the suite's own colours, encoded on demand for the others.
 */
export async function visionImageFile(ctx: RequestContext): Promise<Response> {
  const [name = '', format, ...rest] = ctx.req.path.slice(VISION_IMAGES_PATH.length).split('.')
  const colour = colourNamed(name)
  if (rest.length > 0 || !colour || (format !== 'png' && format !== 'jpeg'))
    return ctx.reject(invalidUrl(ctx.req.method, ctx.settings.basePath + ctx.req.path)) ?? ctx.json({})
  const bytes = FIXTURE_COLOURS.includes(colour)
    ? solidImage(colour, format)
    : (await import('../vision-encode.ts')).encodeSolidImage(colour, format)
  return ctx.answerBytes(bytes, VISION_MEDIA_TYPES[format])
}
