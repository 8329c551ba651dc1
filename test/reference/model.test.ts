import { describe, expect, it } from 'vitest'
import {
  composeReply,
  countPromptTokens,
  generate,
  lastUserText,
  MAX_OUTPUT_TOKENS,
  tokenize,
  type GenerationParams,
} from '../../src/apis/chat/reference/model/index.ts'

const user = (content: unknown) => ({ role: 'user', content })

function params(overrides: Partial<GenerationParams> = {}): GenerationParams {
  return { messages: [user('Count from 1 to 10')], n: 1, maxTokens: null, stop: [], topLogprobs: null, ...overrides }
}

const text = (generation: ReturnType<typeof generate>, choice = 0) => generation.choices[choice]!.output.tokens.join('')

describe('reply rules', () => {
  it('counts from A to B with single spaces', () => {
    expect(composeReply('Please count from 1 to 5.')).toBe('1 2 3 4 5')
    expect(composeReply('COUNT FROM 3 TO 1')).toBe('3 2 1')
  })

  it('replies with the requested text', () => {
    expect(composeReply('Reply with exactly: "pong".')).toBe('pong')
    expect(composeReply('Reply with the single word OK')).toBe('OK')
    expect(composeReply('reply with the word banana.')).toBe('banana')
  })

  it('counting wins over reply-with', () => {
    expect(composeReply('Count from 1 to 3, then reply with exactly "done".')).toBe('1 2 3')
  })

  it('otherwise writes ~40 words of prose, deterministic per prompt, ending with a period', () => {
    const reply = composeReply('Tell me about rivers')
    expect(reply).toBe(composeReply('Tell me about rivers'))
    expect(reply).not.toBe(composeReply('Tell me about bridges'))
    expect(reply.split(' ')).toHaveLength(40)
    expect(reply).toMatch(/^[A-Z].*\.$/)
  })
})

describe('tokens', () => {
  it('are words with their leading whitespace, and join back exactly', () => {
    expect(tokenize('1 2  3 ')).toEqual(['1', ' 2', '  3', ' '])
    for (const sample of ['', 'one', ' lead and trail ', 'a\nb\tc']) expect(tokenize(sample).join('')).toBe(sample)
  })
})

describe('prompt', () => {
  it('answers the last user message, reading text parts of array content', () => {
    const messages = [
      user('Count from 1 to 2'),
      { role: 'assistant', content: '1 2' },
      user([
        { type: 'text', text: 'Reply with exactly ' },
        { type: 'image_url', image_url: { url: 'x' } },
        { type: 'text', text: '"hi"' },
      ]),
      { role: 'system', content: 'ignored' },
    ]
    expect(lastUserText(messages)).toBe('Reply with exactly "hi"')
  })

  it('counts words across all messages plus fixed overheads', () => {
    // 3 priming + (3 + 2 words) + (3 + 4 words)
    expect(countPromptTokens([{ role: 'developer', content: 'Be brief' }, user('Count from 1 to')])).toBe(3 + 5 + 7)
  })
})

describe('generate', () => {
  it('stops on its own with finish stop', () => {
    const generation = generate(params())
    expect(text(generation)).toBe('1 2 3 4 5 6 7 8 9 10')
    expect(generation.choices[0]!.finishReason).toBe('stop')
  })

  it('cuts at max tokens with finish length', () => {
    const generation = generate(params({ maxTokens: 4 }))
    expect(generation.choices[0]!.output.tokens).toEqual(['1', ' 2', ' 3', ' 4'])
    expect(generation.choices[0]!.finishReason).toBe('length')
    expect(generation.usage.completionTokens).toBe(4)
  })

  it('a limit equal to the reply length is not a cut', () => {
    expect(generate(params({ maxTokens: 10 })).choices[0]!.finishReason).toBe('stop')
  })

  it('cuts before the earliest stop sequence, excluded, and recounts tokens', () => {
    const generation = generate(params({ stop: ['7', ' 4'] }))
    expect(text(generation)).toBe('1 2 3')
    expect(generation.choices[0]!.finishReason).toBe('stop')
    expect(generation.usage.completionTokens).toBe(3)
  })

  it('a stop sequence beyond the token limit is never reached: finish length', () => {
    const generation = generate(params({ stop: ['9'], maxTokens: 3 }))
    expect(text(generation)).toBe('1 2 3')
    expect(generation.choices[0]!.finishReason).toBe('length')
  })

  it('caps output at the model limit', () => {
    const generation = generate(params({ messages: [user('Count from 1 to 9999')] }))
    expect(generation.choices[0]!.output.tokens).toHaveLength(MAX_OUTPUT_TOKENS)
    expect(generation.choices[0]!.finishReason).toBe('length')
  })

  it('makes n choices with indices 0..n-1 and sums completion tokens over them', () => {
    const generation = generate(params({ n: 3, maxTokens: 5 }))
    expect(generation.choices.map((choice) => choice.index)).toEqual([0, 1, 2])
    expect(generation.usage.completionTokens).toBe(15)
    expect(generation.usage.promptTokens).toBe(countPromptTokens(params().messages))
  })

  it('is deterministic', () => {
    const p = params({ messages: [user('Say something')], topLogprobs: 3 })
    expect(generate(p)).toEqual(generate(p))
  })

  it('has no logprobs unless asked', () => {
    expect(generate(params()).choices[0]!.logprobs).toBeNull()
  })

  it.each([0, 1, 5, 20])(
    'gives each token a logprob and exactly %i top logprobs, the token first, non-increasing',
    (k) => {
      const choice = generate(params({ messages: [user('Describe a garden')], topLogprobs: k })).choices[0]!
      expect(choice.logprobs).toHaveLength(choice.output.tokens.length)
      for (const [i, entry] of choice.logprobs!.entries()) {
        expect(entry.token).toBe(choice.output.tokens[i])
        expect(entry.logprob).toBeLessThanOrEqual(0)
        expect(entry.bytes).toEqual([...Buffer.from(entry.token, 'utf8')])
        expect(entry.top_logprobs).toHaveLength(k)
        if (k > 0)
          expect(entry.top_logprobs[0]).toEqual({ token: entry.token, logprob: entry.logprob, bytes: entry.bytes })
        const lps = entry.top_logprobs.map((top) => top.logprob)
        expect(lps).toEqual([...lps].sort((a, b) => b - a))
        expect(new Set(entry.top_logprobs.map((top) => top.token)).size).toBe(k)
      }
    },
  )

  it('encodes multi-byte tokens as UTF-8 bytes', () => {
    const choice = generate(params({ messages: [user('Reply with exactly "café"')], topLogprobs: 1 })).choices[0]!
    expect(choice.logprobs![0]!.bytes).toEqual([99, 97, 102, 195, 169])
  })
})
