/** The official SDK's view: "violates the spec" and "breaks the SDK" are different findings. */
import { defineCheck, finding, skip } from '../../../core/define.ts'
import { DOCS } from '../spec.ts'

export const sdkCallSucceeds = defineCheck({
  id: 'sdk.call.succeeds',
  title: 'The official SDK accepts the response',
  level: 'required',
  spec: { doc: DOCS.sdk },
  description: 'The official openai SDK MUST return a parsed result for a valid request, without raising.',
  notes:
    'The SDK hands back the raw text as the "result" when the content type is not JSON; code expecting an object then breaks, so a string result counts as broken.',
  run({ exchange }) {
    const sdk = exchange.sdk
    if (!sdk) return skip('no SDK outcome was captured (a recording)')
    if (!sdk.ok) return [finding(`the SDK raised ${sdk.error.name}: ${sdk.error.message}`, { actual: sdk.error })]
    if (typeof sdk.value === 'string')
      return [
        finding('the SDK returned the raw body text instead of a parsed object', { actual: sdk.value.slice(0, 300) }),
      ]
    return []
  },
})

export const SDK_CHECKS = [sdkCallSucceeds]
