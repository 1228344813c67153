/**
 * The load generator, run as its own process by bench/run.ts so that it does not share an event
 * loop with the server it measures. Reads its job as JSON on argv[2]; prints autocannon's figures.
 */
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'

interface Job {
  url: string
  connections: number
  durationSeconds: number
  /** File with one Authorization header value per line, used in turn; none for no auth. */
  authorizationsFile?: string
  /** Send exactly this many requests instead of running for durationSeconds (used to warm up). */
  amount?: number
  /** A POST of this JSON body (its "[<id>]" replaced by a unique id per request), instead of a GET,
   *  with the first line of authorizationsFile as its Authorization (a secret: never on argv). */
  post?: { body: string }
  /** Connections, when not the job's default. */
  connectionsOverride?: number
}

const job = JSON.parse(process.argv[2] as string) as Job
const authorizations = job.authorizationsFile
  ? readFileSync(job.authorizationsFile, 'utf8').split('\n').filter(Boolean)
  : []
let next = 0

const started = performance.now()
const cpuAtStart = process.cpuUsage()
/** When the last answer came: autocannon stops on its one-second tick, after the last one. */
let lastAnswerAt = started
const result = await run({
  url: job.url,
  connections: job.connectionsOverride ?? job.connections,
  ...(job.amount ? { amount: job.amount } : { duration: job.durationSeconds }),
  ...(job.post
    ? {
        method: 'POST' as const,
        body: job.post.body,
        idReplacement: true,
        headers: { 'content-type': 'application/json', authorization: authorizations[0] ?? '' },
      }
    : {
        requests: [
          {
            method: 'GET' as const,
            setupRequest: (request: autocannon.Request) => {
              if (authorizations.length > 0) {
                request.headers = {
                  ...request.headers,
                  authorization: authorizations[next++ % authorizations.length] as string,
                }
              }
              return request
            },
          },
        ],
      }),
})

/** autocannon, noting when each answer arrives. */
function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)))
    instance.on('response', () => {
      lastAnswerAt = performance.now()
    })
  })
}

const statuses = Object.fromEntries(
  Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [
    code,
    (stats as { count: number }).count,
  ]),
)
process.stdout.write(
  `${JSON.stringify({
    requestsPerSecond: Math.round(result.requests.average),
    // From the first request to the last answer, to the millisecond: what a fixed amount of
    // requests (the creations) reports. autocannon's own average counts whole seconds.
    completedPerSecond: Math.round(result.requests.total / ((lastAnswerAt - started) / 1000)),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    requests: result.requests.total,
    // The generator shares the machine with the server: what it spent a request says how much of
    // the two cores the figure's other side had.
    generatorCpuMicrosPerRequest: cpuMicrosPerRequest(process.cpuUsage(cpuAtStart), result.requests.total),
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
  })}\n`,
)

function cpuMicrosPerRequest(usage: NodeJS.CpuUsage, requests: number): number {
  return requests > 0 ? Math.round(((usage.user + usage.system) / requests) * 10) / 10 : 0
}
