/**
 * The reference endpoint's router: msw request handlers over the routes the API slices
 * declare, usable in-process with `setupServer` or behind a real socket (./server.ts).
 * Every route runs the same front half:
 *
 *   parse -> respond hooks -> auth -> route (validate, build, render) -> response hooks
 *
 * and any path no slice claims gets OpenAI's 404 envelope.
 */
import { http, type RequestHandler } from 'msw'
import { authProblem } from './auth.ts'
import { RequestContext, type ReferenceSettings } from './context.ts'
import { invalidUrl } from './errors.ts'
import type { Fault } from './fault.ts'
import { FaultPipeline } from './pipeline.ts'

/** One route of an API slice's reference handler. */
export interface ReferenceRoute {
  method: 'GET' | 'POST'
  /** The OpenAPI operation it serves (`schemas/operations.json`), e.g. `createChatCompletion`: what faults are scoped by. */
  operationId: string
  /** msw path pattern below the base URL, e.g. `/chat/completions` or `/models/*`. */
  path: string
  handle(ctx: RequestContext): Response | Promise<Response>
  /**
   * Served without the API key: a file whose URL an answer named (OpenAI's image URLs are
   * signed storage links that clients fetch without the key). Such a route serves no recorded
   * operation; its `operationId` is the reference's own name for it.
   * @default false
   */
  public?: boolean
}

export interface RouterOptions {
  /** The base URL clients use, e.g. `http://127.0.0.1:1234/v1`. */
  baseUrl: string
  /** When set, Bearer auth is enforced with this key. */
  apiKey?: string
  /** The routes of every API slice. */
  routes: readonly ReferenceRoute[]
  /** The faults to commit, resolved. */
  faults: readonly Fault[]
}

export function createRouter(options: RouterOptions): RequestHandler[] {
  const base = options.baseUrl.replace(/\/+$/, '')
  const settings: ReferenceSettings = {
    baseUrl: base,
    basePath: new URL(base).pathname.replace(/\/+$/, ''),
    apiKey: options.apiKey,
    pipeline: new FaultPipeline(options.faults),
  }
  const resolver =
    (handle: ReferenceRoute['handle'], operationId: string | null, open = false) =>
    async ({ request }: { request: Request }) => {
      const ctx = await RequestContext.from(request, settings, operationId)
      const taken = await ctx.pipeline.respond(ctx.req)
      if (taken) return taken
      const problem = !open && authProblem(ctx.req.headers, settings.apiKey)
      const rejected = problem && ctx.reject(problem)
      return rejected || handle(ctx)
    }
  const verbs = { GET: http.get, POST: http.post }
  return [
    ...options.routes.map((route) =>
      verbs[route.method](`${base}${route.path}`, resolver(route.handle, route.operationId, route.public)),
    ),
    http.all(`${base}/*`, resolver(invalidUrlRoute, null)),
  ]
}

/**
 * OpenAI answers unknown routes with a 404 envelope naming the method and path. Should a
 * fault waive that 404 there is nothing to carry on with: an empty JSON object.
 */
function invalidUrlRoute(ctx: RequestContext): Response {
  return ctx.reject(invalidUrl(ctx.req.method, ctx.settings.basePath + ctx.req.path)) ?? ctx.json({})
}
