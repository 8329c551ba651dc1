/**
 * The smoke request: before any case, make sure the target is reachable and accepts the
 * configured key. If not, every case is `inconclusive` with that one reason, instead of a
 * wall of identical failures.
 */
import type { Capability, ModelRole } from '../core/capabilities.ts'
import type { Exchange } from '../core/exchange.ts'
import type { RequestSpec } from '../core/types.ts'

/**
 * `unserved`: the capabilities whose endpoint answered 5xx (after retries) while the target
 * served a one-token chat: not the target being unavailable, but that endpoint failing, which
 * its suite judges. `listed`: the model ids `GET /models` listed, when it answered a list.
 */
export type SmokeResult = { ok: true; unserved?: Capability[]; listed?: string[] } | { ok: false; reason: string }

interface Sender {
  perform(request: RequestSpec, exchangeId: string): Promise<Exchange>
}

const TRANSPORT_TROUBLE: Record<NonNullable<Exchange['error']>['kind'], string> = {
  network: 'the target is unreachable',
  timeout: 'the target did not answer in time',
  reset: 'the target closed the connection before its answer was complete',
  'short-body': 'the target sent less of the body than its Content-Length announced',
  'redirect-loop': 'the target redirects in a loop',
  protocol: 'the target does not answer in HTTP',
  'too-large': 'the target sent a body over the capture limit',
  aborted: 'the request to the target was aborted',
  internal: 'the request to the target failed inside the tool',
}

function problem(exchange: Exchange, what: string): string | null {
  if (exchange.error)
    return `${TRANSPORT_TROUBLE[exchange.error.kind]} (${what}: ${exchange.error.kind}: ${exchange.error.message})`
  const status = exchange.response?.status
  if (status === undefined) return `the target gave no response to ${what}`
  if (status === 401 || status === 403)
    return `the target rejected the configured API key (${what} answered HTTP ${status})`
  if (status === 429 || status >= 500)
    return `the target is not serving (${what} answered HTTP ${status} after retries)`
  return null
}

/** What the smoke request may rely on. */
export interface SmokeScope {
  /**
   * Whether the run judges `/models` (the models suite is selected). When it does not, and a
   * chat model is configured, the smoke request is the one-token chat alone: a run that never
   * lists models must not depend on `GET /models`.
   */
  listsModels: boolean
}

export async function smokeTest(
  { perform }: Sender,
  models: Partial<Record<ModelRole, string>>,
  scope: SmokeScope = { listsModels: true },
): Promise<SmokeResult> {
  if (models.chat && !scope.listsModels) return smokeChat(perform, models.chat)
  const list = await perform({ operation: 'models.list', body: {} }, 'smoke#models')
  const status = list.response?.status
  // Some servers do not implement /models (404, 405), and some gateways serve chat while their
  // GET pass-through fails (5xx): either way that is the models suite's business, and a
  // one-token chat then decides whether the target is usable at all.
  const listBroken = !list.error && status !== undefined && status >= 500
  const listProblem = problem(list, 'GET /models')
  if (listProblem && !(listBroken && models.chat)) return { ok: false, reason: listProblem }
  if (status! >= 200 && status! < 300) {
    const listed = listedModels(list)
    return listed ? { ok: true, listed } : { ok: true }
  }
  if (!models.chat) return { ok: true }
  const chat = await smokeChat(perform, models.chat)
  return chat.ok && listBroken ? { ok: true, unserved: ['models'] } : chat
}

/** The ids of a model list (`{"data": [{"id": …}, …]}`), or undefined when the body is none; judging it is the models suite's. */
function listedModels(list: Exchange): string[] | undefined {
  let body: unknown
  try {
    body = JSON.parse(list.response?.bodyText ?? '')
  } catch {
    return undefined
  }
  const data = (body as { data?: unknown } | null)?.data
  if (!Array.isArray(data)) return undefined
  return data.flatMap((model) => {
    const id = (model as { id?: unknown } | null)?.id
    return typeof id === 'string' && id !== '' ? [id] : []
  })
}

/** The one-token chat completion that decides whether the target is usable. */
async function smokeChat(perform: Sender['perform'], model: string): Promise<SmokeResult> {
  const chat = await perform(
    {
      operation: 'chat.completions.create',
      body: { model, messages: [{ role: 'user', content: 'Reply with exactly: ok' }], max_tokens: 1 },
    },
    'smoke#chat',
  )
  const chatProblem = problem(chat, 'a one-token chat completion')
  return chatProblem ? { ok: false, reason: chatProblem } : { ok: true }
}
