/**
 * `node scripts/make-vision-images.ts`: encodes the vision cases' solid images (red and blue,
 * PNG and JPEG, 256 px) into src/apis/chat/vision-fixtures/. The encoders are deterministic;
 * test/apis/vision/images.test.ts holds the committed files to what this writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { encodeSolidImage } from '../src/apis/chat/vision-encode.ts'
import { FIXTURE_COLOURS, fixtureUrl, IMAGE_FORMATS } from '../src/apis/chat/vision-images.ts'

for (const colour of FIXTURE_COLOURS) {
  for (const format of IMAGE_FORMATS) {
    const file = fileURLToPath(fixtureUrl(colour, format))
    mkdirSync(path.dirname(file), { recursive: true })
    const bytes = encodeSolidImage(colour, format)
    writeFileSync(file, bytes)
    console.log(`${path.relative(process.cwd(), file)}: ${bytes.byteLength} bytes`)
  }
}
