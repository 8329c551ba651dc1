import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { encodeSolidImage, IMAGE_SIDE } from '../../../src/apis/chat/vision-encode.ts'
import {
  BLUE,
  colourWords,
  FIXTURE_COLOURS,
  IMAGE_FORMATS,
  RED,
  solidImage,
  solidImageDataUrl,
} from '../../../src/apis/chat/vision-images.ts'

describe('vision images', () => {
  it('encodes a PNG whose every pixel is the colour', () => {
    const png = PNG.sync.read(encodeSolidImage(RED, 'png'))
    expect([png.width, png.height]).toEqual([IMAGE_SIDE, IMAGE_SIDE])
    expect([...png.data.subarray(0, 3)]).toEqual([...RED.rgb])
    expect([...png.data.subarray(png.data.length - 4, png.data.length - 1)]).toEqual([...RED.rgb])
  })

  it('encodes a JPEG whose pixels are close to the colour', () => {
    const image = jpeg.decode(encodeSolidImage(BLUE, 'jpeg'))
    expect(image.width).toBe(IMAGE_SIDE)
    for (const [channel, value] of BLUE.rgb.entries()) {
      expect(Math.abs((image.data[channel] ?? 0) - value)).toBeLessThan(12)
    }
  })

  it('carries the image as a data: URL with its media type', () => {
    expect(solidImageDataUrl(RED, 'png')).toMatch(/^data:image\/png;base64,iVBOR/)
    expect(solidImageDataUrl(RED, 'jpeg')).toMatch(/^data:image\/jpeg;base64,\/9j\//)
  })

  it.each(FIXTURE_COLOURS.flatMap((colour) => IMAGE_FORMATS.map((format) => [colour.name, format, colour] as const)))(
    'the committed %s %s is what the encoder makes (node scripts/make-vision-images.ts)',
    (_name, format, colour) => {
      expect(Buffer.compare(solidImage(colour, format), encodeSolidImage(colour, format))).toBe(0)
    },
  )

  it('reads the colour words of a reply, grey as gray, each once, in order', () => {
    expect(colourWords('Red. Then grey, then RED again; not a redder hue.')).toEqual(['red', 'gray'])
    expect(colourWords('I cannot see any image.')).toEqual([])
  })
})
