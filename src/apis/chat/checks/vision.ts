/**
 * Vision: chat messages with image parts. A model configured for vision accepts them, and the
 * image reaches the model: asked the colour of a large solid-colour image, it names it.
 * Content parts of a type the API does not define are refused, not dropped.
 */
import { defineCheck, finding, skip } from '../../../core/define.ts'
import type { CheckContext } from '../../../core/types.ts'
import { jsonBody, show } from '../../shared/body.ts'
import { errorMessage } from '../../shared/error-message.ts'
import { schemaRef } from '../../shared/spec.ts'
import { contentAt, onChoices } from '../read/completion-choices.ts'
import { hasImagePart, unknownPart } from '../read/content-parts.ts'
import { sentRequest } from '../read/request.ts'
import { colourWords } from '../vision-images.ts'
import { acceptsForm } from './tools/request-forms.ts'

const OP = 'createChatCompletion'

export const imageAccepted = acceptsForm({
  id: 'vision.request.image-accepted',
  title: 'A message with image parts is accepted by a vision model',
  spec: schemaRef(OP, 'ChatCompletionRequestMessageContentPartImage'),
  description:
    'A user message whose content carries `image_url` parts (a `data:` URL or an http(s) URL, any `detail`) MUST be accepted by a model configured for vision: rejecting image input (a 4xx) or array content there breaks every vision client.',
  notes:
    'The case names the model the target configures for vision (`--model vision=…`, the chat model by default); a model that cannot see images should not be configured for it.',
  form: 'an image part (image_url)',
  present: hasImagePart,
})

export const namesColours = defineCheck({
  id: 'vision.reply.names-colours',
  title: 'The image reached the model: the reply names its colour',
  level: 'recommended',
  spec: schemaRef(OP, 'ChatCompletionRequestMessageContentPartImage'),
  description:
    "Asked the colour of each image (each one large solid colour) in one word, the reply SHOULD name every image's colour and no other: an endpoint that drops image parts and lets the model answer the text alone passes every schema and still sends the user a blind answer.",
  notes:
    'Model behaviour, not protocol: a warning, whose message shows the answer. Colours are read as the basic colour words (grey counts as gray); the order of two images is not judged.',
  run: (ctx: CheckContext<{ colours: readonly string[] } | undefined>) => {
    const colours = ctx.params?.colours
    if (!Array.isArray(colours)) return skip("the case names no image colours (the check's params)")
    return onChoices(ctx, (choices) =>
      choices.flatMap((choice) => {
        const content = typeof choice.content === 'string' ? choice.content : ''
        const named = colourWords(content)
        const missing = colours.filter((colour) => !named.includes(colour))
        const other = named.filter((colour) => !colours.includes(colour))
        if (missing.length === 0 && other.length === 0) return []
        const images = colours.length === 1 ? 'the image is' : 'the images are'
        const wrong = [
          ...(missing.length ? [`does not name ${missing.join(' or ')}`] : []),
          ...(other.length ? [`names ${other.join(' and ')}, which no image is`] : []),
        ].join(' and ')
        return [
          finding(`the reply ${wrong} (${images} ${colours.join(' and ')}); it says ${show(content, 200)}`, {
            at: contentAt(choice),
            actual: content,
            expected: colours,
          }),
        ]
      }),
    )
  },
})

export const unknownPartRejected = defineCheck({
  id: 'vision.request.unknown-part-rejected',
  title: 'A content part of an unknown type is rejected with 400',
  level: 'recommended',
  reads: 'head',
  spec: schemaRef(OP, 'ChatCompletionRequestUserMessageContentPart'),
  description:
    'A content part whose `type` the API does not define (e.g. `hologram`) SHOULD be rejected with HTTP 400 naming the part, as OpenAI does (`invalid_value`), not silently ignored: a part the endpoint drops is content the user believes the model read.',
  notes:
    'The request schema allows only the defined part types (a oneOf), so such a request is invalid; a lenient endpoint that skips the part still answers, which is why this is a warning.',
  run: (ctx) => {
    const unknown = unknownPart(sentRequest(ctx))
    if (!unknown) return skip('the request has no content part of an unknown type')
    const exchange = ctx.exchange
    const status = exchange.response!.status
    if (status === 400) return []
    const body = jsonBody(exchange)
    const what = `a content part of type ${show(unknown.type)}`
    if (status < 400) {
      return [
        finding(`the endpoint accepted ${what} (HTTP ${status}) instead of rejecting it with 400`, {
          actual: body.ok ? body.value : exchange.response!.bodyText?.slice(0, 300),
          expected: 400,
        }),
      ]
    }
    const message = body.ok ? errorMessage(body.value) : undefined
    return [
      finding(
        `the endpoint answered ${what} with HTTP ${status}, not 400${message === undefined ? '' : `: ${show(message, 200)}`}`,
        { actual: { status, body: body.ok ? body.value : exchange.response!.bodyText?.slice(0, 300) }, expected: 400 },
      ),
    ]
  },
})

export const VISION_CHECKS = [imageAccepted, namesColours, unknownPartRejected]
