import { CHAT_COMPLETION, CHAT_LOGPROBS, CHAT_MAX_TOKENS } from '../src/apis/chat/check-sets.ts'
import {
  COMPLETION_WITHOUT_TEXT_REPLY,
  DERIVED_STOP_PLACEHOLDER,
  REPLY_TOKENS,
  STOP_PROBE,
  UNSTOPPED,
  defineSuite,
  judgedReply,
  user,
  withDerivedStop,
  withTokenCap,
} from './common.ts'

const LONG_PROMPT = 'Write a long, detailed story about a lighthouse keeper and a storm. Use at least 300 words.'

export default defineSuite({
  capability: 'chat',
  title: 'Chat completions (non-streamed)',
  cases: [
    withTokenCap(judgedReply(REPLY_TOKENS.word), {
      id: 'chat.single-turn',
      title: 'A single user message',
      capability: 'chat',
      request: { operation: 'chat.completions.create', body: { messages: [user('Reply with exactly: hello')] } },
      checks: [...CHAT_COMPLETION.checks, ['chat.finish-reason.expected', { finishReason: 'stop' }]],
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.word), {
      id: 'chat.system-multi-turn',
      title: 'A system message and a multi-turn conversation',
      capability: 'chat',
      request: {
        operation: 'chat.completions.create',
        body: {
          messages: [
            { role: 'system', content: 'You are a terse assistant. Answer with as few words as possible.' },
            user('My name is Ada.'),
            { role: 'assistant', content: 'Nice to meet you, Ada.' },
            user('What is my name? Answer with the name only.'),
          ],
        },
      },
      checks: [...CHAT_COMPLETION.checks, ['chat.content.contains', { text: 'Ada' }]],
      asked: 'recall a name given two turns earlier',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.word), {
      id: 'chat.developer-role',
      expect: 'acceptance',
      title: 'A developer message (the canonical form for new models) is accepted',
      capability: 'chat',
      request: {
        operation: 'chat.completions.create',
        body: { messages: [{ role: 'developer', content: 'Reply with exactly: banana' }, user('Say hello.')] },
      },
      checks: [...CHAT_COMPLETION.checks, ['chat.content.contains', { text: 'banana' }]],
      asked: 'follow the developer instruction over the user message',
    }),
    withTokenCap(judgedReply(REPLY_TOKENS.word), {
      id: 'chat.content-parts',
      expect: 'acceptance',
      title: 'User content as an array of text parts is accepted',
      capability: 'chat',
      request: {
        operation: 'chat.completions.create',
        body: {
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: 'Reply with exactly:' },
                { type: 'text', text: 'parts' },
              ],
            },
          ],
        },
      },
      checks: [...CHAT_COMPLETION.checks, ['chat.content.contains', { text: 'parts' }]],
      asked: 'read the instruction split over two text parts',
    }),
    // Only the envelope is judged: a reply cut short (finish "length") judges the same.
    withTokenCap(REPLY_TOKENS.word, {
      id: 'chat.user-and-seed',
      title: 'user and seed are accepted',
      capability: 'chat',
      request: {
        operation: 'chat.completions.create',
        body: { messages: [user('Reply with exactly: ok')], user: 'oai-conformance', seed: 7 },
      },
      checks: CHAT_COMPLETION.checks,
    }),
    // Only the envelope is judged.
    withTokenCap(REPLY_TOKENS.word, {
      id: 'chat.temperature-zero',
      title: 'temperature 0 is accepted',
      capability: 'chat',
      request: {
        operation: 'chat.completions.create',
        body: { messages: [user('Reply with exactly: ok')], temperature: 0 },
      },
      checks: CHAT_COMPLETION.checks,
      optionalParams: ['temperature'],
    }),
    {
      id: 'chat.max-tokens',
      title: 'max_tokens cuts the reply with finish_reason "length"',
      capability: 'chat',
      request: { operation: 'chat.completions.create', body: { messages: [user(LONG_PROMPT)], max_tokens: 5 } },
      checks: [
        ...COMPLETION_WITHOUT_TEXT_REPLY,
        ...CHAT_MAX_TOKENS.checks,
        ['chat.finish-reason.expected', { finishReason: 'length' }],
      ],
      asked: 'a story of 300+ words, capped at 5 tokens',
      optionalParams: ['max_tokens'],
    },
    {
      id: 'chat.max-completion-tokens',
      title: 'max_completion_tokens cuts the reply with finish_reason "length"',
      capability: 'chat',
      request: {
        operation: 'chat.completions.create',
        body: { messages: [user(LONG_PROMPT)], max_completion_tokens: 5 },
      },
      checks: [
        ...COMPLETION_WITHOUT_TEXT_REPLY,
        ...CHAT_MAX_TOKENS.checks,
        ['chat.finish-reason.expected', { finishReason: 'length' }],
      ],
      asked: 'a story of 300+ words, capped at 5 tokens',
    },
    // The stop word is taken from the model's own reply (a word from its middle), so a model
    // that does not follow an instruction still meets it: asked first without `stop`, then
    // alike (temperature 0, a seed) with the word as `stop` (see chat.stop.honoured).
    withTokenCap(judgedReply(REPLY_TOKENS.short), {
      id: 'chat.stop-sequence',
      title: 'A stop sequence ends the reply before it',
      capability: 'chat',
      request: {
        operation: 'chat.completions.create',
        body: { ...STOP_PROBE, stop: DERIVED_STOP_PLACEHOLDER },
        following: { exchange: UNSTOPPED, from: withDerivedStop },
      },
      related: { [UNSTOPPED]: { operation: 'chat.completions.create', body: STOP_PROBE } },
      checks: [
        ...CHAT_COMPLETION.checks,
        ['chat.stop.honoured', { derivedFrom: UNSTOPPED }],
        ['chat.finish-reason.expected', { finishReason: 'stop' }],
      ],
      asked:
        'two sentences, asked twice alike; the second time a word from the middle of the first reply is the stop sequence',
      optionalParams: ['stop', 'temperature', 'seed'],
    }),
    // Per choice (x2); only that there are two choices is judged, not their text.
    withTokenCap(REPLY_TOKENS.word, {
      id: 'chat.n-choices',
      title: 'n: 2 returns two choices',
      capability: 'chat',
      request: { operation: 'chat.completions.create', body: { messages: [user('Reply with exactly: two')], n: 2 } },
      checks: CHAT_COMPLETION.checks,
    }),
    // The logprobs of whatever the reply is are judged, not the reply.
    withTokenCap(REPLY_TOKENS.word, {
      id: 'chat.logprobs',
      title: 'logprobs with top_logprobs have the chat shape',
      capability: 'chat',
      request: {
        operation: 'chat.completions.create',
        body: { messages: [user('Reply with exactly: probable')], logprobs: true, top_logprobs: 2 },
      },
      checks: [...CHAT_COMPLETION.checks, ...CHAT_LOGPROBS.checks],
      optionalParams: ['logprobs', 'top_logprobs'],
    }),
  ],
})
