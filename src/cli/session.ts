import type { Answer } from '../client/index.ts'
import type { CliContext } from './context.ts'
import { explainRefusal, usageError } from './errors.ts'
import { stderr, stdout, withSpinner } from './output.ts'

/**
 * What `login` and `signup` share: the password from stdin, the warning about plain HTTP, and
 * signing in and keeping the session (and only the session) in the config file.
 */

/** Plain HTTP is fine on this machine (the quick start) and nowhere else. */
export function crossesNetworkInClear(apiUrl: string): boolean {
  const url = new URL(apiUrl)
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || url.hostname.startsWith('127.')
  return url.protocol === 'http:' && !local
}

export function warnIfInClear(apiUrl: string): void {
  if (crossesNetworkInClear(apiUrl))
    stderr.line(
      `Warning: ${apiUrl} is plain HTTP on another machine: your password and session would cross the network unencrypted. Use https:// there.`,
    )
}

/** The whole of stdin, less one trailing newline (what `echo` adds). */
export async function readPasswordFromStdin(example: string): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
  if (password === '') throw usageError(`No password on stdin: pipe it in, e.g. ${example}`)
  return password
}

/**
 * The server answers `wrong_credentials` both for an unknown email and for a wrong password, so
 * the hint points at signup without telling which one it was.
 */
export const WRONG_CREDENTIALS =
  'No account with this email, or a wrong password. New here? Create an account with `gatehouse signup`.'

/** Signs in, keeps the session, and says so (or prints it as JSON). */
export async function signIn(
  cli: CliContext,
  credentials: { email: string; password: string },
  options: { json?: boolean },
): Promise<Answer<'login'>> {
  const answer = await withSpinner('Signing in', options, () =>
    cli.anonymous().login({ body: credentials }),
  ).catch(explainRefusal({ wrong_credentials: WRONG_CREDENTIALS }))
  cli.updateConfig((config) => {
    // A different server or person: the remembered organization belonged to the previous one.
    const samePerson = config.api_url === cli.apiUrl && config.session?.email === answer.user.email
    return {
      api_url: cli.apiUrl,
      session: { token: answer.token, expires_at: answer.expires_at, email: answer.user.email },
      ...(samePerson && config.organization ? { organization: config.organization } : {}),
    }
  })
  if (options.json) stdout.json({ user: answer.user, expires_at: answer.expires_at, api_url: cli.apiUrl })
  else stderr.line(`Signed in to ${cli.apiUrl} as ${answer.user.name} <${answer.user.email}>.`)
  return answer
}
