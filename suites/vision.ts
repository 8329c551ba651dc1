/**
 * Vision: chat messages with image parts. The suite makes its images itself (large solid red
 * and blue, PNG and JPEG, as `data:` URLs), so runs are offline and reproducible; the
 * image-URL cases send the target's image URL (`--image-url`, `target.imageUrl`: a solid red
 * image), which the embedded reference serves itself, and skip without one. Every question
 * has a one-word answer only a model that saw the image knows: its colour.
 */
import {
  CHAT_COMPLETION,
  STREAM_COMPLETION,
  STREAM_WITHOUT_USAGE,
  VISION_ASKED,
  VISION_REQUEST,
  VISION_UNKNOWN_PART,
} from '../src/apis/chat/check-sets.ts'
import { BASELINE_EXCHANGE } from '../src/apis/chat/checks/tools/request-forms.ts'
import { BLUE, type NamedColour, RED, solidImageDataUrl } from '../src/apis/chat/vision-images.ts'
import { JSON_ERROR } from '../src/apis/shared/check-sets.ts'
import type { TargetOptions } from '../src/core/target-options.ts'
import type { RequestSpec } from '../src/core/types.ts'
import {
  defineSuite,
  judgedReply,
  type KnownCase,
  type KnownCheckUse,
  REPLY_TOKENS,
  user,
  withTokenCap,
} from './common.ts'

const ONE_COLOUR = 'What colour is this image? Answer with one word: the colour.'
const TWO_COLOURS =
  'What colour is each of these two images? Answer with two words: the colour of the first image, then the colour of the second.'

/** The images the cases send inline, encoded once. */
const RED_PNG = solidImageDataUrl(RED, 'png')
const BLUE_JPEG = solidImageDataUrl(BLUE, 'jpeg')

/** The colour of the image at the target's image URL (VisionOptions.imageUrl). */
const URL_IMAGE_COLOUR = RED

type Detail = 'low' | 'high' | 'auto'

const text = (value: string) => ({ type: 'text', text: value })
const image = (url: string, detail?: Detail) => ({
  type: 'image_url',
  image_url: { url, ...(detail ? { detail } : {}) },
})

/** A user message of these parts, as the request body. */
function asking(parts: readonly unknown[], stream = false): RequestSpec {
  const messages = [{ role: 'user', content: parts }]
  return stream
    ? { operation: 'chat.completions.create.stream', body: { messages, stream: true } }
    : { operation: 'chat.completions.create', body: { messages } }
}

/** What a case with images is judged on: the completion (or stream), accepted, the colours named. */
function imageChecks(colours: readonly NamedColour[], stream = false): KnownCheckUse[] {
  return [
    ...(stream ? [...STREAM_COMPLETION.checks, ...STREAM_WITHOUT_USAGE.checks] : CHAT_COMPLETION.checks),
    ...VISION_REQUEST.checks,
    [VISION_ASKED.checks[0] as 'vision.reply.names-colours', { colours: colours.map((colour) => colour.name) }],
  ]
}

interface ImageCase {
  id: string
  title: string
  parts: readonly unknown[]
  colours: readonly NamedColour[]
  stream?: boolean
  /** Also send the question without its images, so that a rejection is blamed on the images alone. */
  baseline?: true
  asked: string
}

function imageCase({ id, title, parts, colours, stream = false, baseline, asked }: ImageCase): KnownCase {
  const question = parts
    .filter((part) => (part as { type?: string }).type === 'text')
    .map((part) => (part as { text: string }).text)
  return withTokenCap(judgedReply(colours.length > 1 ? REPLY_TOKENS.short : REPLY_TOKENS.word), {
    id,
    title,
    capability: 'vision',
    expect: 'acceptance',
    request: asking(parts, stream),
    ...(baseline
      ? {
          related: {
            [BASELINE_EXCHANGE]: {
              operation: 'chat.completions.create',
              body: { messages: [user(question.join(' '))] },
            },
          },
        }
      : {}),
    checks: imageChecks(colours, stream),
    asked,
  })
}

/** A case sending the target's image URL; it skips when the target has none. */
function urlCase(
  definition: Omit<ImageCase, 'parts' | 'colours'> & { parts(url: string): readonly unknown[] },
): KnownCase {
  // As declared (listings, docs) it names a placeholder; every run shapes it for the target first.
  const declared = imageCase({
    ...definition,
    parts: definition.parts('https://example.invalid/red.png'),
    colours: [URL_IMAGE_COLOUR],
  })
  return {
    ...declared,
    forTarget(options: TargetOptions) {
      const url = options.vision?.imageUrl
      if (url === undefined)
        return {
          skip: 'not configured: no image URL for this target (--image-url or target.imageUrl: a public URL of a solid red image)',
        }
      const { forTarget: _, ...shaped } = imageCase({
        ...definition,
        parts: definition.parts(url),
        colours: [URL_IMAGE_COLOUR],
      })
      return shaped
    },
  }
}

export default defineSuite({
  capability: 'vision',
  title: 'Vision: image parts as data: URLs and http(s) URLs, one or two images, detail, streamed',
  cases: [
    imageCase({
      id: 'vision.png.after-text',
      title: 'A PNG data: URL after the question is seen',
      parts: [text(ONE_COLOUR), image(RED_PNG)],
      colours: [RED],
      baseline: true,
      asked: 'name the colour of a solid red PNG, sent after the question',
    }),
    imageCase({
      id: 'vision.jpeg.before-text',
      title: 'A JPEG data: URL before the question is seen',
      parts: [image(BLUE_JPEG), text(ONE_COLOUR)],
      colours: [BLUE],
      asked: 'name the colour of a solid blue JPEG, sent before the question',
    }),
    imageCase({
      id: 'vision.two-images',
      title: 'Two images in one message are both seen',
      parts: [text(TWO_COLOURS), image(RED_PNG), image(BLUE_JPEG)],
      colours: [RED, BLUE],
      asked: 'name the colours of two images, red then blue',
    }),
    ...(['low', 'high', 'auto'] as const).map((detail) =>
      imageCase({
        id: `vision.detail.${detail}`,
        title: `An image with detail: ${detail} is seen`,
        parts: [text(ONE_COLOUR), image(RED_PNG, detail)],
        colours: [RED],
        asked: `name the colour of a solid red PNG at detail ${detail}`,
      }),
    ),
    imageCase({
      id: 'vision.stream',
      title: 'A streamed answer about an image',
      parts: [text(ONE_COLOUR), image(BLUE_JPEG)],
      colours: [BLUE],
      stream: true,
      asked: 'name the colour of a solid blue JPEG, streamed',
    }),
    urlCase({
      id: 'vision.url',
      title: "An http(s) image URL is fetched and seen (the target's --image-url)",
      parts: (url) => [text(ONE_COLOUR), image(url)],
      asked: 'name the colour of the solid red image at the image URL',
    }),
    urlCase({
      id: 'vision.url.stream',
      title: 'A streamed answer about an http(s) image URL',
      parts: (url) => [image(url), text(ONE_COLOUR)],
      stream: true,
      asked: 'name the colour of the solid red image at the image URL, streamed',
    }),
    {
      id: 'vision.unknown-part-type',
      title: 'A content part of an unknown type is rejected with 400',
      capability: 'vision',
      expect: 'error',
      request: asking([text('Reply with exactly: ok'), { type: 'hologram', hologram: { url: RED_PNG } }]),
      checks: [...VISION_UNKNOWN_PART.checks, ...JSON_ERROR.checks],
      asked: 'nothing: the request is invalid on purpose',
    },
  ],
})
