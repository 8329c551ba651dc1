/**
 * Faults in image generation (`POST /images/generations`) and in the files its URLs name,
 * each modelled on a real server's behaviour.
 */
import type { Fault, FaultHooks, ReferenceRequest } from '../../reference/fault.ts'
import { ignoresParameters, vendorJson } from '../shared/faults/helpers.ts'
import { IMAGE_FILE_OPERATION } from './reference/handler.ts'
import { drawImage } from './reference/model.ts'
import { readImageRequest } from './reference/request.ts'

const GENERATION = ['createImage'] as const
const FILE = [IMAGE_FILE_OPERATION] as const

/** A `body` hook that edits every image of an ImagesResponse in place. */
function eachImage(edit: (image: any, req: ReferenceRequest) => void): NonNullable<FaultHooks['body']> {
  return (response, req) => {
    for (const image of Array.isArray(response?.data) ? response.data : []) edit(image, req)
    return response
  }
}

/** Bytes read as UTF-8 text and written back: every ill-formed sequence becomes U+FFFD. */
const readAsText = (bytes: Uint8Array): Uint8Array => new Uint8Array(Buffer.from(Buffer.from(bytes).toString('utf8')))

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

export const imagesFaults: Fault[] = [
  {
    name: 'images-b64-ignored',
    description: '`response_format: "b64_json"` is ignored: the images come as URLs.',
    modelledOn:
      "ByteDance's Ark image API, which answers URLs where base64 was asked for (ArcReel#242), and Fal images through OmniRoute before #9932.",
    proves: ['images.data.form'],
    operations: GENERATION,
    hooks: { respond: ignoresParameters('response_format') },
  },
  {
    name: 'images-url-unreachable',
    description: "Image URLs name the server's own internal address, which clients cannot connect to.",
    modelledOn:
      'LocalAI, whose image URLs are built from the address it serves on (nextcloud/integration_openai#53: the link resolves to a local-only address).',
    proves: ['images.url.fetchable'],
    operations: GENERATION,
    hooks: {
      body: eachImage((image) => {
        if (typeof image.url === 'string') image.url = `http://127.0.0.1:2${new URL(image.url).pathname}` // port 2: closed, and not one fetch blocks
      }),
    },
  },
  {
    name: 'images-n-ignored',
    description: '`n` is ignored: one image, however many were asked for.',
    modelledOn:
      'Image endpoints that generate a fixed number of images whatever the request asks (gladia#801), or one as dall-e-3 does, without rejecting n.',
    proves: ['images.data.count'],
    operations: GENERATION,
    hooks: { respond: ignoresParameters('n') },
  },
  {
    name: 'images-size-ignored',
    description: '`size` is ignored: every image is drawn at the default 1024x1024.',
    modelledOn: 'sub2api#7119 and CLIProxyAPI#5860 (images returned at other dimensions than the size asked for).',
    proves: ['images.image.size'],
    operations: GENERATION,
    hooks: { respond: ignoresParameters('size') },
  },
  {
    name: 'images-jpeg-for-png',
    description: 'The images are JPEG bytes where PNG (the default format) was asked for.',
    modelledOn:
      'Gateways in front of models that draw JPEG (hosted diffusion APIs) relaying the bytes as they come, where OpenAI answers PNG.',
    proves: ['images.image.format'],
    operations: GENERATION,
    hooks: {
      body: eachImage((image, req) => {
        const asked = readImageRequest(req.body)
        if (typeof image.b64_json === 'string' && asked.format === 'png')
          image.b64_json = base64(drawImage(asked.size, 'jpeg'))
      }),
    },
  },
  {
    name: 'images-output-format-ignored',
    description:
      '`output_format` is ignored: the images are PNG whatever format was asked for (still labelled as asked).',
    modelledOn: 'sub2api#7119 (a comment: webp output is not honoured); servers that only ever encode PNG.',
    proves: ['images.image.format'],
    operations: GENERATION,
    hooks: {
      body: eachImage((image, req) => {
        const asked = readImageRequest(req.body)
        if (typeof image.b64_json === 'string') image.b64_json = base64(drawImage(asked.size, 'png'))
      }),
    },
  },
  {
    name: 'images-bytes-read-as-text',
    description:
      "The image bytes were read as UTF-8 text before they were sent on (base64'd or served): each ill-formed sequence became U+FFFD, and the file no longer decodes.",
    modelledOn:
      "Proxies that read the upstream's image with a text reader (fetch's `.text()`, requests' `.text`) before re-encoding it.",
    proves: ['images.image.decodes'],
    operations: [...GENERATION, ...FILE],
    hooks: {
      body: eachImage((image) => {
        if (typeof image.b64_json === 'string')
          image.b64_json = base64(readAsText(new Uint8Array(Buffer.from(image.b64_json, 'base64'))))
      }),
      bytes: readAsText,
    },
  },
  {
    name: 'images-created-iso-string',
    description: '`created` is an ISO 8601 string instead of integer Unix seconds.',
    modelledOn: 'Python servers serialising a datetime as is (modelz-llm#83 did so for chat completions).',
    proves: ['images.response.schema', 'images.response.created'],
    operations: GENERATION,
    hooks: { body: (response) => ({ ...response, created: new Date(response.created * 1000).toISOString() }) },
  },
  {
    name: 'images-created-float',
    description: '`created` is a float (seconds with a fraction) instead of an integer.',
    modelledOn: "Python servers writing `time.time()` unrounded where OpenAI's `created` is an integer.",
    proves: ['images.response.schema', 'images.response.created'],
    operations: GENERATION,
    hooks: { body: (response) => ({ ...response, created: response.created + 0.482913 }) },
  },
  {
    name: 'images-error-with-200',
    description: 'A failed generation is answered with HTTP 200 and the OpenAI error envelope.',
    modelledOn:
      "Gateways that relay an upstream failure (a content-policy refusal, an upstream timeout) in the error envelope but with the upstream call's 200.",
    // One root cause: http.body.not-error reports it; the images checks echo it (they skip).
    proves: ['http.body.not-error'],
    operations: GENERATION,
    hooks: {
      respond: () =>
        vendorJson(200, {
          error: {
            message: 'Your request was rejected as a result of our safety system.',
            type: 'invalid_request_error',
            param: null,
            code: 'content_policy_violation',
          },
        }),
    },
  },
  {
    name: 'images-url-octet-stream',
    description: 'The image URL serves the file as `application/octet-stream`, not `image/png`.',
    modelledOn:
      'Object stores serving files uploaded without a content type (S3, GCS and MinIO default to an octet stream).',
    proves: ['images.url.content-type'],
    operations: FILE,
    hooks: { headers: (headers) => headers.set('content-type', 'application/octet-stream') },
  },
]
