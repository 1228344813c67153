import { type ChildProcess, spawn } from 'node:child_process'
import { resolve } from 'node:path'

export interface ServerProcess {
  url: string
  child: ChildProcess
  /** Everything the process wrote, stdout and stderr. */
  output: () => string
  stop: () => Promise<void>
}

const repoRoot = resolve(import.meta.dirname, '..', '..')

/** Starts `src/main.ts` as a real process and waits for its URL; `entry` runs something else in
 *  its place (the compiled bundle that `npm start` runs). */
export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 60_000,
  entry: string[] = ['--import', 'tsx', 'src/main.ts'],
): Promise<ServerProcess> {
  const child = spawn(process.execPath, entry, {
    cwd: repoRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += String(chunk)
  })
  child.stderr?.on('data', (chunk) => {
    output += String(chunk)
  })
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), timeoutMs)
    const check = () => {
      const match = /Gatehouse is running at (http:\/\/[^/\s]+)\//.exec(output)
      if (match) {
        clearTimeout(timer)
        resolveUrl(match[1] as string)
      }
    }
    child.stdout?.on('data', check)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${output}`))
    })
  })
  let stopping = false
  // A server that dies under a test is a finding: say so with what it printed last, since the
  // test itself only sees refused connections.
  child.on('exit', (code, signal) => {
    // A test's own SIGTERM or SIGKILL ends it cleanly (exit code 0, or that signal): not news.
    if (stopping || code === 0 || signal === 'SIGKILL' || signal === 'SIGTERM') return
    console.error(
      `server ${url} exited unexpectedly (code ${code}, signal ${signal}); its last output:\n${output.slice(-4000)}`,
    )
  })
  return {
    url,
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((done) => {
        stopping = true
        // A process killed by a signal has a signalCode and no exitCode.
        if (child.exitCode !== null || child.signalCode !== null) return done()
        child.once('exit', () => done())
        child.kill('SIGTERM')
      }),
  }
}

/** fetch against a server process, JSON in and out. */
export async function http(
  base: string,
  method: string,
  path: string,
  options: { authorization?: string; body?: unknown } = {},
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the tests that read them
): Promise<{ status: number; body: any; text: string }> {
  const headers: Record<string, string> = {}
  if (options.authorization) headers.authorization = options.authorization
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`${base}/api${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  })
  const text = await response.text()
  let body: unknown
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = undefined
  }
  return { status: response.status, body, text }
}
