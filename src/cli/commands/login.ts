import type { Command } from 'commander'
import { withExamples, withJson } from '../command-kit.ts'
import { contextFor } from '../context.ts'
import { usageError } from '../errors.ts'
import { stderr, stdout, withSpinner } from '../output.ts'
import { askSecret, askText, canPrompt, missing } from '../prompts.ts'

/**
 * Signs in and keeps the session (and only the session) in the config file. A script gives
 * --email and the password on stdin; a person is asked for both, the password with no echo.
 */
export function registerLogin(program: Command) {
  const command = program
    .command('login')
    .description('Sign in to a Gatehouse server and remember the session')
    .option('--email <email>', 'your email address (asked for when missing)')
    .option('--password-stdin', 'read the password from stdin (the default when stdin is not a terminal)')
    .action(async (options: { email?: string; passwordStdin?: boolean; json?: boolean }, cmd: Command) => {
      const cli = contextFor(cmd)
      const fromStdin = options.passwordStdin || !process.stdin.isTTY
      const email = options.email ?? (canPrompt() ? await askText('Email', { required: true }) : undefined)
      if (!email) throw missing('--email', 'your email address')
      if (crossesNetworkInClear(cli.apiUrl)) {
        stderr.line(
          `Warning: ${cli.apiUrl} is plain HTTP on another machine: your password and session would cross the network unencrypted. Use https:// there.`,
        )
      }
      const password = fromStdin ? await readPasswordFromStdin() : await askSecret('Password')
      const answer = await withSpinner('Signing in', options, () =>
        cli.anonymous().login({ body: { email, password } }),
      )
      cli.updateConfig((config) => {
        // A different server or person: the remembered organization belonged to the previous one.
        const samePerson = config.api_url === cli.apiUrl && config.session?.email === answer.user.email
        return {
          api_url: cli.apiUrl,
          session: { token: answer.token, expires_at: answer.expires_at, email: answer.user.email },
          ...(samePerson && config.organization ? { organization: config.organization } : {}),
        }
      })
      if (options.json)
        return stdout.json({ user: answer.user, expires_at: answer.expires_at, api_url: cli.apiUrl })
      stderr.line(`Signed in to ${cli.apiUrl} as ${answer.user.name} <${answer.user.email}>.`)
    })
  withJson(command)
  withExamples(
    command,
    'gatehouse login',
    'gatehouse login --api-url https://gatehouse.example.com/api',
    'printf %s "$PASSWORD" | gatehouse login --email ci@example.com',
  )
}

/** Plain HTTP is fine on this machine (the quick start) and nowhere else. */
export function crossesNetworkInClear(apiUrl: string): boolean {
  const url = new URL(apiUrl)
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || url.hostname.startsWith('127.')
  return url.protocol === 'http:' && !local
}

/** The whole of stdin, less one trailing newline (what `echo` adds). */
async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
  if (password === '')
    throw usageError(
      'No password on stdin: pipe it in, e.g. printf %s "$PASSWORD" | gatehouse login --email you@example.com',
    )
  return password
}
