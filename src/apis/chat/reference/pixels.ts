/**
 * An image's pixels and dominant colour, as the reference model sees them: PNG and JPEG
 * decoded with pngjs and jpeg-js (image-size reads the dimensions first, so that a small file
 * announcing a huge canvas is refused before anything is allocated).
 */
import jpeg from 'jpeg-js'
import { imageSize } from 'image-size'
import { PNG } from 'pngjs'
import { nearestColour } from '../vision-images.ts'

/** The most pixels it decodes. */
export const MAX_IMAGE_PIXELS = 36_000_000
/** Pixels sampled per image for its dominant colour. */
const SAMPLES = 4096

/** RGBA pixels, row by row. */
export interface Pixels {
  width: number
  height: number
  data: Uint8Array
}

/** A PNG or JPEG decoded to RGBA (pngjs, jpeg-js), or null for anything else or too large to decode. */
export function decodePixels(bytes: Uint8Array): Pixels | null {
  let size: ReturnType<typeof imageSize>
  try {
    size = imageSize(bytes)
  } catch {
    return null
  }
  if (size.width * size.height > MAX_IMAGE_PIXELS) return null
  try {
    if (size.type === 'png') {
      const png = PNG.sync.read(Buffer.from(bytes))
      return { width: png.width, height: png.height, data: png.data }
    }
    if (size.type === 'jpg') {
      const image = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: MAX_IMAGE_PIXELS / 1_000_000,
      })
      return { width: image.width, height: image.height, data: image.data }
    }
  } catch {
    return null
  }
  return null
}

/** The palette name most of the image's pixels are nearest to (a sample of them, evenly spread). */
export function dominantColour(pixels: Pixels): string {
  const count = pixels.width * pixels.height
  const step = Math.max(1, Math.floor(count / SAMPLES))
  const votes = new Map<string, number>()
  for (let pixel = 0; pixel < count; pixel += step) {
    const offset = pixel * 4
    const rgb = [pixels.data[offset]!, pixels.data[offset + 1]!, pixels.data[offset + 2]!] as const
    const name = nearestColour(rgb).name
    votes.set(name, (votes.get(name) ?? 0) + 1)
  }
  return [...votes.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0]
}
