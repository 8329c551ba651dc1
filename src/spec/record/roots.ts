/**
 * What gets recorded: the component schemas the suites validate against (each with
 * everything it references) and the operations the transport performs. Extend these
 * lists and re-run `npm run schemas:record` to record more.
 */

/** Component schemas recorded, with their transitive `$ref`s. */
export const ROOT_SCHEMAS = [
  'CreateChatCompletionRequest',
  'CreateChatCompletionResponse',
  'CreateChatCompletionStreamResponse',
  'ChatCompletionMessageToolCall',
  'ChatCompletionMessageToolCalls',
  'ChatCompletionMessageToolCallChunk',
  /** The logprobs of one token (chat `choices[].logprobs.content[]`). */
  'ChatCompletionTokenLogprob',
  'ErrorResponse',
  'Error',
  'ListModelsResponse',
  'Model',
  'CreateEmbeddingRequest',
  'CreateEmbeddingResponse',
  'CreateImageRequest',
  'ImagesResponse',
  'CreateSpeechRequest',
] as const

/** Operations whose request/response schemas are recorded in `schemas/operations.json`. */
export const RECORDED_OPERATIONS = [
  'createChatCompletion',
  'listModels',
  'retrieveModel',
  'createEmbedding',
  'createImage',
  'createSpeech',
] as const
