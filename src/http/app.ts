import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyCookie from '@fastify/cookie'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyServerOptions, LogController } from 'fastify'
import { operations } from '../contract/index.ts'
import { buildOpenApiDocument } from '../contract/openapi.ts'
import type { Deps } from '../services/deps.ts'
import type { Metrics } from '../services/metrics.ts'
import { coalescingCounter, sharedCounter } from '../services/shared-limits.ts'
import { lazySerializers } from './lazy-serializers.ts'
import { redactionPaths, serializeError, serializeRequest } from './logging.ts'
import { registerMetricsRoute } from './metrics-route.ts'
import { registerAuth } from './plugins/auth.ts'
import { answerClientError } from './plugins/client-errors.ts'
import { frameworkProblem, notFoundRoute, registerProblemHandlers } from './plugins/problems.ts'
import { registerSecurityHeaders } from './plugins/security-headers.ts'
import { sharedRateLimitStore } from './plugins/shared-rate-limit-store.ts'
import { lazyRequestLogger } from './request-logger.ts'
import { registerRoutes } from './routes/index.ts'
import { trustProxyOption } from './trust-proxy.ts'
import type { App } from './types.ts'

export interface AppOptions {
  deps: Deps
  /** pino options, or false for no logs (tests pass a stream to read them). */
  logger?: FastifyServerOptions['logger']
  /** Built console (vite build output); served at / when present. */
  webRoot?: string | undefined
}

export const API_PREFIX = '/api'

export async function buildApp(options: AppOptions): Promise<App> {
  const { deps } = options
  const logger = withSafeErrors(
    options.logger ?? {
      level: deps.config.logLevel,
      redact: { paths: redactionPaths, censor: '[redacted]' },
    },
  )
  const serializers = lazySerializers()
  const app = Fastify({
    logger,
    // Fastify's two lines per request are at info: below the level, not even their fields (the
    // response time, the request's serialization) are worked out.
    logController: new LogController({ disableRequestLogging: !logsInfo(logger) }),
    // A request's own logger is made when it first logs (request-logger.ts), not for every request.
    childLoggerFactory: lazyRequestLogger,
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: trustProxyOption(deps.config.trustProxy),
    // Never let a client's request id into our logs unchecked.
    requestIdHeader: false,
    frameworkErrors: frameworkProblem,
    // While stopping, a request that reached us is served (with Connection: close) rather than
    // refused with a 503: the grace period in server.ts bounds how long that may go on.
    return503OnClosing: false,
    clientErrorHandler: answerClientError,
    // Bounded work per connection: the whole request (headers and body) must arrive within the
    // request timeout, headers within 10 s of it, and an idle keep-alive connection is closed.
    requestTimeout: deps.config.requestTimeoutSeconds * 1000,
    keepAliveTimeout: deps.config.keepAliveTimeoutSeconds * 1000,
    http: {
      headersTimeout: Math.min(10, deps.config.requestTimeoutSeconds) * 1000,
      // Node enforces both timeouts on this tick (30 s by default, far beyond a short timeout).
      connectionsCheckingInterval: Math.min(1000, (deps.config.requestTimeoutSeconds * 1000) / 2),
    },
    schemaController: { compilersFactory: { buildSerializer: serializers.factory } },
    ajv: {
      customOptions: {
        // Unknown fields are refused (additionalProperties: false), not silently dropped, and
        // "12" is not quietly turned into 12: the client learns about its mistake.
        removeAdditional: false,
        coerceTypes: false,
        allErrors: true,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>()

  // Beyond this many open connections Node closes new ones at once: a flood of idle connections
  // cannot exhaust file descriptors and memory for the clients already served.
  app.server.maxConnections = deps.config.maxConnections
  app.decorate('deps', deps)
  app.decorate('serializers', serializers)
  // The API speaks JSON only: Fastify's built-in text/plain parser would let a text body reach
  // schema validation (a confusing 400) instead of the 415 that names the real mistake.
  app.removeContentTypeParser('text/plain')
  registerProblemHandlers(app)
  if (deps.metrics) observeRequests(app, deps.metrics)
  await app.register(fastifyCookie)
  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        // Self-hosted on plain HTTP is legitimate (localhost, private networks): do not force HTTPS.
        upgradeInsecureRequests: null,
      },
    },
    // Behind HTTPS the operator's proxy decides HSTS; on plain HTTP it would be ignored anyway.
    hsts: deps.config.publicUrl.startsWith('https://'),
  })

  // The document is made from the contract's operations (src/contract/openapi.ts); @fastify/swagger
  // serves it as is and backs the API reference page.
  await app.register(fastifySwagger, {
    mode: 'static',
    specification: {
      document: buildOpenApiDocument(operations, { version: '0.1.0', serverUrl: API_PREFIX }),
    },
  } as never)

  await app.register(
    async (api) => {
      const typed = api.withTypeProvider<TypeBoxTypeProvider>()
      // API answers may carry secrets (a new token, a session): no cache may keep them. Set as
      // the answer goes (whatever a handler set), by a callback hook: no promise per request.
      typed.addHook('onSend', (_request, reply, payload, done) => {
        reply.header('cache-control', 'no-store')
        done(null, payload)
      })
      registerAuth(typed)
      // Per-route request limits (signup); failed authentications have their own limiter.
      await typed.register(fastifyRateLimit, {
        global: false,
        // Several processes on one PostgreSQL count together; one process counts in memory.
        ...(deps.store.driver === 'postgres'
          ? // The plugin types its store option as its own class; ours has the same methods.
            {
              store: sharedRateLimitStore(coalescingCounter(sharedCounter(deps.db)), () =>
                deps.now().getTime(),
              ) as never,
            }
          : {}),
      })
      typed.setNotFoundHandler(notFoundRoute)
      typed.get('/openapi.json', { config: { auth: 'none' } }, async () => typed.swagger())
      if (deps.metrics && deps.config.metricsToken)
        registerMetricsRoute(typed, deps.metrics, deps.config.metricsToken)
      await registerRoutes(typed)
    },
    { prefix: API_PREFIX },
  )

  // The API reference is public and outside the authenticated scope above.
  await app.register(fastifySwaggerUi, {
    routePrefix: `${API_PREFIX}/docs`,
    theme: { title: 'Gatehouse API reference' },
    logo: { type: 'image/svg+xml', content: REFERENCE_LOGO, href: `${API_PREFIX}/docs` },
    // The page reads, and links to, the document clients use (its own ./json copy is the same).
    uiConfig: { urls: [{ url: `${API_PREFIX}/openapi.json`, name: 'Gatehouse API (openapi.json)' }] },
    staticCSP: true,
    // Swagger UI sets a few inline styles; everything else stays 'self' only.
    transformStaticCSP: (header) =>
      header.replace("style-src 'self' https:", "style-src 'self' 'unsafe-inline'"),
  })
  await registerConsole(app, options.webRoot)
  return app
}

