/**
 * What a delta means: the text that is new since the previous chunk. Clients (the SDK's
 * stream helper among them) append each delta's `content`, `refusal` and tool-call
 * `arguments` to what they have; a server that sends the text so far in every chunk
 * (cumulative snapshots: "1", "1 2", "1 2 3") makes them show "11 21 2 3".
 */
import { defineCheck, finding } from '../../../../core/define.ts'
import type { Finding } from '../../../../core/types.ts'
import { isPlainObject, show } from '../../../shared/body.ts'
import { capFindings } from '../../../shared/findings.ts'
import { schemaRef } from '../../../shared/spec.ts'
import { onStreamChoices } from '../../read/stream-chunks.ts'
import type { ChoiceAssembly } from '../../stream/assemble.ts'
import type { ParsedStream } from '../../stream/parse.ts'
import { atChunk } from '../../stream/pointers.ts'

const OP = 'createChatCompletion'

/** One text a choice streams in pieces: its content, its refusal, or one tool call's arguments. */
interface TextChannel {
  label: string
  /** The non-empty pieces, in order, with the chunk that carried each. */
  deltas: { position: number; text: string }[]
}

function channels(choice: ChoiceAssembly): TextChannel[] {
  const pieces = (member: 'content' | 'refusal') =>
    choice.entries.flatMap(({ position, delta }) =>
      typeof delta[member] === 'string' && delta[member] !== '' ? [{ position, text: delta[member] as string }] : [],
    )
  return [
    { label: `choice ${choice.index} content`, deltas: pieces('content') },
    { label: `choice ${choice.index} refusal`, deltas: pieces('refusal') },
    ...choice.toolCalls.map((call) => ({
      label: `choice ${choice.index}, tool call ${show(call.index)} arguments`,
      deltas: call.fragments.flatMap(({ position, fragment }) => {
        const args = isPlainObject(fragment.function) ? fragment.function.arguments : undefined
        return typeof args === 'string' && args !== '' ? [{ position, text: args }] : []
      }),
    })),
  ]
}

/**
 * Text a delta repeats must be longer than this, and not only whitespace, before a repeat
 * counts: "1 1 1" or "\n\n\n" come legitimately from a model, the whole reply so far does not.
 */
const MIN_REPEATED_CHARS = 3

function nonTrivial(text: string): boolean {
  return text.length >= MIN_REPEATED_CHARS && text.trim() !== ''
}

/**
 * The first place a channel's deltas turn cumulative: two deltas in a row that each start
 * with the whole text sent so far and add to it. "The text so far" is as the sender means
 * it: once a delta has restated it, that delta is the text so far (a snapshot stream never
 * matches the concatenation, which doubles at every step). A token stream cannot do this:
 * a token would have to contain the whole reply so far, twice in a row, and the second
 * time that reply must be non-trivial.
 */
function cumulativeRun(deltas: TextChannel['deltas']): { at: number; repeated: string; sent: string } | null {
  let sofar = ''
  let previousCumulative = false
  for (const { position, text } of deltas) {
    const cumulative = sofar !== '' && text.length > sofar.length && text.startsWith(sofar)
    if (cumulative && previousCumulative && nonTrivial(sofar)) return { at: position, repeated: sofar, sent: text }
    sofar = cumulative ? text : sofar + text
    previousCumulative = cumulative
  }
  return null
}

export const deltaIncremental = defineCheck({
  id: 'stream.delta.incremental',
  title: 'Deltas carry new text only, not the text so far',
  level: 'required',
  reads: 'prefix',
  spec: schemaRef(OP, 'ChatCompletionStreamResponseDelta'),
  description:
    "Each delta's `content`, `refusal` and tool-call `function.arguments` MUST be the text generated since the previous chunk, never the text so far again (cumulative snapshots): clients, the SDK included, append every delta, so a snapshot stream shows every prefix of the reply in a row and its arguments never parse.",
  notes: `Flagged when two deltas in a row each start with the whole text sent before them and add to it, and the text repeated the second time is ${MIN_REPEATED_CHARS}+ characters, not only whitespace; so legitimately repeated tokens ("1 1 1") are not.`,
  run: (ctx) =>
    onStreamChoices(ctx, (stream) =>
      capFindings(
        stream.choices.flatMap((choice) => channels(choice).flatMap((channel) => cumulativeFindings(channel, stream))),
      ),
    ),
})

function cumulativeFindings(channel: TextChannel, stream: ParsedStream): Finding[] {
  const run = cumulativeRun(channel.deltas)
  if (!run) return []
  const appended = channel.deltas.map((delta) => delta.text).join('')
  return [
    finding(
      `${channel.label}: the deltas are cumulative (each restates the text so far): ${atChunk(stream, run.at)} sends ${show(run.sent, 60)}, which starts with all of ${show(run.repeated, 60)} sent before it; a client appending deltas assembles ${show(appended, 80)}`,
      { at: atChunk(stream, run.at), actual: run.sent, expected: run.sent.slice(run.repeated.length) },
    ),
  ]
}

export const STREAM_DELTA_CHECKS = [deltaIncremental]
