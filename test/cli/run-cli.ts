import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The real binary, run as a user would: `node bin/gatehouse.js`. */
export const BIN = fileURLToPath(new URL('../../bin/gatehouse.js', import.meta.url))

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** A private home for one test: its own XDG config directory, so config files never mix. */
export function freshHome(): { home: string; configHome: string; configFile: string } {
  const home = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'))
  const configHome = join(home, 'config')
  return { home, configHome, configFile: join(configHome, 'gatehouse', 'config.json') }
}

/** The environment of a clean shell: nothing of the developer's own config leaks into a test. */
export function cliEnv(
  home: string,
  apiUrl: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    GATEHOUSE_API_URL: apiUrl,
    ...extra,
  }
}

/** Runs the CLI with pipes (no terminal): what a script sees. `input` is written to stdin. */
export function runCli(args: string[], env: Record<string, string>, input = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(input)
  })
}

export interface TerminalStep {
  /** Wait until the screen shows this... */
  waitFor: RegExp
  /** ...then type this ("\r" is Enter, "\u001b[B" the down arrow). */
  send: string
}

/** Strips colours and cursor movements, keeping the text a person would read. */
export function plainText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '')
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`

/**
 * Runs the CLI inside a pseudo-terminal (util-linux `script`), answering prompts as a person
 * would: each step waits for its text on the screen, then types. Resolves with everything shown.
 */
export function runInTerminal(
  args: string[],
  env: Record<string, string>,
  steps: TerminalStep[],
  timeoutMs = 20_000,
): Promise<{ code: number | null; output: string; shown: string }> {
  const command = [process.execPath, BIN, ...args].map(shellQuote).join(' ')
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { ...env, TERM: 'xterm-256color' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let output = ''
    let next = 0
    let searchFrom = 0
    let typing = false
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`terminal session timed out at step ${next}; screen so far:\n${plainText(output)}`))
    }, timeoutMs)
    const advance = () => {
      const step = steps[next]
      if (!step || typing) return
      const screen = plainText(output).slice(searchFrom)
      if (!step.waitFor.test(screen)) return
      searchFrom = plainText(output).length
      next++
      typing = true
      // A short pause: prompts draw before they start reading the keyboard.
      setTimeout(() => {
        child.stdin.write(step.send)
        typing = false
      }, 150)
    }
    child.stdout.on('data', (chunk) => {
      output += chunk
      advance()
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      if (next < steps.length)
        reject(
          new Error(`the session ended (code ${code}) before step ${next}; screen:\n${plainText(output)}`),
        )
      else resolve({ code, output, shown: plainText(output) })
    })
  })
}
