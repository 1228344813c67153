import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyServerOptions } from 'fastify'
import type { Config } from './config.ts'
import { buildApp } from './http/app.ts'
import type { App } from './http/types.ts'
import { AuthCache } from './services/auth-cache.ts'
import type { Deps } from './services/deps.ts'
import { listenForInvalidations } from './services/invalidation.ts'
import { openStore, type Store } from './store/database.ts'

export const DEFAULT_WEB_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'web')

export interface Gatehouse {
  app: App
  deps: Deps
  close(): Promise<void>
}

/** Composition: config -> store -> services' deps -> HTTP app. Listening is the caller's choice. */
export async function createGatehouse(
  config: Config,
  options: { logger?: FastifyServerOptions['logger']; store?: Store; webRoot?: string } = {},
): Promise<Gatehouse> {
  const store =
    options.store ??
    (await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }))
  const authCache = new AuthCache(config.authCacheTtlSeconds * 1000)
  await listenForInvalidations(store, authCache)
  const deps: Deps = { store, db: store.db, config, authCache, now: () => new Date() }
  const app = await buildApp({ deps, logger: options.logger, webRoot: options.webRoot ?? DEFAULT_WEB_ROOT })
  return {
    app,
    deps,
    async close() {
      await app.close()
      await store.close()
    },
  }
}
