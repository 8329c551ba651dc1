/** OpenAI's function-calling guide, for rules the schema cannot express. */
export const TOOL_DOCS = {
  guide: 'https://platform.openai.com/docs/guides/function-calling',
  toolChoice: 'https://platform.openai.com/docs/guides/function-calling#tool-choice',
  parallel: 'https://platform.openai.com/docs/guides/function-calling#parallel-function-calling',
  strict: 'https://platform.openai.com/docs/guides/function-calling#strict-mode',
  results: 'https://platform.openai.com/docs/guides/function-calling#handling-function-calls',
  sdk: 'https://github.com/openai/openai-node/blob/master/helpers.md#structured-outputs-parsing-helpers',
} as const
