/**
 * The yardstick: a bare Fastify server (the project's own `fastify`, no plugins, no logger) with
 * one route shaped like Gatehouse's healthz. bench/run.ts starts it as a process of its own and
 * drives it with the same load generator, in the same run, so healthz is measured against it.
 * Prints its URL on stdout.
 */
import Fastify from 'fastify'

const app = Fastify({ logger: false })
app.get('/api/healthz', async () => ({ status: 'ok' }))
const address = await app.listen({ host: '127.0.0.1', port: 0 })
process.stdout.write(`${address}\n`)
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
