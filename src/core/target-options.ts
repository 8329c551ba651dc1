/**
 * What a target says of its models beyond their ids, per capability: the parameters and
 * values its model takes, which decide how (and whether) a case asks for them. Set in the
 * config file (`target.images`); the embedded reference says its own.
 */

/** The image file formats the Images API names (`output_format`). */
export const IMAGE_FORMATS = ['png', 'jpeg', 'webp'] as const
export type ImageFormat = (typeof IMAGE_FORMATS)[number]

/** What the target's images model takes (`target.images`). */
export interface ImagesOptions {
  /**
   * The model takes `response_format` (`url` / `b64_json`), as `dall-e-2` and `dall-e-3` do.
   * `false` for the GPT image models, which answer base64 only and refuse the parameter: the
   * `response_format` cases then skip when the model refuses it the way OpenAI does, and the
   * other cases leave it out.
   * @default true
   */
  responseFormat?: boolean
  /**
   * The `output_format` values the model takes (the GPT image models: png, jpeg, webp): one
   * case asks for each; the others skip as not configured.
   * @default []
   */
  outputFormats?: readonly ImageFormat[]
  /**
   * The sizes (`WxH`) the model takes. Every case asks for the first; the size cases (256x256,
   * 1024x1024, 1024x1536, 1792x1024) run for those listed.
   * @default ['256x256', '512x512', '1024x1024'] (dall-e-2's)
   */
  sizes?: readonly string[]
}

/** What a target's images model takes when `target.images` does not say (dall-e-2's). */
export const DEFAULT_IMAGES_OPTIONS: Readonly<Required<ImagesOptions>> = Object.freeze({
  responseFormat: true,
  outputFormats: [],
  sizes: ['256x256', '512x512', '1024x1024'],
})

/** The target's images options with the defaults filled in. */
export function imagesOptionsOf(options: TargetOptions): Required<ImagesOptions> {
  return { ...DEFAULT_IMAGES_OPTIONS, ...options.images }
}

/** What the target's vision model is shown by URL (`target.imageUrl`, `--image-url`). */
export interface VisionOptions {
  /**
   * A public http(s) URL of a large image of one solid colour, red (the suite's own: the
   * embedded reference serves it at `/v1/vision/images/red.png`), that the endpoint can fetch:
   * the image-URL cases send it. Without one they skip as not configured; the embedded
   * reference serves its own on loopback.
   */
  imageUrl?: string
}

/** Per-capability options of a target. */
export interface TargetOptions {
  images?: ImagesOptions
  vision?: VisionOptions
}
