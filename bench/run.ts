/**
 * `npm run bench`: Gatehouse's speed and size, in one JSON document. For the embedded database
 * and, when DATABASE_URL is set, PostgreSQL (in a database it creates and drops), it measures:
 *   - start to healthy on a fresh data dir (or empty database) and on an existing one, and the
 *     server's resident memory after opening and after the load;
 *   - the CLI's wall time for `gatehouse --version` and `gatehouse token list --json`;
 *   - at each size (10,000 then 1,000,000 tokens, seeded straight into the database by batched
 *     INSERT ... SELECT, timed): requests/s and p50/p99 at 50 connections for a bare Fastify server
 *     started here, healthz, whoami with known tokens, whoami with never-issued well-formed tokens
 *     (each sent once), a token list page, and token creations through the API;
 *   - the ratios the issue asks for (healthz/bare, whoami/healthz, unknown/whoami, 1M/10k), and
 *     beside each figure the CPU time a request of the server and of the load generator;
 * The load runs in processes of its own (bench/load.ts, autocannon), against 127.0.0.1 only.
 *   - a custom-role token against an admin token (bench/custom-role.ts; BENCH_CUSTOM_ROLE=0 skips it).
 * BENCH_SIZES, BENCH_DURATION_SECONDS, BENCH_CONNECTIONS, BENCH_CREATIONS, BENCH_LOAD_ROUNDS and BENCH_DATABASES
 * change the run; the default takes about 9 minutes on 2 cores.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { digestTokenHex, generateToken } from '../src/core/token.ts'
import { openStore } from '../src/store/database.ts'
import { benchCustomRoleToken } from './custom-role.ts'

const ROOT = resolve(import.meta.dirname, '..')
const SERVER = join(ROOT, 'dist', 'server', 'gatehouse-server.mjs')
const SIZES = (process.env.BENCH_SIZES ?? '10000,1000000').split(',').map(Number)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 5)
const CREATIONS = Number(process.env.BENCH_CREATIONS ?? 2000)
const CREATE_CONCURRENCY = 20
/** Rounds of bare Fastify, healthz, whoami and never-issued whoami, each keeping its best (see bestOfRounds). */
const LOAD_ROUNDS = Number(process.env.BENCH_LOAD_ROUNDS ?? 3)
/** Tokens whose values the bench keeps (for whoami and the list); the rest are digests only. */
const KNOWN_TOKENS = 10_000
/** Never-issued tokens for each round of that load: each sent once (50,000 req/s for 5 s at most). */
const UNKNOWN_TOKENS_PER_ROUND = 250_000
const SEED_CHUNK = 100_000
const CLI_RUNS = 5
/** The unit of /proc/<pid>/stat's CPU times (USER_HZ: 100 on Linux). */
const CLOCK_TICKS_PER_SECOND =
  Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100

interface Server {
  url: string
  child: ChildProcess
  output: () => string
  startToHealthyMs: number
}

/** `npm start`'s bundle on a port of our own; timed from spawn to the first healthz 200. */
async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, [SERVER], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += String(chunk)
  })
  child.stderr?.on('data', (chunk) => {
    output += String(chunk)
  })
  const url = `http://127.0.0.1:${port}`
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${output}`)
    if (performance.now() - started > 120_000) throw new Error(`the server did not start:\n${output}`)
    const healthy = await fetch(`${url}/api/healthz`).then(
      (response) => response.status === 200,
      () => false,
    )
    if (healthy) break
    await sleep(10)
  }
  return { url, child, output: () => output, startToHealthyMs: Math.round(performance.now() - started) }
}

/** Waits for the server's line saying that its filter of issued digests is in use. */
async function filterLoaded(server: Server): Promise<number> {
  const started = performance.now()
  while (!/Never-issued API tokens are refused/.test(server.output())) {
    if (performance.now() - started > 120_000) throw new Error(`no filter:\n${server.output()}`)
    await sleep(20)
  }
  const match = /loaded in (\d+) ms/.exec(server.output())
  return Number(match?.[1] ?? 0)
}

async function stopServer(server: { child: ChildProcess }): Promise<void> {
  if (server.child.exitCode !== null) return
  await new Promise<void>((done) => {
    server.child.once('exit', () => done())
    server.child.kill('SIGTERM')
  })
}

function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return { rss: Math.round(kib('VmRSS') / 1024), peak: Math.round(kib('VmHWM') / 1024) }
}

async function api(base: string, method: string, path: string, authorization?: string, body?: unknown) {
  const response = await fetch(`${base}/api${path}`, {
    method,
    headers: {
      ...(authorization ? { authorization } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`)
  // biome-ignore lint/suspicious/noExplicitAny: the bench reads a few known fields
  return (text ? JSON.parse(text) : undefined) as any
}

