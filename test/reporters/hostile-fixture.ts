/**
 * A report built from an endpoint that answers with markup meant to run in a report or break
 * its format: script elements, event handlers, `javascript:` links, `</script>` inside JSON,
 * Markdown table pipes and code fences, line separators. Every payload that could run sets
 * `window.__pwned` or calls `__pwn()`, so a browser test can tell whether anything ran.
 */
import type { CaseResult, CheckOutcome } from '../../src/core/types.ts'
import { buildReport, type Report } from '../../src/report/report.ts'
import { reportInput } from './fixtures/cases.ts'

/** Strings an endpoint might send, each trying another way to run script or inject markup. */
export const PAYLOADS = [
  '<script>window.__pwned = "script"; __pwn("script")</script>',
  "<img src=x onerror=\"window.__pwned = 'img'; __pwn('img')\">",
  "<a href=\"javascript:window.__pwned='link';__pwn('link')\">click me</a>",
  '</script><script>window.__pwned = "break-out"; __pwn("break-out")</script>',
  '<svg onload="__pwn(\'svg\')"></svg>',
  '<iframe srcdoc="<script>parent.__pwn(\'iframe\')</script>"></iframe>',
  '"><body onload=__pwn("attr")>',
  '\u2028\u2029<!-- --!> <![CDATA[ ]]> $' + '{__pwn("template")}',
  '| a | b |\n```\n# heading\n[link](javascript:alert(1)) ![img](x) **bold** `code`',
  '{{constructor.constructor("__pwn(\'tpl\')")()}}',
] as const

const BODY = {
  id: 'chatcmpl-x',
  object: 'chat.completion',
  choices: PAYLOADS.map((content, index) => ({ index, message: { role: 'assistant', content } })),
}

function hostileCheck(id: string, message: string): CheckOutcome {
  return {
    id,
    level: 'required',
    status: 'fail',
    spec: { operationId: 'createChatCompletion', pointer: '#/components/schemas/CreateChatCompletionResponse' },
    message,
    evidence: {
      request: {
        method: 'POST',
        url: `http://127.0.0.1:1/v1/chat/completions?q=${encodeURIComponent(PAYLOADS[0])}`,
        body: { model: PAYLOADS[1], messages: [{ role: 'user', content: PAYLOADS[3] }] },
      },
      response: { status: 200, contentType: `application/json; x=${PAYLOADS[2]}`, excerpt: JSON.stringify(BODY) },
      findings: PAYLOADS.map((payload, i) => ({ message: payload, at: `/choices/${i}`, actual: payload })),
    },
  }
}

/** One case per payload, each failing with it as the message, plus a stream carrying all of them. */
export function hostileCases(): CaseResult[] {
  const cases: CaseResult[] = PAYLOADS.map((payload, i) => ({
    id: `chat.hostile-${i}`,
    capability: 'chat',
    title: payload,
    status: 'fail',
    durationMs: 5,
    checks: [hostileCheck('chat.response.schema', payload), hostileCheck(`chat.hostile.${i}`, payload)],
    exchanges: [
      {
        name: 'main',
        method: 'POST',
        url: 'http://127.0.0.1:1/v1/chat/completions',
        status: 200,
        headersMs: 1,
        firstByteMs: 2,
        totalMs: 3,
        retries: 0,
        requestBody: { model: 'm', messages: [{ role: 'user', content: payload }] },
        contentType: payload,
        responseExcerpt: JSON.stringify(BODY),
      },
    ],
  }))
  cases.push({
    id: 'streaming.hostile',
    capability: 'streaming',
    title: 'A stream of payloads',
    status: 'warn',
    durationMs: 9,
    checks: [{ ...hostileCheck('stream.hostile', PAYLOADS[4]), level: 'recommended', status: 'warn' }],
    exchanges: [
      {
        name: 'main',
        method: 'POST',
        url: 'http://127.0.0.1:1/v1/chat/completions',
        status: 200,
        headersMs: 1,
        firstByteMs: 2,
        totalMs: 30,
        retries: 0,
        events: PAYLOADS.length,
        timeline: PAYLOADS.map((data, i) => ({ t: i * 3, event: i === 0 ? PAYLOADS[5] : 'message', data })),
      },
    ],
  })
  return cases
}

/** The report of that endpoint; its name and models carry payloads too (a config can come from anywhere). */
export function hostileReport(): Report {
  return buildReport(
    reportInput({
      target: { name: PAYLOADS[0], baseURL: `http://127.0.0.1:1/v1#${PAYLOADS[1]}`, models: { chat: PAYLOADS[3] } },
      cases: hostileCases(),
      capabilitiesRun: ['chat', 'streaming'],
      skippedCapabilities: [{ id: 'images', reason: PAYLOADS[2] }],
    }),
  )
}