/**
 * One histogram observation per answer, by the route's pattern (never the URL: ids and secrets
 * pasted into paths must not become label values). Registered only when metrics are on, so a
 * server without them pays nothing.
 */
function observeRequests(app: App, metrics: Metrics) {
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(
      request.method,
      request.is404 ? undefined : request.routeOptions.url,
      reply.statusCode,
      reply.elapsedTime / 1000,
    )
    done()
  })
}

/** Gatehouse's name in the reference page's top bar, where Swagger UI would show its own logo. */
const REFERENCE_LOGO = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40" role="img" aria-label="Gatehouse API reference">' +
    '<text x="0" y="28" font-family="sans-serif" font-size="24" font-weight="bold" fill="#ffffff">' +
    'Gatehouse API reference</text></svg>',
)

/** The React console, with every unknown non-API path answered by index.html (client routing). */
async function registerConsole(app: App, webRoot: string | undefined) {
  if (!webRoot || !existsSync(join(webRoot, 'index.html'))) {
    app.setNotFoundHandler(notFoundRoute)
    return
  }
  await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: ['index.html'] })
  app.setNotFoundHandler((request, reply) => {
    const acceptsHtml = (request.headers.accept ?? '').includes('text/html')
    if (request.method === 'GET' && acceptsHtml) return reply.sendFile('index.html')
    return notFoundRoute(request, reply)
  })
}

/** Whether lines at info are written with these logger options (pino's default level is info). */
function logsInfo(logger: FastifyServerOptions['logger']): boolean {
  if (!logger) return false
  const level = logger === true ? 'info' : ((logger as { level?: string }).level ?? 'info')
  return ['trace', 'debug', 'info'].includes(level)
}

/** Whatever logger options a caller gives: credentials redacted, errors without the values they carry. */
function withSafeErrors(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return logger
  const options = (logger === true ? {} : logger) as Record<string, unknown>
  return {
    ...options,
    // Credentials are redacted whatever the caller asked for.
    redact: { paths: redactionPaths, censor: '[redacted]' },
    serializers: { ...(options.serializers as object), err: serializeError, req: serializeRequest },
  }
}
