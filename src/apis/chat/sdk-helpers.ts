/**
 * The SDK's zod helpers in data-only cases. A case cannot hold a zod schema (cases are plain
 * data), so it names one: `zodResponseFormatRef('calendar_event')` as its `response_format`,
 * `zodFunctionRef('get_weather')` among its `tools`. Right before calling the SDK the
 * `chat.completions.parse` operation swaps each marker for what the helper builds
 * (`zodResponseFormat(schema, name)`, `zodFunction({name, parameters})`), so the request on
 * the wire and the parsing are exactly the helpers' own.
 *
 * The named schemas live here, beside the operation that resolves them: they are fixtures of
 * the SDK-helper cases (suites/structured.ts, suites/tools.ts), written the way a user of
 * the SDK writes them.
 */
import { zodFunction, zodResponseFormat } from 'openai/helpers/zod'
import { z } from 'zod'

/** Zod schemas for `zodResponseFormat`, by the name the case uses (also the format's name). */
export const ZOD_RESPONSE_FORMATS = {
  calendar_event: z.object({
    name: z.string(),
    date: z.string(),
    participants: z.array(z.string()),
    priority: z.enum(['low', 'normal', 'high']),
    location: z.object({ city: z.string(), room: z.string().nullable() }),
  }),
} as const

/** Zod function tools for `zodFunction`, by function name. */
export const ZOD_FUNCTIONS = {
  get_weather: {
    description: 'Get the current weather in a city.',
    parameters: z.object({
      location: z.string().describe('The city and country, e.g. Paris, France'),
      unit: z.enum(['celsius', 'fahrenheit']),
    }),
  },
} as const

export type ZodResponseFormatName = keyof typeof ZOD_RESPONSE_FORMATS
export type ZodFunctionName = keyof typeof ZOD_FUNCTIONS

/** A marker a case body carries in place of a helper's result. */
export type SdkHelperRef =
  | { $sdkHelper: 'zodResponseFormat'; name: ZodResponseFormatName }
  | { $sdkHelper: 'zodFunction'; name: ZodFunctionName }

/** `response_format: zodResponseFormat(ZOD_RESPONSE_FORMATS[name], name)`, as data. */
export function zodResponseFormatRef(name: ZodResponseFormatName): SdkHelperRef {
  return { $sdkHelper: 'zodResponseFormat', name }
}

/** A `zodFunction({name, ...ZOD_FUNCTIONS[name]})` tool, as data. */
export function zodFunctionRef(name: ZodFunctionName): SdkHelperRef {
  return { $sdkHelper: 'zodFunction', name }
}

/** The body with every helper marker (in `response_format` and `tools`) replaced by the helper's result. */
export function withSdkHelpers(body: Record<string, unknown>): Record<string, unknown> {
  const resolved: Record<string, unknown> = { ...body }
  if (isRef(body.response_format)) resolved.response_format = resolve(body.response_format)
  if (Array.isArray(body.tools)) resolved.tools = body.tools.map((tool) => (isRef(tool) ? resolve(tool) : tool))
  return resolved
}

function resolve(ref: SdkHelperRef): unknown {
  if (ref.$sdkHelper === 'zodResponseFormat') return zodResponseFormat(ZOD_RESPONSE_FORMATS[ref.name], ref.name)
  return zodFunction({ name: ref.name, ...ZOD_FUNCTIONS[ref.name] })
}

function isRef(value: unknown): value is SdkHelperRef {
  return (
    typeof value === 'object' && value !== null && typeof (value as { $sdkHelper?: unknown }).$sdkHelper === 'string'
  )
}
