/**
 * The reference's vision: image parts decoded to their pixels (pngjs, jpeg-js; URLs fetched
 * with a bounded size) and named by their dominant colour, image problems and unknown part
 * types refused with OpenAI's 400, and the images it serves by URL without the key.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { decodePixels, dominantColour } from '../../../src/apis/chat/reference/pixels.ts'
import { MAX_IMAGE_BYTES, visionImageUrl } from '../../../src/apis/chat/reference/vision.ts'
import { encodeSolidImage } from '../../../src/apis/chat/vision-encode.ts'
import { BLUE, PALETTE, RED, solidImageDataUrl } from '../../../src/apis/chat/vision-images.ts'
import {
  REFERENCE_API_KEY,
  REFERENCE_CHAT_MODEL,
  type ReferenceServer,
  startReferenceServer,
} from '../../../src/apis/reference.ts'

describe.each(['png', 'jpeg'] as const)('decoding %s', (format) => {
  test.each(PALETTE.map((colour) => [colour.name, colour] as const))('a solid %s image is named %s', (name, colour) => {
    const pixels = decodePixels(encodeSolidImage(colour, format, 64))
    expect(pixels).not.toBeNull()
    expect(dominantColour(pixels!)).toBe(name)
  })
})

test('bytes that are no PNG or JPEG decode to nothing', () => {
  expect(decodePixels(new TextEncoder().encode('GIF89a not really'))).toBeNull()
  expect(decodePixels(encodeSolidImage(RED, 'png').subarray(0, 40))).toBeNull()
})

describe('the reference endpoint', () => {
  let server: ReferenceServer
  let imageHost: Server
  let hostUrl: string
  beforeAll(async () => {
    server = await startReferenceServer()
    // An image host that sends an endless body: the reference stops reading at its bound.
    imageHost = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' })
      const chunk = Buffer.alloc(1 << 20)
      const write = () => {
        while (res.write(chunk)) if (res.destroyed) return
        res.once('drain', write)
      }
      res.on('error', () => {})
      write()
    })
    await new Promise<void>((resolve) => imageHost.listen(0, '127.0.0.1', resolve))
    hostUrl = `http://127.0.0.1:${(imageHost.address() as AddressInfo).port}/endless.png`
  })
  afterAll(async () => {
    imageHost.closeAllConnections()
    await new Promise((resolve) => imageHost.close(resolve))
    await server.close()
  })

  const ask = async (content: unknown[]) => {
    const response = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${REFERENCE_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: REFERENCE_CHAT_MODEL, messages: [{ role: 'user', content }] }),
    })
    return { status: response.status, body: await response.json() }
  }
  const question = { type: 'text', text: 'What colour is this image? Answer with one word.' }
  const image = (url: string, extra: Record<string, unknown> = {}) => ({
    type: 'image_url',
    image_url: { url, ...extra },
  })

  test('names the colour of a data: URL image, and of each of two in order', async () => {
    const one = await ask([question, image(solidImageDataUrl(BLUE, 'jpeg'))])
    expect(one.body.choices[0].message.content).toBe('blue')
    const two = await ask([question, image(solidImageDataUrl(RED, 'png')), image(solidImageDataUrl(BLUE, 'jpeg'))])
    expect(two.body.choices[0].message.content).toBe('red, blue')
  })

  test('fetches an http URL: the image it serves itself, without the key', async () => {
    const url = visionImageUrl(server.url, 'red', 'png')
    const file = await fetch(url)
    expect([file.status, file.headers.get('content-type')]).toEqual([200, 'image/png'])
    expect(dominantColour(decodePixels(new Uint8Array(await file.arrayBuffer()))!)).toBe('red')
    expect(
      (await ask([question, image(visionImageUrl(server.url, 'blue', 'jpeg'))])).body.choices[0].message.content,
    ).toBe('blue')
    const green = await fetch(visionImageUrl(server.url, 'green', 'jpeg'))
    expect(dominantColour(decodePixels(new Uint8Array(await green.arrayBuffer()))!)).toBe('green')
    expect((await fetch(`${server.url}/vision/images/teal.png`)).status).toBe(404)
  })

  test.each([
    [[question, { type: 'hologram', hologram: {} }], 'messages[0].content[1].type', 'invalid_value'],
    [
      [question, image(solidImageDataUrl(RED, 'png'), { detail: 'ultra' })],
      'messages[0].content[1].image_url.detail',
      'invalid_value',
    ],
    [
      [question, { type: 'image_url', image_url: {} }],
      'messages[0].content[1].image_url.url',
      'missing_required_parameter',
    ],
    [[question, image('ftp://example.com/a.png')], 'messages[0].content[1].image_url.url', 'invalid_value'],
    [[question, image('data:image/png;base64,AAAA')], 'messages[0].content[1].image_url.url', 'invalid_image_format'],
    [
      [question, image('http://127.0.0.1:1/unreachable.png')],
      'messages[0].content[1].image_url.url',
      'invalid_image_url',
    ],
  ])('%j is refused with 400 naming %s', async (content, param, code) => {
    const { status, body } = await ask(content)
    expect(status).toBe(400)
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param, code })
  })

  test(`stops reading an image URL past ${MAX_IMAGE_BYTES} bytes`, async () => {
    const { status, body } = await ask([question, image(hostUrl)])
    expect(status).toBe(400)
    expect(body.error).toMatchObject({ param: 'messages[0].content[1].image_url.url', code: 'image_too_large' })
  })
})
