import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import type { Store } from '../store/database.ts'
import type { Database } from '../store/schema.ts'
import type { AuthCache } from './auth-cache.ts'
import type { LastUseRecorder } from './last-use.ts'
import type { Metrics } from './metrics.ts'
import type { BuiltInRoles } from './roles.ts'
import type { ShutdownHooks } from './shutdown.ts'
import type { DeliverNow } from './webhooks/webhooks.ts'

/** What every use case is given: the store, the clock and the config. No HTTP. */
export interface Deps {
  store: Store
  db: Kysely<Database>
  config: Config
  authCache: AuthCache
  /** Tokens' last use, kept in memory and written at most once a minute per token. */
  lastUse: LastUseRecorder
  now: () => Date
  /** Steps to run before the database closes (flushing buffers); see shutdown.ts. */
  shutdown: ShutdownHooks
  /** Sends a webhook delivery at once (the process's webhook worker). */
  webhooks: DeliverNow
  /** Prometheus metrics, when the operator asked for them (GATEHOUSE_METRICS_TOKEN or _PORT). */
  metrics?: Metrics | undefined
  /** The built-in roles of organizations, read once each (they never change): see roles.ts. */
  builtInRoles: BuiltInRoles
}