interface LoadResult {
  requestsPerSecond: number
  completedPerSecond: number
  latencyMs: { p50: number; p99: number }
  requests: number
  /** CPU time (user and system, all threads) per request: the load generator's, and the server's
   *  when the load names its process. Unlike requests/s, neither depends on how the two cores were
   *  shared between them. */
  generatorCpuMicrosPerRequest: number
  serverCpuMicrosPerRequest?: number
  errors: number
  timeouts: number
  statuses: Record<string, number>
}

function runLoad(job: {
  url: string
  authorizationsFile?: string
  amount?: number
  connectionsOverride?: number
  post?: { body: string }
  /** The server's process, whose CPU time the load is measured on. */
  serverPid?: number
}): LoadResult {
  const { serverPid, ...generatorJob } = job
  const cpuBefore = serverPid === undefined ? 0 : cpuMicros(serverPid)
  const output = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'load.ts'),
      JSON.stringify({ ...generatorJob, connections: CONNECTIONS, durationSeconds: DURATION_SECONDS }),
    ],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  )
  const result = JSON.parse(output.trim().split('\n').pop() as string) as LoadResult
  if (serverPid === undefined || result.requests === 0) return result
  const serverCpu = cpuMicros(serverPid) - cpuBefore
  return { ...result, serverCpuMicrosPerRequest: Math.round((serverCpu / result.requests) * 10) / 10 }
}

/** A process's CPU time so far, user and system, all its threads (/proc/<pid>/stat, in ticks). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  // utime and stime: fields 14 and 15 of the line, 12 and 13 after the command name.
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / CLOCK_TICKS_PER_SECOND
}

/**
 * Token creations through the API, CREATE_CONCURRENCY at a time, sent by the load generator in
 * its own process (as every other load): a fixed number of POSTs, each with a name of its own.
 * LOAD_ROUNDS rounds, keeping the fastest, like the loads the ratios compare: 2,000
 * creations take 4 s here, and one slow moment of the machine decided the figure alone.
 */
function creations(
  base: string,
  sessionFile: string,
  organizationId: string,
  label: string,
  serverPid: number,
) {
  const { created } = bestOfRounds(
    {
      created: (round) => {
        const result = runLoad({
          serverPid,
          url: `${base}/api/organization/${organizationId}/apiToken`,
          amount: CREATIONS,
          connectionsOverride: CREATE_CONCURRENCY,
          authorizationsFile: sessionFile,
          post: { body: JSON.stringify({ name: `created-${label}-${round}-[<id>]`, role_id: null }) },
        })
        const made = result.statuses['201'] ?? 0
        if (made !== CREATIONS) throw new Error(`token creations: ${JSON.stringify(result.statuses)}`)
        return result
      },
    },
    // A fixed amount: its rate is the one measured to the last answer.
    (result) => result.completedPerSecond,
  )
  return {
    tokens: CREATIONS * LOAD_ROUNDS,
    perSecond: created.completedPerSecond,
    latencyMs: created.latencyMs,
    serverCpuMicrosPerCreation: created.serverCpuMicrosPerRequest,
    rounds: created.rounds,
  }
}

/** Runs each load LOAD_ROUNDS times, in turn, and keeps each one's fastest round (by `rateOf`:
 *  requests/s unless said otherwise); `rounds` has every round's rate. */
