import { spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const repoRoot = resolve(import.meta.dirname, '..', '..')
const scratch = mkdtempSync(join(tmpdir(), 'gatehouse-startup-'))
const PASSWORD = 'pw-never-printed-7d1c'
const TIMEOUT_MS = 30_000

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Runs `src/main.ts` (what `npm start` runs) until it exits, or kills it after TIMEOUT_MS. */
function startServer(
  env: Record<string, string>,
  as: { uid: number; gid: number } | undefined = undefined,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const inherited = { ...process.env }
  // The test decides the database: nothing from the caller's shell leaks in.
  delete inherited.DATABASE_URL
  delete inherited.GATEHOUSE_DATA_DIR
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env: { ...inherited, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...as,
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk)
  })
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk)
  })
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS)
    child.on('close', (code) => {
      clearTimeout(timer)
      done({ code, stdout, stderr })
    })
  })
}

function fresh(name: string): string {
  return join(scratch, name)
}

/** What every failure must look like: one line naming the setting, no stack, a non-zero exit. */
async function expectOneLineFailure(
  env: Record<string, string>,
  naming: RegExp,
  as?: { uid: number; gid: number },
): Promise<string> {
  const { code, stdout, stderr } = await startServer(env, as)
  const lines = stderr.split('\n').filter((line) => line.trim() !== '')
  expect(lines, stderr).toHaveLength(1)
  const line = lines[0] as string
  expect(line).toMatch(/^Gatehouse could not start: /)
  expect(line).toMatch(naming)
  expect(stderr).not.toMatch(/^\s+at /m)
  expect(code).not.toBe(0)
  expect(code).not.toBeNull()
  expect(stdout).not.toContain('Gatehouse is running')
  return line
}

function expectEmptyOrAbsent(dir: string) {
  if (existsSync(dir)) expect(readdirSync(dir)).toEqual([])
}

function listen(port = 0): Promise<Server> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(port, '127.0.0.1', () => done(server))
  })
}

function portOf(server: Server): number {
  return (server.address() as { port: number }).port
}

