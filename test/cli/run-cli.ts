import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
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

const homes: string[] = []

/** A private home for one test: its own XDG config directory, so config files never mix. */
export function freshHome(): { home: string; configHome: string; configFile: string } {
  const home = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'))
  homes.push(home)
  const configHome = join(home, 'config')
  return { home, configHome, configFile: join(configHome, 'gatehouse', 'config.json') }
}

/** Removes every home this file made (call it in afterAll). */
export function removeHomes(): void {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true })
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
    // A command that reads no input may exit before its stdin is written (EPIPE): what it printed
    // and its exit code are the answer, not this write (unheard, the error failed a CI run).
    child.stdin.on('error', () => {})
    child.stdin.end(input)
  })
}

export interface TerminalStep {
  /** Wait until the screen shows this... */
  waitFor: RegExp
  /** ...then type this ("\r" is Enter, "\u001b[B" the down arrow). */
  send: string
}

/**
 * What a person would read on the screen: a minimal terminal that honours carriage returns,
 * "cursor to column 1", "erase line" and "cursor up" (what spinners and prompts use to redraw),
 * and drops every other escape sequence (colours, cursor visibility).
 */
export function plainText(text: string): string {
  const lines: string[] = ['']
  let row = 0
  let col = 0
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC
  const tokens = text.match(/\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007|[\s\S]/gu) ?? []
  for (const token of tokens) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: as above
    const csi = /^\u001b\[([0-9;?]*)([A-Za-z])$/.exec(token)
    if (csi) {
      const [, param = '', command] = csi
      const n = Number.parseInt(param, 10) || 1
      if (command === 'G') col = n - 1
      else if (command === 'K') lines[row] = param === '2' ? '' : (lines[row] ?? '').slice(0, col)
      else if (command === 'A') row = Math.max(0, row - n)
      else if (command === 'B') row += n
      else if (command === 'C') col += n
      else if (command === 'D') col = Math.max(0, col - n)
      continue
    }
    if (token.startsWith('\u001b')) continue
    if (token === '\r') col = 0
    else if (token === '\n') {
      row++
      col = 0
    } else {
      const line = [...(lines[row] ?? '')]
      while (line.length < col) line.push(' ')
      line[col] = token
      lines[row] = line.join('')
      col++
    }
    while (lines.length <= row) lines.push('')
  }
  return lines.map((line) => line.trimEnd()).join('\n')
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
  // A real terminal has a size; script's pseudo-terminal starts at 0x0 unless told.
  const command = `stty cols 100 rows 40; ${[process.execPath, BIN, ...args].map(shellQuote).join(' ')}`
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
      // Only what was drawn since the last keys were typed, so an old prompt cannot match again.
      const screen = plainText(output.slice(searchFrom))
      if (!step.waitFor.test(screen)) return
      searchFrom = output.length
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
