import { createServer } from 'node:net'
import { join } from 'node:path'
import type { FastifyServerOptions } from 'fastify'
import { type Config, ConfigError } from './config.ts'
import { buildApp } from './http/app.ts'
import type { App } from './http/types.ts'
import { PACKAGE_ROOT } from './package-root.ts'
import { AuthCache } from './services/auth-cache.ts'
import { isDatabaseUnavailable } from './services/db-errors.ts'
import type { Deps } from './services/deps.ts'
import { schedulePurge } from './services/housekeeping.ts'
import { listenForInvalidations } from './services/invalidation.ts'
import { loadIssuedDigests } from './services/issued-digests.ts'
import { FLUSH_BATCH, LastUseRecorder } from './services/last-use.ts'
import { listenForScrapes, Metrics } from './services/metrics.ts'
import { BuiltInRoles } from './services/roles.ts'
import { ShutdownHooks } from './services/shutdown.ts'
import { WebhookWorker, type WebhookWorkerOptions } from './services/webhooks/delivery.ts'
import { openStore, type Store } from './store/database.ts'

export const DEFAULT_WEB_ROOT = join(PACKAGE_ROOT, 'dist', 'web')

export interface Gatehouse {
  app: App
  deps: Deps
  /** Settles when the filter of issued token digests is first in use (see auth-cache.ts). */
  issuedDigestsLoaded: Promise<{ digests: number; ms: number }>
  /**
   * Stops gracefully: no new connection is accepted and readiness answers 503; requests in
   * flight finish (each answer closes its connection), for at most `graceMs` (then the remaining
   * connections are cut); the shutdown steps flush what is buffered; the database closes last.
   */
  close(options?: { graceMs?: number }): Promise<void>
  /** Where the metrics listener serves (GATEHOUSE_METRICS_PORT), when there is one. */
  metricsUrl?: string | undefined
}

/** How long requests in flight may take to finish when the process is asked to stop. */
export const SHUTDOWN_GRACE_MS = 10_000

