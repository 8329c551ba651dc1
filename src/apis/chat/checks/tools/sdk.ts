/** The SDK's parse() helper with zodFunction (strict) tools: it parses each call's arguments without raising. */
import { defineCheck, skip } from '../../../../core/define.ts'
import { isPlainObject } from '../../../shared/body.ts'
import { declaredTools } from '../../read/declared-tools.ts'
import { sentRequest } from '../../read/request.ts'
import { parseHelperCompletion } from '../../sdk-parse.ts'
import { TOOL_DOCS } from './docs.ts'

export const sdkParsedArguments = defineCheck({
  id: 'tools.sdk.parsed-arguments',
  title: "The SDK's parse() parses the calls of strict tools",
  level: 'required',
  spec: { doc: TOOL_DOCS.sdk },
  description:
    '`client.chat.completions.parse()` with zodFunction (strict) tools MUST return the completion, each call of such a tool with its `parsed_arguments`, without raising.',
  notes:
    "The one SDK-level check of a parse() case (sdk.call.succeeds is left out there, so one raise is one finding): the helper JSON-parses each call's arguments and validates them with the zod schema, so arguments the wire checks pass can still break it. After parse() returns, every call of a zodFunction tool carries the zod-parsed object (the SDK raises otherwise), so the verdict is whether it raised; a refused request is http.status.success's.",
  run: (ctx) => {
    const helper = parseHelperCompletion(ctx)
    if (!('completion' in helper)) return helper
    const strict = new Set(
      [...declaredTools(sentRequest(ctx)).values()].filter((tool) => tool.strict).map((tool) => tool.name),
    )
    const parsed = helper.completion.choices.flatMap((choice) => {
      const message = isPlainObject(choice.message) ? choice.message : {}
      return Array.isArray(message.tool_calls)
        ? message.tool_calls.filter(
            (call) => isPlainObject(call) && isPlainObject(call.function) && strict.has(call.function.name as string),
          )
        : []
    })
    return parsed.length === 0 ? skip('parse() returned no call of a strict tool: the helper had nothing to parse') : []
  },
})
