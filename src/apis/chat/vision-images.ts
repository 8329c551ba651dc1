/**
 * Images the vision cases make themselves, so runs are offline and reproducible: one large solid
 * colour per image, encoded as PNG or JPEG and carried as a `data:` URL. The colour is the one
 * unmistakable property a model that really received the image can name in one word.
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

const MEDIA_TYPES: Record<ImageFormat, string> = { png: 'image/png', jpeg: 'image/jpeg' }

/** The image as a `data:` URL, the way chat image parts carry inline images. */
export function solidImageDataUrl(colour: NamedColour, format: ImageFormat): string {
  return `data:${MEDIA_TYPES[format]};base64,${encodeSolidImage(colour, format).toString('base64')}`
}
