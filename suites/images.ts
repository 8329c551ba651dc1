/**
 * Image generation: base64 and URL answers, several images, sizes, output formats. What the
 * target's images model takes (`target.images`: `response_format` or not, which
 * `output_format` values, which sizes) shapes each case: every case asks for the first size
 * the model takes; cases for what it does not take skip as not configured.
 */
import { IMAGES_GENERATION, IMAGES_URL } from '../src/apis/images/check-sets.ts'
import { DOWNLOAD, followImageUrl } from '../src/apis/images/read.ts'
import { type ImageFormat, type ImagesOptions, imagesOptionsOf } from '../src/core/target-options.ts'
import type { TargetOptions } from '../src/core/target-options.ts'
import { defineSuite, type KnownCase } from './common.ts'

/** One plain subject: nothing a safety system refuses, nothing that needs detail. */
const PROMPT = 'A plain blue square on a white background'

type ImagesCase = Omit<KnownCase, 'capability' | 'forTarget'>

/**
 * An image generation case, shaped by the target: it asks for `size` (the first size the
 * model takes when none), and skips when it needs what the model does not take. For a model
 * that refuses `response_format` (the target says so), a case about that parameter
 * (`needs.responseFormat`) marks it optional, so that the refusal skips the case; the other
 * cases leave it out.
 */
function imagesCase(
  definition: ImagesCase,
  needs: { size?: string; outputFormat?: ImageFormat; responseFormat?: true } = {},
): KnownCase {
  return {
    ...definition,
    capability: 'images',
    forTarget(options: TargetOptions) {
      const images = imagesOptionsOf(options)
      if (needs.size && !images.sizes.includes(needs.size))
        return { skip: `not configured: the images model does not take size ${needs.size} (target.images.sizes)` }
      if (needs.outputFormat && !images.outputFormats.includes(needs.outputFormat))
        return {
          skip: `not configured: the images model does not take output_format ${needs.outputFormat} (target.images.outputFormats)`,
        }
      return shaped(definition, images, needs.size ?? images.sizes[0]!, needs.responseFormat === true)
    },
  }
}

/** The case as a model that takes `images` gets it. */
function shaped(
  definition: ImagesCase,
  images: Required<ImagesOptions>,
  size: string,
  aboutResponseFormat: boolean,
): KnownCase {
  const { response_format: responseFormat, ...rest } = definition.request.body
  const keepsForm = images.responseFormat || aboutResponseFormat
  const body = {
    ...rest,
    ...(keepsForm && responseFormat !== undefined ? { response_format: responseFormat } : {}),
    size,
  }
  return {
    ...definition,
    capability: 'images',
    request: { ...definition.request, body },
    // A model that answers base64 only refuses response_format the way OpenAI's GPT image models do.
    ...(images.responseFormat ? {} : { optionalParams: [...(definition.optionalParams ?? []), 'response_format'] }),
  }
}

/** A generation request: the prompt and `extra`. */
function generation(extra: Record<string, unknown>) {
  return { operation: 'images.generate' as const, body: { prompt: PROMPT, ...extra } }
}

export default defineSuite({
  capability: 'images',
  title: 'Images: generation as base64 and URLs, several images, sizes and formats',
  cases: [
    imagesCase(
      {
        id: 'images.b64-json',
        title: 'An image as base64 (response_format b64_json)',
        request: generation({ response_format: 'b64_json' }),
        checks: IMAGES_GENERATION.checks,
        asked: 'one image, as base64 in the JSON',
      },
      { responseFormat: true },
    ),
    imagesCase(
      {
        id: 'images.url',
        title: 'An image as a URL (response_format url), fetched',
        request: generation({ response_format: 'url' }),
        related: {
          [DOWNLOAD]: { operation: 'images.download', body: {}, following: { exchange: 'main', from: followImageUrl } },
        },
        checks: [...IMAGES_GENERATION.checks, ...IMAGES_URL.checks],
        asked: 'one image, as a URL; the case fetches it',
      },
      { responseFormat: true },
    ),
    imagesCase({
      id: 'images.n',
      title: 'Two images in one request (n: 2)',
      request: generation({ n: 2, response_format: 'b64_json' }),
      checks: IMAGES_GENERATION.checks,
      asked: 'two images, as base64',
    }),
    ...(['256x256', '1024x1024', '1024x1536', '1792x1024'] as const).map((size) =>
      imagesCase(
        {
          id: `images.size.${size}`,
          title: `An image of ${size}`,
          request: generation({ response_format: 'b64_json' }),
          checks: IMAGES_GENERATION.checks,
          asked: `one image of ${size}, as base64`,
        },
        { size },
      ),
    ),
    ...(['png', 'jpeg', 'webp'] as const).map((format) =>
      imagesCase(
        {
          id: `images.output-format.${format}`,
          title: `An image as ${format} (output_format, as the GPT image models take it)`,
          request: generation({ output_format: format }),
          checks: IMAGES_GENERATION.checks,
          asked: `one image encoded as ${format}; the GPT image models answer base64`,
        },
        { outputFormat: format },
      ),
    ),
  ],
})
