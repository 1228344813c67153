import { ConfigError, loadConfig } from './config.ts'
import { DataDirInUseError } from './store/pglite/data-dir-lock.ts'
import { pgliteWasmModule } from './store/pglite/wasm-module.ts'

/** `npm start`: one Gatehouse process on the configured database. */
async function main() {
  const config = loadConfig()
  // The embedded database's WebAssembly compiles on V8's other threads while this one loads the
  // server's code, which is therefore imported only now (the bundle evaluates it here).
  if (!config.databaseUrl) void pgliteWasmModule()
  const { cannotListen, createGatehouse, ensureCanListen } = await import('./server.ts')
  const { serverLoggerOptions } = await import('./http/logging.ts')
  // Before the database work: a taken port is told in a moment, and no data dir is created.
  await ensureCanListen(config.host, config.port)
  const gatehouse = await createGatehouse(config, { logger: serverLoggerOptions(config) })
  let address: string
  try {
    address = await gatehouse.app.listen({ host: config.host, port: config.port })
  } catch (error) {
    await gatehouse.close().catch(() => {})
    throw cannotListen(config.host, config.port, error)
  }
  const database = config.databaseUrl
    ? 'PostgreSQL (DATABASE_URL)'
    : `embedded PostgreSQL in ${config.dataDir}`
  const url = config.port === 0 ? address : config.publicUrl
  process.stdout.write(
    `Gatehouse is running at ${url}/ (API: ${url}/api, docs: ${url}/api/docs) on ${database}\n` +
      (gatehouse.metricsUrl ? `Metrics for Prometheus at ${gatehouse.metricsUrl} (loopback only)\n` : ''),
  )
  // Said once, like the line above: from then on a token that was never issued costs no query.
  gatehouse.issuedDigestsLoaded.then(({ digests, ms }) =>
    process.stdout.write(
      `Never-issued API tokens are refused from memory (${digests} issued token digests loaded in ${ms} ms)\n`,
    ),
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
  process.stderr.write(`Gatehouse could not start: ${startupFailure(error)}\n`)
  process.exit(1)
})

/**
 * One line for a person to act on. A setting that cannot be used says so itself; anything else
 * gives its message, and its stack only when LOG_LEVEL asks for detail (read raw: the failure
 * may be that the config did not load).
 */
function startupFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof DataDirInUseError) return error.message
  if (!(error instanceof Error)) return String(error).split('\n')[0] as string
  const wantsDetail = process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace'
  if (wantsDetail) return error.stack ?? error.message
  const firstLine = error.message.split('\n')[0] || error.name
  return `${firstLine} (set LOG_LEVEL=debug for the details)`
}