function bestOfRounds<Name extends string>(
  loads: Record<Name, (round: number) => LoadResult>,
  rateOf: (result: LoadResult) => number = (result) => result.requestsPerSecond,
): Record<Name, LoadResult & { rounds: number[] }> {
  const best = {} as Record<Name, LoadResult & { rounds: number[] }>
  for (let round = 0; round < LOAD_ROUNDS; round++) {
    for (const name of Object.keys(loads) as Name[]) {
      const result = loads[name](round)
      const rounds = [...(best[name]?.rounds ?? []), rateOf(result)]
      const kept = best[name] && rateOf(best[name]) >= rateOf(result) ? best[name] : result
      best[name] = { ...kept, rounds }
    }
  }
  return best
}

/** Median wall time of a CLI call, in ms, and whether it succeeded. */
function cliWallMs(args: string[], env: Record<string, string>): number {
  const times: number[] = []
  for (let run = 0; run < CLI_RUNS; run++) {
    const started = performance.now()
    execFileSync(process.execPath, [join(ROOT, 'bin', 'gatehouse.js'), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return Math.round(times[Math.floor(times.length / 2)] as number)
}

interface Setup {
  session: string
  userId: string
  organizationId: string
  adminRoleId: string
}

/**
 * Seeds the organization up to `size` tokens, straight into the database: first the known
 * tokens (values kept for the load), then digests of values nobody has, SEED_CHUNK per statement.
 */
async function seed(
  location: { dataDir: string } | { databaseUrl: string },
  setup: Setup,
  counts: { tokens: number; known: number },
  size: number,
  known: string[],
) {
  // Statements of 100,000 rows: far beyond the server's 3 s bound on a statement.
  const store = await openStore('databaseUrl' in location ? { ...location, timeoutMs: 300_000 } : location)
  const started = performance.now()
  try {
    const columns = sql`(organization_id, name, description, role_id, token_digest, creator_type, creator_id, creator_name)`
    const knownToAdd = known.slice(counts.known, Math.min(known.length, counts.known + size - counts.tokens))
    for (let i = 0; i < knownToAdd.length; i += 5000) {
      const digests = knownToAdd
        .slice(i, i + 5000)
        .map(digestTokenHex)
        .join(',')
      await sql`insert into api_tokens ${columns}
        select ${setup.organizationId}::uuid, 'known-' || ${counts.known + i} || '-' || ordinality, '', ${setup.adminRoleId}::uuid,
               decode(digest, 'hex'), 'user', ${setup.userId}::uuid, 'Bench'
          from unnest(string_to_array(${digests}, ',')) with ordinality as digest`.execute(store.db)
    }
    counts.known += knownToAdd.length
    let count = counts.tokens + knownToAdd.length
    const salt = randomBytes(8).toString('hex')
    while (count < size) {
      const end = Math.min(size, count + SEED_CHUNK)
      await sql`insert into api_tokens ${columns}
        select ${setup.organizationId}::uuid, 'seed-' || g, '', ${setup.adminRoleId}::uuid,
               sha256(convert_to(${salt} || g::text, 'UTF8')), 'user', ${setup.userId}::uuid, 'Bench'
          from generate_series(${count + 1}::int, ${end}::int) as g`.execute(store.db)
      count = end
      progress(`seeded ${count} tokens (${Math.round((performance.now() - started) / 1000)} s)`)
    }
    counts.tokens = count
    // Vacuumed as well as analyzed: PostgreSQL's autovacuum would otherwise take up a core during
    // the load, after so many rows inserted at once (seen as healthz at 0.6 of bare Fastify, p99
    // 8 ms, in both rounds of a run, against 0.85 in the runs before).
    await sql`vacuum analyze api_tokens`.execute(store.db)
    // And written out: a checkpoint spread over the next minutes would flush a million rows'
    // pages during the load (CHECKPOINT needs a superuser; without one, the load pays for it).
    await sql`checkpoint`.execute(store.db).catch(() => {})
  } finally {
    await store.close()
  }
  return Math.round(performance.now() - started)
}

async function benchmark(database: 'pglite' | 'postgres', files: { unknown: string[] }, known: string[]) {
  const scratch = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'))
  let location: { dataDir: string } | { databaseUrl: string }
  let env: Record<string, string>
  let dropDatabase = async () => {}
  if (database === 'pglite') {
    location = { dataDir: join(scratch, 'data') }
    env = { DATABASE_URL: '', GATEHOUSE_DATA_DIR: location.dataDir }
  } else {
    const name = `gatehouse_bench_${randomBytes(4).toString('hex')}`
    await adminQuery(`CREATE DATABASE ${name}`)
    const url = new URL(process.env.DATABASE_URL as string)
    url.pathname = `/${name}`
    location = { databaseUrl: url.toString() }
    env = { DATABASE_URL: url.toString() }
    dropDatabase = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  }
  // Failed authentications are the point of one load: no limit on them here.
  env.GATEHOUSE_AUTH_FAILURE_LIMIT = '1000000000'
  const result: Record<string, unknown> = { database }
  try {
    // A fresh data dir (or an empty database: migrations included).
    progress(`${database}: start on a fresh ${database === 'pglite' ? 'data dir' : 'database'}`)
    let server = await startServer(env)
    result.startFresh = {
      startToHealthyMs: server.startToHealthyMs,
      memoryMiB: memoryMiB(server.child.pid as number),
    }
    const email = `bench-${randomBytes(4).toString('hex')}@example.test`
    await api(server.url, 'POST', '/auth/signup', undefined, {
      email,
      password: 'bench-password',
      name: 'Bench',
    })
    const login = await api(server.url, 'POST', '/auth/login', undefined, {
      email,
      password: 'bench-password',
    })
    const session = `Bearer ${login.token}`
    // The load generator reads the session from a file of its own, like the tokens: the job it
    // gets on its command line is visible to every user of the machine.
    const sessionFile = join(scratch, 'session.txt')
    writeFileSync(sessionFile, session, { mode: 0o600 })
    const me = await api(server.url, 'GET', '/auth/whoami', session)
    const org = await api(server.url, 'POST', '/organization', session, { name: 'Bench' })
    const roles = await api(server.url, 'GET', `/organization/${org.id}/availableRole`, session)
    const adminRoleId = roles.results.find((role: { name: string }) => role.name === 'admin').id
    const setup: Setup = { session, userId: me.user.id, organizationId: org.id, adminRoleId }
    // The CLI against an organization of three tokens: its own start, one request.
    const cliOrg = await api(server.url, 'POST', '/organization', session, { name: 'CLI' })
    let cliToken = ''
    for (const name of ['ci', 'deploy', 'terraform'])
      cliToken = (
        await api(server.url, 'POST', `/organization/${cliOrg.id}/apiToken`, session, { name, role_id: null })
      ).token
    const cliEnv = {
      XDG_CONFIG_HOME: join(scratch, 'cli-config'),
      GATEHOUSE_API_URL: `${server.url}/api`,
      NO_COLOR: '1',
    }
    result.cli = {
      versionMedianMs: cliWallMs(['--version'], cliEnv),
      tokenListJsonMedianMs: cliWallMs(['token', 'list', '--json'], { ...cliEnv, GATEHOUSE_TOKEN: cliToken }),
      runs: CLI_RUNS,
    }
    // Custom roles (issue 12, bench/custom-role.ts), in an organization of their own.
    if (process.env.BENCH_CUSTOM_ROLE !== '0') {
      progress(`${database}: a custom-role token`)
      const base = server.url
      const rolesOrg = await api(base, 'POST', '/organization', session, { name: 'Custom roles' })
      result.customRole = await benchCustomRoleToken({
        base,
        session,
        organizationId: rolesOrg.id,
        scratch,
        load: (path, authorizationsFile, amount) =>
          runLoad({ url: `${base}/api${path}`, authorizationsFile, ...(amount ? { amount } : {}) }),
      })
    }
    await stopServer(server)

    const sizes: Record<string, unknown> = {}
    const counts = { tokens: 0, known: 0 }
    for (const size of SIZES) {
      progress(`${database}: seeding up to ${size} tokens`)
      const seedMs = await seed(location, setup, counts, size, known)
      progress(`${database}: measuring at ${size} tokens`)
      server = await startServer(env)
      const startToHealthyMs = server.startToHealthyMs
      const filterLoadMs = await filterLoaded(server)
      const serverPid = server.child.pid as number
      const afterReopening = memoryMiB(serverPid)
      const knownHere = counts.known
      const knownFile = join(scratch, `known-${size}.txt`)
      writeFileSync(
        knownFile,
        known
          .slice(0, knownHere)
          .map((token) => `Token ${token}`)
          .join('\n'),
        { mode: 0o600 },
      )
      const url = (path: string) => `${server.url}/api${path}`
      const loadStarted = performance.now()
      // Steady state is what a pipeline calling the API all day sees: each known token once first.
      const warmUp = runLoad({ url: url('/auth/whoami'), authorizationsFile: knownFile, amount: knownHere })
      // Every load sends an Authorization header, set per request by the same generator code
      // (bench/load.ts): the generator's own work is then the same for every figure, and their
      // ratios compare what the servers do. Healthz and the bare server ignore the header.
      // The four loads whose ratios the issue sets run LOAD_ROUNDS times in turn, and each keeps
      // its best round: a burst of the machine's own background work then lowers one round, not
      // the figure (every round is in the document). Never-issued tokens: new ones each round.
      const { bare, healthz, whoami, unknown } = await withBareFastify((yardstick) =>
        bestOfRounds({
          bare: () =>
            runLoad({
              url: `${yardstick.url}/api/healthz`,
              authorizationsFile: knownFile,
              serverPid: yardstick.pid,
            }),
          healthz: () => runLoad({ url: url('/healthz'), authorizationsFile: knownFile, serverPid }),
          whoami: () => runLoad({ url: url('/auth/whoami'), authorizationsFile: knownFile, serverPid }),
          unknown: (round) =>
            runLoad({
              url: url('/auth/whoami'),
              authorizationsFile: files.unknown[round] as string,
              serverPid,
            }),
        }),
      )
      const list = runLoad({
        url: url(`/organization/${setup.organizationId}/apiToken`),
        authorizationsFile: knownFile,
        serverPid,
      })
      const created = creations(server.url, sessionFile, setup.organizationId, String(size), serverPid)
      const loadSeconds = Math.round((performance.now() - loadStarted) / 1000)
      const afterLoad = memoryMiB(server.child.pid as number)
      await stopServer(server)
      const tokensMeasured = counts.tokens
      counts.tokens += CREATIONS * LOAD_ROUNDS
      sizes[String(size)] = {
        tokens: tokensMeasured,
        seedMs,
        startToHealthyMs,
        filterLoadMs,
        memoryMiB: { afterReopening, afterLoad, loadSeconds },
        warmUpRequestsPerSecond: warmUp.requestsPerSecond,
        endpoints: {
          'bare Fastify GET /api/healthz': bare,
          'GET /api/healthz': healthz,
          'GET /api/auth/whoami (known token)': whoami,
          'GET /api/auth/whoami (never-issued token)': unknown,
          'GET /api/organization/{id}/apiToken (first page, 100)': list,
        },
        tokenCreations: created,
        ratios: {
          healthzToBareFastify: round(healthz.requestsPerSecond / bare.requestsPerSecond),
          whoamiToHealthz: round(whoami.requestsPerSecond / healthz.requestsPerSecond),
          unknownToWhoami: round(unknown.requestsPerSecond / whoami.requestsPerSecond),
        },
        // The same comparison by the server's own CPU time a request (healthz's over whoami's, so
        // that above 0.9 reads as above 0.9 of requests/s would), free of the generator's share.
        serverCpuRatios: {
          healthzToWhoami: cpuRatio(healthz, whoami),
          whoamiToUnknown: cpuRatio(whoami, unknown),
        },
      }
    }
    result.sizes = sizes
    const [small, large] = SIZES.map((size) => sizes[String(size)] as SizeResult)
    if (small && large) {
      const rps = (s: SizeResult, name: string) => s.endpoints[name]?.requestsPerSecond ?? 0
      result.largestToSmallest = {
        whoami: round(
          rps(large, 'GET /api/auth/whoami (known token)') / rps(small, 'GET /api/auth/whoami (known token)'),
        ),
        unknownWhoami: round(
          rps(large, 'GET /api/auth/whoami (never-issued token)') /
            rps(small, 'GET /api/auth/whoami (never-issued token)'),
        ),
        tokenListPage: round(
          rps(large, 'GET /api/organization/{id}/apiToken (first page, 100)') /
            rps(small, 'GET /api/organization/{id}/apiToken (first page, 100)'),
        ),
        tokenCreations: round(large.tokenCreations.perSecond / small.tokenCreations.perSecond),
      }
    }
    return result
  } finally {
    await dropDatabase()
    rmSync(scratch, { recursive: true, force: true })
  }
}

interface SizeResult {
  endpoints: Record<string, LoadResult>
  tokenCreations: { perSecond: number }
}

/** The yardstick, started for one load and stopped after it. */
async function withBareFastify<T>(work: (server: { url: string; pid: number }) => T): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'bare-fastify.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((found, failed) => {
    let output = ''
    child.stdout?.on('data', (chunk) => {
      output += String(chunk)
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output)
      if (match) found(match[0])
    })
    child.once('exit', () => failed(new Error('bare Fastify exited')))
  })
  try {
    return work({ url, pid: child.pid as number })
  } finally {
    await stopServer({ child })
  }
}

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await admin.connect()
  try {
    await admin.query(text)
  } finally {
    await admin.end()
  }
}

