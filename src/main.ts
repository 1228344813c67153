import { ConfigError, loadConfig } from './config.ts'
import { createGatehouse } from './server.ts'
import { DataDirInUseError } from './store/database.ts'

/** `npm start`: one Gatehouse process on the configured database. */
async function main() {
  const config = loadConfig()
  const gatehouse = await createGatehouse(config)
  const address = await gatehouse.app.listen({ host: config.host, port: config.port })
  const database = config.databaseUrl
    ? 'PostgreSQL (DATABASE_URL)'
    : `embedded PostgreSQL in ${config.dataDir}`
  const url = config.port === 0 ? address : config.publicUrl
  process.stdout.write(
    `Gatehouse is running at ${url}/ (API: ${url}/api, docs: ${url}/api/docs) on ${database}\n`,
  )

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    gatehouse.app.log.info({ signal }, 'shutting down')
    await gatehouse.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError || error instanceof DataDirInUseError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error)
  process.stderr.write(`Gatehouse could not start: ${message}\n`)
  process.exit(1)
})
