/**
 * The reference's image model: what it takes (the union of what OpenAI's image models take:
 * `response_format` as `dall-e-2` does, `output_format` as the GPT image models do, every
 * size any of them takes) and the images it draws: solid-colour files made once with ffmpeg
 * (./fixtures/make-fixtures.sh), one per size and format.
 */
import { readFileSync } from 'node:fs'
import { IMAGE_FORMATS, type ImageFormat, type ImagesOptions } from '../../../core/target-options.ts'

/** Every size OpenAI's image models take (dall-e-2, dall-e-3, the GPT image models). */
export const REFERENCE_IMAGE_SIZES = [
  '256x256',
  '512x512',
  '1024x1024',
  '1536x1024',
  '1024x1536',
  '1792x1024',
  '1024x1792',
] as const

/** What `size: "auto"` (and no size) draws. */
export const DEFAULT_IMAGE_SIZE = '1024x1024'

/** The most images one request may ask for (`n`), as OpenAI's. */
export const MAX_IMAGES = 10

/** What the reference's image model takes, as a target's options say it (`target.images`). */
export const REFERENCE_IMAGES_OPTIONS: Readonly<Required<ImagesOptions>> = Object.freeze({
  responseFormat: true,
  outputFormats: IMAGE_FORMATS,
  sizes: ['256x256', '1024x1024', '1024x1536', '1792x1024'],
})

/** The media type each format is served as. */
export const IMAGE_MEDIA_TYPES: Readonly<Record<ImageFormat, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
}

const cache = new Map<string, Uint8Array>()

/** The image the model draws at `size` (one of REFERENCE_IMAGE_SIZES) in `format`; read once, then kept. */
export function drawImage(size: string, format: ImageFormat): Uint8Array {
  const name = `${size}.${format}`
  let bytes = cache.get(name)
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)))
    cache.set(name, bytes)
  }
  return bytes
}

export function isReferenceSize(size: string): size is (typeof REFERENCE_IMAGE_SIZES)[number] {
  return (REFERENCE_IMAGE_SIZES as readonly string[]).includes(size)
}

export function isImageFormat(value: unknown): value is ImageFormat {
  return (IMAGE_FORMATS as readonly unknown[]).includes(value)
}