/** Composition: config -> store -> services' deps -> HTTP app. Listening is the caller's choice. */
export async function createGatehouse(
  config: Config,
  options: {
    logger?: FastifyServerOptions['logger']
    store?: Store
    webRoot?: string
    /** How webhooks are sent (tests: the loopback receiver's certificate, a DNS of their own). */
    webhooks?: WebhookWorkerOptions
  } = {},
): Promise<Gatehouse> {
  const store =
    options.store ??
    (await openStore(
      config.databaseUrl
        ? { databaseUrl: config.databaseUrl, timeoutMs: config.databaseTimeoutMs }
        : { dataDir: config.dataDir },
    ))
  const authCache = new AuthCache(config.authCacheTtlSeconds * 1000, config.authCacheMaxEntries)
  const shutdown = new ShutdownHooks()
  const metricsWanted = config.metricsToken !== undefined || config.metricsPort !== undefined
  const metrics = metricsWanted ? new Metrics({ authCache, store }) : undefined
  const base = {
    store,
    db: store.db,
    config,
    authCache,
    now: () => new Date(),
    shutdown,
    metrics,
    builtInRoles: new BuiltInRoles(),
    // Reads deps.now when it runs, so a clock a test puts in deps drives it too.
    lastUse: new LastUseRecorder(store.db, () => deps.now().getTime(), FLUSH_BATCH[store.driver]),
  }
  // Every process sends webhooks: deliveries are claimed row by row, so N processes share them.
  let worker: WebhookWorker | undefined
  const deps: Deps = { ...base, webhooks: { deliverNow: (id) => (worker as WebhookWorker).deliverNow(id) } }
  let app: App
  try {
    await listenForInvalidations(store, authCache, metrics)
    app = await buildApp({ deps, logger: options.logger, webRoot: options.webRoot ?? DEFAULT_WEB_ROOT })
  } catch (error) {
    // A store we opened is ours to close (the embedded database's lock, PostgreSQL's pool).
    if (!options.store) await store.close().catch(() => {})
    throw error
  }
  const purge = schedulePurge(deps, app.log)
  let closed = false
  let firstLoaded: (loaded: { digests: number; ms: number }) => void = () => {}
  const issuedDigestsLoaded = new Promise<{ digests: number; ms: number }>((resolve) => {
    firstLoaded = resolve
  })
  // In the background: until it is loaded, unknown tokens are looked up in the database.
  authCache.loadIssuedDigestsWith((load) => {
    loadIssuedDigests(deps.db, load, app.log, () => closed).then((loaded) => loaded && firstLoaded(loaded))
  })
  worker = new WebhookWorker(deps, app.log, { ...options.webhooks, ...(metrics ? { metrics } : {}) })
  worker.start()
  const deliveries = worker
  // Sends in flight finish and their outcomes are written before the database closes.
  shutdown.register({ name: 'webhook deliveries', run: () => deliveries.stop() })
  const metricsListener =
    metrics && config.metricsPort !== undefined
      ? await listenForScrapes(metrics, config.metricsPort).catch(async (error: unknown) => {
          await app.close()
          if (!options.store) await store.close().catch(() => {})
          throw cannotListen('127.0.0.1', config.metricsPort as number, error, 'GATEHOUSE_METRICS_PORT')
        })
      : undefined
  if (metricsListener) shutdown.register({ name: 'metrics listener', run: () => metricsListener.close() })
  // An outage is reported once by the database layer; a failed flush is retried on the next tick.
  const lastUseFailed = (error: unknown) => {
    if (!isDatabaseUnavailable(error)) app.log.warn({ err: error }, "could not record API tokens' last use")
  }
  deps.lastUse.start(1000, lastUseFailed)
  // After the last request, before the database goes: the last minute of uses is kept.
  shutdown.register({ name: "API tokens' last use", run: () => deps.lastUse.stop().catch(lastUseFailed) })
  return {
    app,
    deps,
    issuedDigestsLoaded,
    metricsUrl: metricsListener?.url,
    async close({ graceMs = SHUTDOWN_GRACE_MS } = {}) {
      closed = true
      deps.shutdown.begin()
      purge.stop()
      await closeHttp(app, graceMs)
      await deps.shutdown.run(graceMs, app.log)
      await store.close()
    },
  }
}

/**
 * Fastify stops accepting connections, closes the idle ones, and serves the requests already on
 * open ones with `Connection: close` (return503OnClosing is off: a request that reached us is
 * answered, not refused). Whatever is still open after `graceMs` is cut.
 */
async function closeHttp(app: App, graceMs: number): Promise<void> {
  const cut = setTimeout(() => app.server.closeAllConnections(), graceMs)
  cut.unref()
  try {
    await app.close()
  } finally {
    clearTimeout(cut)
  }
}

/**
 * Binds HOST:PORT for a moment and lets it go, so that a taken port is reported at once rather
 * than after the database work (migrations take seconds). The app is built on the store, so it
 * cannot listen before the database is open; the port could be taken in between, and then
 * `listen` fails with the same message through `cannotListen`.
 */
export async function ensureCanListen(host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer()
    probe.once('error', (error) => reject(cannotListen(host, port, error)))
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()))
  })
}

/** Why the server cannot listen on HOST:PORT, as a ConfigError naming the setting to change. */
export function cannotListen(host: string, port: number, error: unknown, setting = 'PORT'): unknown {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return new ConfigError(
        `${setting} ${port} is already in use on ${host} (set ${setting} to another port)`,
      )
    case 'EACCES':
      return new ConfigError(
        `${setting} ${port} on ${host} needs privileges this user does not have (set ${setting} to 1024 or above)`,
      )
    case 'EADDRNOTAVAIL':
      return new ConfigError(
        `HOST ${host} is not an address of this machine (set HOST to one of its addresses, or 0.0.0.0)`,
      )
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ConfigError(
        `HOST ${host} is not a known host name (set HOST to an address such as 127.0.0.1)`,
      )
    default:
      return error
  }
}