function freePort(): Promise<number> {
  return new Promise((found, failed) => {
    const probe = createServer()
    probe.once('error', failed)
    probe.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => found(port))
    })
  })
}

/** Where the run is, on stderr: stdout carries the JSON document only. */
const progress = (text: string) => process.stderr.write(`bench: ${text}\n`)
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))
const round = (value: number) => Math.round(value * 100) / 100
const cpuRatio = (cheaper: LoadResult, dearer: LoadResult) =>
  round((cheaper.serverCpuMicrosPerRequest ?? 0) / (dearer.serverCpuMicrosPerRequest ?? 1))

// Only 127.0.0.1: a DATABASE_URL elsewhere is not what this bench measures.
if (process.env.DATABASE_URL && !/@(127\.0\.0\.1|localhost)[:/]/.test(process.env.DATABASE_URL))
  throw new Error('npm run bench measures a PostgreSQL on 127.0.0.1 only')
// Its messages go to stderr: stdout carries the JSON document only.
execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.mjs')], { stdio: ['ignore', 2, 2] })
const benchStarted = performance.now()
const scratch = mkdtempSync(join(tmpdir(), 'gatehouse-bench-tokens-'))
const known = Array.from({ length: KNOWN_TOKENS }, () => generateToken('api_token'))
const files = {
  unknown: Array.from({ length: LOAD_ROUNDS }, (_, round) => join(scratch, `unknown-${round}.txt`)),
}
for (const file of files.unknown) {
  const tokens = Array.from({ length: UNKNOWN_TOKENS_PER_ROUND }, () => `Token ${generateToken('api_token')}`)
  writeFileSync(file, tokens.join('\n'), { mode: 0o600 })
}
const wanted = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',')
const results: Record<string, unknown>[] = []
try {
  const databases = (['pglite', 'postgres'] as const).filter(
    (database) => wanted.includes(database) && (database === 'pglite' || process.env.DATABASE_URL),
  )
  for (const database of databases) {
    // One database failing still leaves the other's figures in the document.
    results.push(
      await benchmark(database, files, known).catch((error: Error) => ({
        database,
        error: error.stack ?? String(error),
      })),
    )
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
process.stdout.write(
  `${JSON.stringify(
    {
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      connections: CONNECTIONS,
      durationSeconds: DURATION_SECONDS,
      sizes: SIZES,
      benchSeconds: Math.round((performance.now() - benchStarted) / 1000),
      results,
    },
    null,
    2,
  )}\n`,
)
