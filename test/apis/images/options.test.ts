/**
 * `target.images` in a config file (validated, one line on a bad value), and how it shapes the
 * images cases: sizes and output formats the model does not take skip as not configured;
 * a model that refuses `response_format` keeps it only in the cases about it, marked optional.
 */
import { describe, expect, test } from 'vitest'
import { readUserConfig } from '../../../src/config/index.ts'
import { DEFAULT_IMAGES_OPTIONS } from '../../../src/core/target-options.ts'
import type { CaseDefinition } from '../../../src/core/types.ts'
import images from '../../../suites/images.ts'

const byId = (id: string) => images.cases.find((c) => c.id === id)!
const shape = (id: string, options: Parameters<NonNullable<CaseDefinition['forTarget']>>[0]) =>
  byId(id).forTarget!(options)

describe('target.images in a config file', () => {
  test('a valid value is kept', () => {
    const config = readUserConfig(
      { target: { images: { responseFormat: false, outputFormats: ['png', 'webp'], sizes: ['1024x1024', 'auto'] } } },
      'x.json',
    )
    expect(config.target?.images).toEqual({
      responseFormat: false,
      outputFormats: ['png', 'webp'],
      sizes: ['1024x1024', 'auto'],
    })
  })

  test.each([
    [{ colour: true }, /unknown key "target\.images\.colour"/],
    [{ responseFormat: 'no' }, /"target\.images\.responseFormat" must be a boolean/],
    [{ outputFormats: ['gif'] }, /"target\.images\.outputFormats": "gif" is not one of png, jpeg, webp/],
    [{ sizes: ['big'] }, /"target\.images\.sizes": "big" is not WxH or auto/],
    [{ sizes: [] }, /must list at least one size/],
  ])('%j is refused in one line', (images, message) => {
    expect(() => readUserConfig({ target: { images } }, 'x.json')).toThrow(message)
  })
})

describe('the images cases, shaped by the target', () => {
  test('every case asks for the first size the model takes; dall-e-2 sizes by default', () => {
    const shaped = shape('images.b64-json', {}) as CaseDefinition
    expect(shaped.request.body).toMatchObject({ size: DEFAULT_IMAGES_OPTIONS.sizes[0], response_format: 'b64_json' })
    expect(shaped.optionalParams ?? []).not.toContain('response_format')
  })

  test('sizes and output formats the model does not take skip as not configured', () => {
    expect(shape('images.size.1024x1536', {})).toEqual({ skip: expect.stringMatching(/^not configured: .*1024x1536/) })
    expect(shape('images.output-format.webp', {})).toEqual({ skip: expect.stringMatching(/^not configured: .*webp/) })
    expect(shape('images.output-format.webp', { images: { outputFormats: ['webp'] } })).toMatchObject({
      request: { body: { output_format: 'webp' } },
    })
  })

  test('a model that refuses response_format: the cases about it mark it optional, the others leave it out', () => {
    const gptImage = { images: { responseFormat: false, sizes: ['1024x1024'] } }
    expect(shape('images.url', gptImage)).toMatchObject({
      request: { body: { response_format: 'url', size: '1024x1024' } },
      optionalParams: ['response_format'],
    })
    const n = shape('images.n', gptImage) as CaseDefinition
    expect(n.request.body).toEqual({ prompt: expect.any(String), n: 2, size: '1024x1024' })
  })
})
