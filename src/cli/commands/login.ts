import type { Command } from 'commander'
import { withExamples, withJson } from '../command-kit.ts'
import { contextFor } from '../context.ts'
import { askSecret, askText, canPrompt, missing } from '../prompts.ts'
import { readPasswordFromStdin, signIn, warnIfInClear } from '../session.ts'

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
      warnIfInClear(cli.apiUrl)
      const password = fromStdin
        ? await readPasswordFromStdin('printf %s "$PASSWORD" | gatehouse login --email you@example.com')
        : await askSecret('Password')
      await signIn(cli, { email, password }, options)
    })
  withJson(command)
  withExamples(
    command,
    'gatehouse login',
    'gatehouse login --api-url https://gatehouse.example.com',
    'printf %s "$PASSWORD" | gatehouse login --email ci@example.com',
  )
}
