export { generate, MAX_OUTPUT_TOKENS } from './generate.ts'
export type {
  FinishReason,
  GeneratedChoice,
  Generation,
  GenerationOutput,
  GenerationParams,
  TextOutput,
  TokenUsage,
  ToolCallsOutput,
} from './generate.ts'
export { MAX_TOP_LOGPROBS, tokenLogprobs } from './logprobs.ts'
export type { TokenLogprob, TopLogprob } from './logprobs.ts'
export { countPromptTokens, lastUserText, messageText } from './prompt.ts'
export { composeReply } from './reply.ts'
export { countTokens, tokenBytes, tokenize } from './tokens.ts'
export { jsonFromSchema } from './json-from-schema.ts'
export type { JsonFromSchemaOptions } from './json-from-schema.ts'
export { structuredReply, tokenizeJson } from './structured.ts'
export type { ResponseFormatParam } from './structured.ts'
export { planToolCalls, toolResultsReply } from './tools.ts'
export type { PlannedToolCall, ToolChoiceParam, ToolDeclaration, ToolParams } from './tools.ts'
