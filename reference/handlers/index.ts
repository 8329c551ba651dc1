/**
 * The reference endpoint as msw request handlers: usable in-process with `setupServer`
 * or behind a real socket (../server.ts). Every route runs the same front half:
 *
 *   parse -> respond hooks -> auth -> route (validate, build, render) -> response hooks
 */
import { http, type RequestHandler } from 'msw'
import { resolveFaults, type Fault } from '../faults/index.ts'
import { authProblem } from './auth.ts'
import { chatCompletions } from './chat.ts'
import { RequestContext, type ReferenceSettings } from './context.ts'
import { invalidUrl } from './errors.ts'
import { listModels, retrieveModel } from './models.ts'
import { FaultPipeline } from './pipeline.ts'

export interface ReferenceOptions {
  /** The base URL clients use, e.g. `http://127.0.0.1:1234/v1`. */
  baseUrl: string
  /** When set, Bearer auth is enforced with this key. */
  apiKey?: string
  /** Faults to commit, by name or as objects; unknown names throw. */
  faults?: Array<string | Fault>
}

type Route = (ctx: RequestContext) => Response | Promise<Response>

export function createReferenceHandlers(options: ReferenceOptions): RequestHandler[] {
  const base = options.baseUrl.replace(/\/+$/, '')
  const settings: ReferenceSettings = {
    basePath: new URL(base).pathname.replace(/\/+$/, ''),
    apiKey: options.apiKey,
    pipeline: new FaultPipeline(resolveFaults(options.faults)),
  }
  const resolver =
    (route: Route) =>
    async ({ request }: { request: Request }) => {
      const ctx = await RequestContext.from(request, settings)
      const taken = await ctx.pipeline.respond(ctx.req)
      if (taken) return taken
      const problem = authProblem(ctx.req.headers, settings.apiKey)
      const rejected = problem && ctx.reject(problem)
      return rejected || route(ctx)
    }
  return [
    http.post(`${base}/chat/completions`, resolver(chatCompletions)),
    http.get(`${base}/models`, resolver(listModels)),
    http.get(
      `${base}/models/*`,
      resolver((ctx) => retrieveModel(ctx, modelIdIn(ctx.req.path))),
    ),
    http.all(`${base}/*`, resolver(invalidUrlRoute)),
  ]
}

/** `/models/{id}` -> id (ids may contain slashes, e.g. `org/model`). */
function modelIdIn(path: string): string {
  return decodeURIComponent(path.slice('/models/'.length))
}

/**
 * OpenAI answers unknown routes with a 404 envelope naming the method and path. Should a
 * fault waive that 404 there is nothing to carry on with: an empty JSON object.
 */
function invalidUrlRoute(ctx: RequestContext): Response {
  return ctx.reject(invalidUrl(ctx.req.method, ctx.settings.basePath + ctx.req.path)) ?? ctx.json({})
}
