import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const repoRoot = resolve(import.meta.dirname, '..', '..')
const scratch = mkdtempSync(join(tmpdir(), 'gatehouse-terminal-log-'))
const CTRL_C = '\u0003'
// Well-formed values (right prefix, length and alphabet): nothing about them may reach the log.
const TOKEN = `gtok_${'T'.repeat(36)}`
const PASTED = `gtok_${'Q'.repeat(36)}`
const PASSWORD = 'a passphrase never logged'

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colour codes are what it removes
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').replace(/\r/g, '')

interface TerminalServer {
  url: string
  child: ChildProcessWithoutNullStreams
  output: () => string
  /** Ctrl-C, as a person at the terminal would; resolves with everything shown. */
  interrupt: () => Promise<string>
}

/** `src/main.ts` with stdout on a pseudo-terminal (util-linux `script`), as `npm start` in a shell. */
async function startInTerminal(env: Record<string, string>, timeoutMs = 60_000): Promise<TerminalServer> {
  const command = [process.execPath, '--import', 'tsx', 'src/main.ts'].map(shellQuote).join(' ')
  const inherited = { ...process.env }
  delete inherited.DATABASE_URL
  delete inherited.LOG_FORMAT
  delete inherited.NO_COLOR
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: repoRoot,
    env: {
      ...inherited,
      TERM: 'xterm-256color',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      GATEHOUSE_DATA_DIR: mkdtempSync(join(scratch, 'data-')),
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += String(chunk)
  })
  child.stderr.on('data', (chunk) => {
    output += String(chunk)
  })
  const exited = new Promise<void>((done) => child.on('close', () => done()))
  const url = await new Promise<string>((found, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      fail(new Error(`server did not start in time:\n${plain(output)}`))
    }, timeoutMs)
    const check = () => {
      const match = /Gatehouse is running at (http:\/\/[^/\s]+)\//.exec(plain(output))
      if (match) {
        clearTimeout(timer)
        found(match[1] as string)
      }
    }
    child.stdout.on('data', check)
    child.on('close', (code) => {
      clearTimeout(timer)
      fail(new Error(`server exited with ${code}:\n${plain(output)}`))
    })
  })
  return {
    url,
    child,
    output: () => output,
    interrupt: async () => {
      child.stdin.write(CTRL_C)
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(killer)
      return output
    },
  }
}

/** Requests that carry secrets where a careless log would print them. */
async function sendSecrets(url: string) {
  const whoami = await fetch(`${url}/api/auth/whoami?filter=${PASTED}`, {
    headers: { authorization: `Token ${TOKEN}`, cookie: `gatehouse_session=${TOKEN}` },
  })
  expect(whoami.status).toBe(401)
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'nobody@example.test', password: PASSWORD }),
  })
  expect(login.status).toBe(401)
}

function expectNoSecrets(output: string) {
  for (const secret of [TOKEN, PASTED, PASSWORD, 'gtok_']) expect(output).not.toContain(secret)
}

describe('the server log in a terminal', () => {
  it('is one short line per request, readable, without credentials', async () => {
    const server = await startInTerminal({})
    await sendSecrets(server.url)
    // The line is written once the answer is sent: wait for it rather than for a fixed time.
    await expect.poll(() => plain(server.output()), { timeout: 5000 }).toContain('POST /api/auth/login 401')
    const shown = plain(await server.interrupt())
    const lines = shown.split('\n').filter((line) => line.trim() !== '')

    const whoamiLines = lines.filter((line) => line.includes('/api/auth/whoami'))
    expect(whoamiLines).toHaveLength(1)
    expect(whoamiLines[0]).toMatch(/^\d\d:\d\d:\d\d GET \/api\/auth\/whoami 401 \d+\.\d ms$/)
    expect(lines.filter((line) => line.includes('/api/auth/login'))).toHaveLength(1)
    // Nothing is JSON, and Ctrl-C stops the server with a line saying so.
    expect(lines.filter((line) => line.trimStart().startsWith('{'))).toEqual([])
    expect(shown).toMatch(/\d\d:\d\d:\d\d INFO +shutting down signal=SIGINT$/m)
    expectNoSecrets(shown)
  })

  it('is JSON lines when LOG_FORMAT=json asks for them, credentials still redacted', async () => {
    const server = await startInTerminal({ LOG_FORMAT: 'json', LOG_LEVEL: 'debug' })
    await sendSecrets(server.url)
    await expect.poll(() => plain(server.output()), { timeout: 5000 }).toContain('"statusCode":401')
    const shown = plain(await server.interrupt())
    const entries = shown
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; req?: { path?: string } })
    expect(entries.some((entry) => entry.req?.path === '/api/auth/whoami')).toBe(true)
    expectNoSecrets(shown)
  })
})
