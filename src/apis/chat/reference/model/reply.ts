/**
 * What the reference model says: rules over the conversation, tried in order.
 *
 * 1. "count from A to B"            -> the numbers A..B separated by single spaces
 * 2. "reply with exactly: X" (and "the single word" / "the word") -> X
 * 3. a system or developer message saying "reply with exactly: X" -> X (instructions are followed)
 * 4. "what is my name?" after an earlier "my name is N" -> N (the history is read)
 * 5. a question about colour, with images in the message -> each image's dominant colour, in order
 * 6. anything else                  -> ~40 words of deterministic prose seeded by the prompt
 *
 * The rules are what conformance cases ask a competent model to do, so a case can predict
 * the reference's answer exactly.
 */
import { fnv1a, seededRandom } from '../../../../reference/hash.ts'
import { messageText } from './prompt.ts'

const COUNT = /count from (\d+) to (\d+)/i
const REPLY_WITH = /reply with (?:exactly|the single word|the word)\s*:?\s*"?([^"\n]+?)"?\s*(?:\.|$)/i

/** Longest count the model spells out; generation is capped anyway (see MAX_OUTPUT_TOKENS). */
const MAX_COUNT = 10_000

/** The prose vocabulary; also the source of logprob alternatives. */
export const WORDS: readonly string[] = [
  'the',
  'a',
  'model',
  'answer',
  'request',
  'token',
  'stream',
  'server',
  'client',
  'reply',
  'response',
  'message',
  'simple',
  'quiet',
  'steady',
  'clear',
  'small',
  'careful',
  'bright',
  'plain',
  'river',
  'garden',
  'window',
  'lantern',
  'harbor',
  'meadow',
  'bridge',
  'letter',
  'signal',
  'echo',
  'follows',
  'carries',
  'returns',
  'answers',
  'counts',
  'listens',
  'writes',
  'reads',
  'keeps',
  'brings',
  'gently',
  'slowly',
  'always',
  'often',
  'again',
  'together',
  'here',
  'there',
  'today',
  'soon',
  'and',
  'with',
  'from',
  'into',
  'over',
  'under',
  'near',
  'before',
  'after',
  'between',
  'every',
  'each',
  'one',
  'two',
]

const PROSE_SENTENCES = 2
const WORDS_PER_SENTENCE = 20

const ASKS_NAME = /what is my name/i
const TELLS_NAME = /my name is (\p{L}+)/iu

const ASKS_COLOUR = /\bcolou?rs?\b/i

/**
 * `prompt` is the last user message's text; `messages` the whole conversation, when known;
 * `imageColours` the dominant colours of the last user message's images, in order.
 */
export function composeReply(
  prompt: string,
  messages: readonly unknown[] = [],
  imageColours: readonly string[] = [],
): string {
  const count = COUNT.exec(prompt)
  if (count) return countText(Number(count[1]), Number(count[2]))
  const reply = REPLY_WITH.exec(prompt)
  if (reply?.[1]) return reply[1]
  const instructed = instructionReply(messages)
  if (instructed) return instructed
  if (ASKS_NAME.test(prompt)) {
    const name = messages
      .map(messageText)
      .map((text) => TELLS_NAME.exec(text)?.[1])
      .find(Boolean)
    if (name) return name
  }
  if (imageColours.length > 0 && ASKS_COLOUR.test(prompt)) return imageColours.join(', ')
  return prose(prompt)
}

/** A system/developer instruction to reply with a fixed text. */
function instructionReply(messages: readonly unknown[]): string | undefined {
  for (const message of messages) {
    const role = (message as { role?: unknown } | null)?.role
    if (role !== 'system' && role !== 'developer') continue
    const match = REPLY_WITH.exec(messageText(message))
    if (match?.[1]) return match[1]
  }
  return undefined
}

function countText(from: number, to: number): string {
  const step = from <= to ? 1 : -1
  const length = Math.min(Math.abs(to - from) + 1, MAX_COUNT)
  return Array.from({ length }, (_, i) => String(from + i * step)).join(' ')
}

function prose(prompt: string): string {
  const random = seededRandom(fnv1a(prompt))
  const sentences: string[] = []
  for (let s = 0; s < PROSE_SENTENCES; s++) {
    const words = Array.from({ length: WORDS_PER_SENTENCE }, () => WORDS[Math.floor(random() * WORDS.length)]!)
    words[0] = capitalize(words[0]!)
    sentences.push(`${words.join(' ')}.`)
  }
  return sentences.join(' ')
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}
