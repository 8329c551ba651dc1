/**
 * The reference's image model: real files at every size it takes (file-type says what the
 * bytes are, image-size their dimensions), requests validated like OpenAI's, and image URLs
 * served on its own loopback server without the key.
 */
import { fileTypeFromBuffer } from 'file-type'
import { imageSize } from 'image-size'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { wholeFileProblem } from '../../../src/apis/images/read.ts'
import { drawImage, IMAGE_MEDIA_TYPES, REFERENCE_IMAGE_SIZES } from '../../../src/apis/images/reference/model.ts'
import {
  REFERENCE_API_KEY,
  REFERENCE_IMAGE_MODEL,
  type ReferenceServer,
  startReferenceServer,
} from '../../../src/apis/reference.ts'
import { IMAGE_FORMATS } from '../../../src/core/target-options.ts'

describe.each(IMAGE_FORMATS)('%s fixtures', (format) => {
  test.each(REFERENCE_IMAGE_SIZES)('%s is a whole file of that size', async (size) => {
    const bytes = drawImage(size, format)
    expect((await fileTypeFromBuffer(bytes))?.mime).toBe(IMAGE_MEDIA_TYPES[format])
    const { width, height, type } = imageSize(bytes)
    expect(`${width}x${height}`).toBe(size)
    expect(wholeFileProblem(bytes, type!)).toBeNull()
  })
})

describe('the reference endpoint', () => {
  let server: ReferenceServer
  beforeAll(async () => {
    server = await startReferenceServer()
  })
  afterAll(() => server.close())

  const generate = (body: Record<string, unknown>) =>
    fetch(`${server.url}/images/generations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${REFERENCE_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: REFERENCE_IMAGE_MODEL, prompt: 'p', ...body }),
    })

  test.each([
    [{ size: '300x300' }, 'size', 'invalid_value'],
    [{ n: 11 }, 'n', 'integer_above_max_value'],
    [{ response_format: 'png' }, 'response_format', 'invalid_value'],
    [{ output_format: 'gif' }, 'output_format', 'invalid_value'],
    [{ prompt: null }, 'prompt', 'missing_required_parameter'],
  ])('%j is refused with 400 naming %s', async (body, param, code) => {
    const response = await generate(body)
    expect(response.status).toBe(400)
    expect((await response.json()).error).toMatchObject({ param, code })
  })

  test('a URL answer names a file the server serves without the key', async () => {
    const answer = await (await generate({ response_format: 'url', size: '512x512' })).json()
    const url: string = answer.data[0].url
    expect(url.startsWith(server.url)).toBe(true)
    const file = await fetch(url)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('image/png')
    expect(imageSize(new Uint8Array(await file.arrayBuffer()))).toMatchObject({ width: 512, height: 512 })
    expect((await fetch(`${server.url}/images/files/7x7.png`)).status).toBe(404)
  })

  test('output_format answers base64 and says the format, as the GPT image models do', async () => {
    const answer = await (await generate({ output_format: 'webp' })).json()
    expect(answer.output_format).toBe('webp')
    expect(imageSize(Buffer.from(answer.data[0].b64_json, 'base64'))).toMatchObject({ type: 'webp', width: 1024 })
  })
})
