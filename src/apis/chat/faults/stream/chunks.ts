/**
 * Stream faults in the chunk envelope: `object`, `id`, `created` and `model` across chunks.
 */
import type { Fault } from '../../../../reference/fault.ts'

export const envelopeFaults: Fault[] = [
  {
    name: 'stream-chunk-object-text-completion',
    description: "Labels every chunk `object: 'text_completion.chunk'`.",
    modelledOn: 'mini-sglang before #126 (streaming chunks carried `"object": "text_completion.chunk"`).',
    proves: ['stream.chunk.object', 'stream.chunk.schema'],
    hooks: { events: (chunks) => chunks.map((chunk) => ({ ...chunk, object: 'text_completion.chunk' })) },
  },
  {
    name: 'stream-id-per-chunk',
    description: 'Gives every chunk a new id.',
    modelledOn: 'litellm#1571 (streams for non-OpenAI providers had a different id in each chunk).',
    proves: ['stream.chunk.id'],
    hooks: { events: (chunks) => chunks.map((chunk, i) => ({ ...chunk, id: `${chunk.id}-${i}` })) },
  },
  {
    name: 'stream-created-per-chunk',
    description: '`created` is the time each chunk was made, so it changes during the stream.',
    modelledOn: 'TGI streams relayed in litellm#3757 (`created` 1716278085, then 1716278086 within one stream).',
    proves: ['stream.chunk.created'],
    hooks: { events: (chunks) => chunks.map((chunk, i) => ({ ...chunk, created: chunk.created + i })) },
  },
  {
    name: 'stream-model-changes',
    description: 'The first chunk names the model as requested, later chunks a resolved deployment name.',
    modelledOn:
      'Routers that copy `model` from whichever upstream response they relay, alias first and deployment later; OpenAI names one model throughout a stream.',
    proves: ['stream.chunk.model-consistent'],
    hooks: {
      events: (chunks) =>
        chunks.map((chunk, i) => (i === 0 ? chunk : { ...chunk, model: `${chunk.model}-2026-01-01` })),
    },
  },
  {
    name: 'stream-empty-id-model',
    description: 'The last two chunks have `id: ""` and `model: ""`.',
    modelledOn: 'OpenCode Zen with include_usage (anomalyco/opencode#42918: trailing chunks with empty id and model).',
    proves: ['stream.chunk.id', 'stream.chunk.model'],
    hooks: {
      events: (chunks) => chunks.map((chunk, i) => (i < chunks.length - 2 ? chunk : { ...chunk, id: '', model: '' })),
    },
  },
]
