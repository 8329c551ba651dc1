/**
 * Encoding the vision cases' solid images (pngjs, jpeg-js): what made the committed files in
 * ./vision-fixtures/ (`node scripts/make-vision-images.ts`), and what the reference serves
 * other palette colours with.
 */
import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import type { ImageFormat, NamedColour } from './vision-images.ts'

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
