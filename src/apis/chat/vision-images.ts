/**
 * Images the vision cases make themselves, so runs are offline and reproducible: one large solid
 * colour per image, as PNG or JPEG, carried as a `data:` URL (or served by URL). The colour is
 * the one unmistakable property a model that really received the image can name in one word;
 * the palette is the colour words a reply is read for, and what the reference names an image's
 * dominant colour by. The suite's own images (red and blue, PNG and JPEG) are encoded once by
 * `node scripts/make-vision-images.ts` (./vision-encode.ts) and committed in ./vision-fixtures/,
 * so a run reads them instead of loading an encoder; a test holds the files to the encoder.
 */
import { readFileSync } from 'node:fs'

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

export const VISION_MEDIA_TYPES: Readonly<Record<ImageFormat, string>> = { png: 'image/png', jpeg: 'image/jpeg' }

/** The colours of the committed images. */
export const FIXTURE_COLOURS: readonly NamedColour[] = [RED, BLUE]
export const IMAGE_FORMATS: readonly ImageFormat[] = ['png', 'jpeg']

/** Where the committed image of a colour and format is. */
export function fixtureUrl(colour: NamedColour, format: ImageFormat): URL {
  return new URL(`./vision-fixtures/${colour.name}.${format}`, import.meta.url)
}

const fixtures = new Map<string, Buffer>()

/** The committed solid image of one of FIXTURE_COLOURS, read once. */
export function solidImage(colour: NamedColour, format: ImageFormat): Buffer {
  const key = `${colour.name}.${format}`
  let bytes = fixtures.get(key)
  if (!bytes) {
    bytes = readFileSync(fixtureUrl(colour, format))
    fixtures.set(key, bytes)
  }
  return bytes
}

/** The image as a `data:` URL, the way chat image parts carry inline images. */
export function solidImageDataUrl(colour: NamedColour, format: ImageFormat): string {
  return `data:${VISION_MEDIA_TYPES[format]};base64,${solidImage(colour, format).toString('base64')}`
}
