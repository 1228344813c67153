import type { DatabaseConnection, Driver } from 'kysely'

/**
 * PGlite is one connection, handed to every caller at once, so two concurrent
 * transactions would interleave their statements. This mutex gives Kysely one caller at a time.
 */
export function serializeDriver(driver: Driver): Driver {
  let queue: Promise<void> = Promise.resolve()
  const releases = new WeakMap<DatabaseConnection, () => void>()
  return {
    init: () => driver.init(),
    async acquireConnection() {
      let release!: () => void
      const turn = new Promise<void>((resolve) => {
        release = resolve
      })
      const previous = queue
      queue = queue.then(() => turn)
      await previous
      const connection = await driver.acquireConnection()
      releases.set(connection, release)
      return connection
    },
    async releaseConnection(connection) {
      await driver.releaseConnection(connection)
      releases.get(connection)?.()
    },
    beginTransaction: (c, s) => driver.beginTransaction(c, s),
    commitTransaction: (c) => driver.commitTransaction(c),
    rollbackTransaction: (c) => driver.rollbackTransaction(c),
    destroy: () => driver.destroy(),
  }
}