describe('a server that cannot start says why in one line naming the setting', () => {
  it('a port in use is told before any database work', async () => {
    const holder = await listen()
    const port = portOf(holder)
    const dataDir = fresh('port-in-use')
    try {
      const started = Date.now()
      const line = await expectOneLineFailure({ PORT: String(port), GATEHOUSE_DATA_DIR: dataDir }, /PORT/)
      expect(line).toBe(
        `Gatehouse could not start: PORT ${port} is already in use on 127.0.0.1 (set PORT to another port)`,
      )
      // No migrations ran: the failure comes as soon as Node has loaded the code.
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS / 2)
      expect(existsSync(dataDir)).toBe(false)
    } finally {
      holder.close()
    }
  })

  it('a data dir that is a file', async () => {
    const file = fresh('a-file')
    writeFileSync(file, 'not a directory')
    const line = await expectOneLineFailure({ GATEHOUSE_DATA_DIR: file }, /GATEHOUSE_DATA_DIR/)
    expect(line).toContain(file)
    expect(line).toContain('it is a file, not a directory')
  })

  it('a data dir under a file (ENOTDIR)', async () => {
    const file = fresh('another-file')
    writeFileSync(file, 'not a directory')
    const dataDir = join(file, 'data')
    const line = await expectOneLineFailure({ GATEHOUSE_DATA_DIR: dataDir }, /GATEHOUSE_DATA_DIR/)
    expect(line).toContain(dataDir)
    expect(line).toContain('ENOTDIR')
  })

  // Root may write anywhere (CI runs as root): then the server runs as `nobody`, for whom the
  // directory is as read-only as it is for any user.
  const isRoot = process.getuid?.() === 0
  it('a data dir this user may not write (EACCES)', async () => {
    const dataDir = fresh('read-only')
    chmodSync(scratch, 0o755)
    mkdirSync(dataDir, { mode: 0o555 })
    const nobody = isRoot ? { uid: 65534, gid: 65534 } : undefined
    const line = await expectOneLineFailure(
      { GATEHOUSE_DATA_DIR: dataDir, HOME: scratch },
      /GATEHOUSE_DATA_DIR/,
      nobody,
    )
    expect(line).toContain(`${dataDir} cannot be used: permission denied (EACCES)`)
    expectEmptyOrAbsent(dataDir)
  })

  // root may write anywhere chmod can forbid; sysfs refuses even root.
  it.skipIf(!isRoot || !existsSync('/sys/kernel'))('a data dir nobody may create (EPERM)', async () => {
    const dataDir = '/sys/gatehouse-startup-test'
    const line = await expectOneLineFailure({ GATEHOUSE_DATA_DIR: dataDir }, /GATEHOUSE_DATA_DIR/)
    expect(line).toContain(`${dataDir} cannot be used: operation not permitted (EPERM)`)
    expect(existsSync(dataDir)).toBe(false)
  })

  it('a data dir holding files that are not a database', async () => {
    const dataDir = fresh('not-a-database')
    mkdirSync(dataDir)
    writeFileSync(join(dataDir, 'PG_VERSION'), '99\n')
    const line = await expectOneLineFailure({ GATEHOUSE_DATA_DIR: dataDir }, /GATEHOUSE_DATA_DIR/)
    expect(line).toContain(dataDir)
    expect(readdirSync(dataDir)).toEqual(['PG_VERSION'])
  })

  it('DATABASE_URL without a scheme is refused at load', async () => {
    const dataDir = fresh('no-scheme')
    const line = await expectOneLineFailure(
      { DATABASE_URL: 'localhost:5432', GATEHOUSE_DATA_DIR: dataDir },
      /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/,
    )
    expect(line).toContain('"localhost:5432"')
    expect(existsSync(dataDir)).toBe(false)
  })

  it('DATABASE_URL with another scheme is refused without printing its password', async () => {
    const line = await expectOneLineFailure(
      { DATABASE_URL: `mysql://gatehouse:${PASSWORD}@db.example:3306/gatehouse` },
      /DATABASE_URL/,
    )
    expect(line).not.toContain(PASSWORD)
  })

  it('DATABASE_URL on a port where nothing listens', async () => {
    const closed = await listen()
    const port = portOf(closed)
    await new Promise((done) => closed.close(done))
    const dataDir = fresh('refused')
    const line = await expectOneLineFailure(
      {
        DATABASE_URL: `postgres://gatehouse:${PASSWORD}@127.0.0.1:${port}/gatehouse`,
        GATEHOUSE_DATA_DIR: dataDir,
      },
      /DATABASE_URL/,
    )
    expect(line).toContain(`127.0.0.1:${port}`)
    expect(line).toContain('refused the connection')
    expect(line).not.toContain(PASSWORD)
    expect(existsSync(dataDir)).toBe(false)
  })

  it('DATABASE_URL with a host that does not exist', async () => {
    const line = await expectOneLineFailure(
      { DATABASE_URL: `postgresql://gatehouse:${PASSWORD}@no-such-host.invalid:5432/gatehouse` },
      /DATABASE_URL/,
    )
    expect(line).toContain('no-such-host.invalid:5432')
    expect(line).not.toContain(PASSWORD)
  })

  const serverUrl = process.env.GATEHOUSE_TEST_DATABASE_URL
  it.skipIf(!serverUrl)('DATABASE_URL naming a database the server does not have', async () => {
    const url = new URL(serverUrl as string)
    url.password = PASSWORD
    url.pathname = '/gatehouse_no_such_database'
    const line = await expectOneLineFailure({ DATABASE_URL: url.toString() }, /DATABASE_URL/)
    expect(line).toContain(`${url.hostname}:${url.port || '5432'}`)
    expect(line).toContain('no database "gatehouse_no_such_database"')
    expect(line).not.toContain(PASSWORD)
  })

  it.each([
    ['GATEHOUSE_TRUST_PROXY', 'enabled', 'must be true or false'],
    ['LOG_FORMAT', 'xml', 'must be one of pretty, json'],
    ['LOG_LEVEL', 'verbose', 'must be one of'],
    ['PORT', 'abc', 'must be a whole number'],
  ])('%s=%s is refused, not read as a default', async (name, value, says) => {
    const dataDir = fresh(`setting-${name}`)
    const line = await expectOneLineFailure({ [name]: value, GATEHOUSE_DATA_DIR: dataDir }, new RegExp(name))
    expect(line).toContain(says)
    expect(line).toContain(`"${value}"`)
    expect(existsSync(dataDir)).toBe(false)
  })
})
