/**
 * `npm run bench`: Gatehouse's speed, in figures. For the embedded database and, when
 * DATABASE_URL is set, for PostgreSQL (in a fresh database it creates and drops):
 *   - token creations per second (10,000 tokens through the API),
 *   - requests/s and p50/p99 latency at 50 connections for healthz (no auth), whoami with valid
 *     tokens (rotating over all 10,000), whoami with unknown well-formed tokens, and a
 *     token-authenticated GET /organization/{id},
 *   - whoami/healthz (target >= 0.8) and the server's peak RSS.
 * The load runs in a separate process (bench/load.ts, autocannon). Prints one JSON document.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { generateToken } from '../src/core/token.ts'
import { http, startServerProcess } from '../test/support/process.ts'

const TOKENS = Number(process.env.BENCH_TOKENS ?? 10_000)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10)
const CREATE_CONCURRENCY = 20

async function benchmark(database: 'pglite' | 'postgres') {
  const scratch = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'))
  const env: Record<string, string> = {
    LOG_LEVEL: 'warn',
    GATEHOUSE_AUTH_FAILURE_LIMIT: '1000000000',
  }
  let dropDatabase = async () => {}
  if (database === 'pglite') {
    env.GATEHOUSE_DATA_DIR = join(scratch, 'data')
  } else {
    const name = `gatehouse_bench_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    const url = new URL(process.env.DATABASE_URL as string)
    url.pathname = `/${name}`
    env.DATABASE_URL = url.toString()
    dropDatabase = async () => {
      const again = new pg.Client({ connectionString: process.env.DATABASE_URL })
      await again.connect()
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await again.end()
    }
  }
  const server = await startServerProcess(database === 'pglite' ? { ...env, DATABASE_URL: '' } : env)
  try {
    const base = server.url
    const email = `bench-${randomBytes(4).toString('hex')}@example.test`
    await http(base, 'POST', '/auth/signup', { body: { email, password: 'bench-password', name: 'Bench' } })
    const login = await http(base, 'POST', '/auth/login', { body: { email, password: 'bench-password' } })
    const session = `Bearer ${login.body.token}`
    const org = await http(base, 'POST', '/organization', { authorization: session, body: { name: 'Bench' } })

    const tokens: string[] = []
    const started = performance.now()
    let nextIndex = 0
    await Promise.all(
      Array.from({ length: CREATE_CONCURRENCY }, async () => {
        while (nextIndex < TOKENS) {
          const index = nextIndex++
          const created = await http(base, 'POST', `/organization/${org.body.id}/apiToken`, {
            authorization: session,
            body: { name: `bench-${index}`, role_id: null },
          })
          if (created.status !== 201)
            throw new Error(`token creation failed: ${created.status} ${created.text}`)
          tokens.push(created.body.token)
        }
      }),
    )
    const createSeconds = (performance.now() - started) / 1000

    const validFile = join(scratch, 'valid.txt')
    const unknownFile = join(scratch, 'unknown.txt')
    writeFileSync(validFile, tokens.map((t) => `Token ${t}`).join('\n'), { mode: 0o600 })
    writeFileSync(
      unknownFile,
      Array.from({ length: 10_000 }, () => `Token ${generateToken('api_token')}`).join('\n'),
      { mode: 0o600 },
    )
    const load = (path: string, authorizationsFile?: string) =>
      runLoad({ url: `${base}/api${path}`, authorizationsFile })

    // Steady state is what matters for a pipeline that calls the API all day: each token is used
    // once before measuring, so the figures below are not about each token's first (cold) use.
    const warmUp = runLoad({
      url: `${base}/api/auth/whoami`,
      authorizationsFile: validFile,
      amount: tokens.length,
    })
    const healthz = load('/healthz')
    const healthzResult = await healthz
    const whoamiValid = await load('/auth/whoami', validFile)
    const whoamiUnknown = await load('/auth/whoami', unknownFile)
    const organization = await load(`/organization/${org.body.id}`, validFile)
    return {
      database,
      tokensCreated: tokens.length,
      tokenCreationsPerSecond: Math.round(tokens.length / createSeconds),
      endpoints: {
        'GET /api/healthz': healthzResult,
        'GET /api/auth/whoami (valid token)': whoamiValid,
        'GET /api/auth/whoami (unknown well-formed token)': whoamiUnknown,
        'GET /api/organization/{id} (token)': organization,
      },
      warmUp: { requests: warmUp.requests, requestsPerSecondCold: warmUp.requestsPerSecond },
      whoamiToHealthzRatio: round(whoamiValid.requestsPerSecond / healthzResult.requestsPerSecond),
      serverPeakRssMiB: peakRssMiB(server.child.pid as number),
    }
  } finally {
    await server.stop()
    await dropDatabase()
    rmSync(scratch, { recursive: true, force: true })
  }
}

interface LoadResult {
  requestsPerSecond: number
  latencyMs: { p50: number; p99: number }
  requests: number
  errors: number
  timeouts: number
  statuses: Record<string, number>
}

function runLoad(job: { url: string; authorizationsFile?: string | undefined; amount?: number }): LoadResult {
  const output = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'load.ts'),
      JSON.stringify({ ...job, connections: CONNECTIONS, durationSeconds: DURATION_SECONDS }),
    ],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  )
  return JSON.parse(output.trim().split('\n').pop() as string) as LoadResult
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return Math.round(kib / 1024)
}

const round = (value: number) => Math.round(value * 100) / 100

// BENCH_DATABASES=postgres (or pglite) measures one database only.
const wanted = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',')
const results = []
if (wanted.includes('pglite')) results.push(await benchmark('pglite'))
if (process.env.DATABASE_URL && wanted.includes('postgres')) results.push(await benchmark('postgres'))
process.stdout.write(
  `${JSON.stringify({ connections: CONNECTIONS, durationSeconds: DURATION_SECONDS, tokens: TOKENS, results }, null, 2)}\n`,
)
