export { generate, MAX_OUTPUT_TOKENS } from './generate.ts'
export type {
  FinishReason,
  GeneratedChoice,
  Generation,
  GenerationOutput,
  GenerationParams,
  TextOutput,
  TokenUsage,
} from './generate.ts'
export { MAX_TOP_LOGPROBS, tokenLogprobs } from './logprobs.ts'
export type { TokenLogprob, TopLogprob } from './logprobs.ts'
export { countPromptTokens, lastUserText, messageText } from './prompt.ts'
export { composeReply } from './reply.ts'
export { countTokens, tokenBytes, tokenize } from './tokens.ts'
