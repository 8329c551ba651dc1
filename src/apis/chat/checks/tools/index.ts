/**
 * Function calling: the tool calls a completion returns, what `tool_choice` and
 * `parallel_tool_calls` promise about them, the round trip with tool results, and the
 * canonical request forms a conversation with tools uses. One file per concern beside this one.
 *
 * Protocol and model behaviour are kept apart (issue 4, §3): a malformed call, a forbidden
 * call, a missing forced call, a call left as text in content or arguments that break a
 * strict schema are failures; a model that chose not to call a tool under "auto", or made
 * one call where two were asked for, is a warning that says so.
 */
import { argumentsValid, strictArgumentsValid, strictParallelArgumentsValid } from './arguments.ts'
import { argumentsString, callId, callName, callType, idsUnique } from './call-shape.ts'
import { finishReason } from './finish-reason.ts'
import { notInContent } from './not-in-content.ts'
import { parallelCalled, parallelDisabled } from './parallel.ts'
import { assistantContentNull, historyWithoutTools, openaiCallIds, toolContentParts } from './request-forms.ts'
import { usesResult } from './round-trip.ts'
import { sdkParsedArguments } from './sdk.ts'
import { streamAssembled } from './stream.ts'
import { autoCalled, choiceNamed, choiceNone, choiceRequired } from './tool-choice.ts'

/** Every function-calling check, in catalogue order. */
export const TOOLS_CHECKS = [
  callId,
  callType,
  callName,
  argumentsString,
  argumentsValid,
  strictArgumentsValid,
  strictParallelArgumentsValid,
  notInContent,
  finishReason,
  idsUnique,
  choiceNone,
  choiceRequired,
  choiceNamed,
  autoCalled,
  parallelCalled,
  parallelDisabled,
  usesResult,
  assistantContentNull,
  toolContentParts,
  openaiCallIds,
  historyWithoutTools,
  streamAssembled,
  sdkParsedArguments,
]
