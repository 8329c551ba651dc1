/**
 * Images the vision cases make themselves, so runs are offline and reproducible: one large solid
 * colour per image, encoded as PNG or JPEG and carried as a `data:` URL (or served by URL). The
 * colour is the one unmistakable property a model that really received the image can name in
 * one word; the palette is the colour words a reply is read for, and what the reference names
 * an image's dominant colour by.
 */
import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'

/** A colour a question can ask for by name, with the pixel value the image is filled with. */
export interface NamedColour {
  readonly name: string
  readonly rgb: readonly [number, number, number]
}

export const RED: NamedColour = { name: 'red', rgb: [220, 20, 20] }
export const BLUE: NamedColour = { name: 'blue', rgb: [20, 40, 220] }

/**
 * The basic colour words, each with a typical pixel value: an image is named by the nearest
 * one, a reply is read for every one it says (`grey` is `gray`).
 */
export const PALETTE: readonly NamedColour[] = [
  RED,
  BLUE,
  { name: 'green', rgb: [20, 160, 40] },
  { name: 'yellow', rgb: [240, 220, 30] },
  { name: 'orange', rgb: [245, 140, 20] },
  { name: 'purple', rgb: [130, 30, 160] },
  { name: 'pink', rgb: [245, 160, 200] },
  { name: 'brown', rgb: [130, 80, 30] },
  { name: 'black', rgb: [0, 0, 0] },
  { name: 'white', rgb: [255, 255, 255] },
  { name: 'gray', rgb: [128, 128, 128] },
]

const COLOUR_ALIASES: Readonly<Record<string, string>> = { grey: 'gray' }

/** The palette colour nearest to a pixel value (Euclidean distance in RGB). */
export function nearestColour(rgb: readonly [number, number, number]): NamedColour {
  const distance = (colour: NamedColour) => colour.rgb.reduce((sum, value, i) => sum + (value - rgb[i]!) ** 2, 0)
  return PALETTE.reduce((best, colour) => (distance(colour) < distance(best) ? colour : best))
}

/** The palette colours a text names, in the order it first names them ("Red and grey." gives red, gray). */
export function colourWords(text: string): string[] {
  const names = new Set(PALETTE.map((colour) => colour.name))
  const said = (text.toLowerCase().match(/\p{L}+/gu) ?? []).map((word) => COLOUR_ALIASES[word] ?? word)
  return [...new Set(said.filter((word) => names.has(word)))]
}

/** The colour of each image the suite serves or sends, by name. */
export function colourNamed(name: string): NamedColour | undefined {
  return PALETTE.find((colour) => colour.name === name)
}

export type ImageFormat = 'png' | 'jpeg'

/** Side of the square images, in pixels: large enough for a low-detail view to show the colour. */
export const IMAGE_SIDE = 256

function solidRgba(colour: NamedColour, side: number): Buffer {
  const pixels = Buffer.alloc(side * side * 4)
  for (let offset = 0; offset < pixels.length; offset += 4) {
    pixels[offset] = colour.rgb[0]
    pixels[offset + 1] = colour.rgb[1]
    pixels[offset + 2] = colour.rgb[2]
    pixels[offset + 3] = 255
  }
  return pixels
}

/** Encodes a square image filled with one colour in the given format. */
export function encodeSolidImage(colour: NamedColour, format: ImageFormat, side = IMAGE_SIDE): Buffer {
  const data = solidRgba(colour, side)
  if (format === 'jpeg') {
    return Buffer.from(jpeg.encode({ data, width: side, height: side }, 90).data)
  }
  const png = new PNG({ width: side, height: side })
  data.copy(png.data)
  return PNG.sync.write(png)
}

export const VISION_MEDIA_TYPES: Readonly<Record<ImageFormat, string>> = { png: 'image/png', jpeg: 'image/jpeg' }

/** The image as a `data:` URL, the way chat image parts carry inline images. */
export function solidImageDataUrl(colour: NamedColour, format: ImageFormat): string {
  return `data:${VISION_MEDIA_TYPES[format]};base64,${encodeSolidImage(colour, format).toString('base64')}`
}
