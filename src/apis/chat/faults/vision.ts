/**
 * Faults of messages with image parts and of content parts the API does not define, each
 * modelled on a named real behaviour. (An endpoint that rejects array content altogether is
 * `rejects-content-parts` in ./requests.ts, which proves the vision acceptance check too.)
 */
import { vendorJson } from '../../shared/faults/helpers.ts'
import type { Fault, ReferenceRequest } from '../../../reference/fault.ts'
import { CONTENT_PART_TYPES } from '../read/content-parts.ts'
import { forChatCompletions, messagesOf } from './helpers.ts'

type Json = Record<string, any>

const isImagePart = (part: Json) => part?.type === 'image_url'
const isKnownPart = (part: Json) => CONTENT_PART_TYPES.includes(part?.type)

/** Keeps the parts of every message's array content that `keep` accepts, in place. */
function keepParts(req: ReferenceRequest, keep: (part: Json) => boolean): void {
  for (const message of messagesOf(req)) {
    if (Array.isArray(message?.content)) message.content = message.content.filter(keep)
  }
}

/** Where the first image part is (`messages.[0].content.[1]`, OpenAI's spelling in this error), or null. */
function firstImagePart(req: ReferenceRequest, which: (part: Json) => boolean = isImagePart): string | null {
  for (const [i, message] of messagesOf(req).entries()) {
    const at = Array.isArray(message?.content) ? message.content.findIndex(which) : -1
    if (at !== -1) return `messages.[${i}].content.[${at}]`
  }
  return null
}

const isUrlImage = (part: Json) => isImagePart(part) && !String(part?.image_url?.url ?? '').startsWith('data:')

export const visionFaults: Fault[] = forChatCompletions([
  {
    name: 'drops-image-parts',
    description:
      'Drops the image parts of a message before the model: the model answers the text alone, with HTTP 200, as if no image had been sent.',
    modelledOn:
      'A text-only model served behind an OpenAI-compatible layer that flattens content to its text parts: text-generation-inference answering image_url requests to text-only models (text-generation-inference#2565, "should fail explicitly"), and servers joining the text parts and dropping every other (Swiftlet#38).',
    proves: ['vision.reply.names-colours'],
    hooks: {
      respond(req) {
        keepParts(req, (part) => !isImagePart(part))
        return undefined
      },
    },
  },
  {
    name: 'rejects-image-parts',
    description:
      'Rejects any message with an image part with 400, on the model the target configures for vision: the model takes no image input.',
    modelledOn:
      'OpenAI\'s own answer for a text-only model ("Invalid content type. image_url is only supported by certain models."), and Ollama Cloud\'s "this model does not support image input" (open-cowork#251): a target configuring such a model for vision.',
    proves: ['vision.request.image-accepted', 'http.status.success', 'sdk.call.succeeds'],
    hooks: {
      respond(req) {
        const at = firstImagePart(req)
        if (at === null) return undefined
        return vendorJson(400, {
          error: {
            message: 'Invalid content type. image_url is only supported by certain models.',
            type: 'invalid_request_error',
            param: `${at}.type`,
            code: null,
          },
        })
      },
    },
  },
  {
    name: 'rejects-image-urls',
    description:
      'Takes images as base64 `data:` URLs only: an http(s) image URL is refused with 400 "invalid image input".',
    modelledOn:
      'Ollama\'s OpenAI compatibility layer, which does not download image URLs (ollama#6753: "invalid image input"; docs/openai.md lists base64 images only).',
    proves: ['vision.request.image-accepted', 'http.status.success', 'sdk.call.succeeds'],
    hooks: {
      respond(req) {
        if (firstImagePart(req, isUrlImage) === null) return undefined
        return vendorJson(400, {
          error: { message: 'invalid image input', type: 'invalid_request_error', param: null, code: null },
        })
      },
    },
  },
  {
    name: 'ignores-unknown-parts',
    description:
      'Silently skips content parts of a type it does not know (`{type: "hologram"}`) and answers the rest with HTTP 200, instead of rejecting the request with 400.',
    modelledOn:
      'Servers that parse content parts leniently and keep only the types they handle: Swiftlet before #38 ("silently dropped every other part"), unsloth Studio\'s flattening of unknown parts to text (unsloth#10261).',
    proves: ['vision.request.unknown-part-rejected'],
    hooks: {
      respond(req) {
        keepParts(req, isKnownPart)
        return undefined
      },
    },
  },
])
