import type { Command } from 'commander'
import { commandLine, withExamples, withJson } from '../command-kit.ts'
import { contextFor } from '../context.ts'
import { explainRefusal } from '../errors.ts'
import { stderr, stdout, withSpinner } from '../output.ts'
import { askSecret, askText, canPrompt, missing } from '../prompts.ts'
import { readPasswordFromStdin, signIn, warnIfInClear } from '../session.ts'

interface SignupOptions {
  email?: string
  name?: string
  passwordStdin?: boolean
  login: boolean
  json?: boolean
}

/**
 * Creates an account, then signs in as `login` does (unless --no-login). The server judges the
 * email, name and password, as it does for the console: its words are shown as they are.
 */
export function registerSignup(program: Command) {
  const command = program
    .command('signup')
    .description('Create an account on a Gatehouse server, then sign in')
    .option('--email <email>', 'your email address (asked for when missing)')
    .option('--name <name>', 'your name (asked for when missing)')
    .option('--password-stdin', 'read the password from stdin (the default when stdin is not a terminal)')
    .option('--no-login', 'create the account only; do not sign in')
    .action(async (options: SignupOptions, cmd: Command) => {
      // A script learns of a missing detail before anything is read or sent.
      if (!canPrompt() && options.email === undefined) throw missing('--email', 'your email address')
      if (!canPrompt() && options.name === undefined) throw missing('--name', 'your name')
      const cli = contextFor(cmd)
      const fromStdin = options.passwordStdin || !process.stdin.isTTY
      const email = options.email ?? (await askText('Email', { required: true }))
      const name = options.name ?? (await askText('Name', { required: true }))
      warnIfInClear(cli.apiUrl)
      const password = fromStdin
        ? await readPasswordFromStdin(
            'printf %s "$PASSWORD" | gatehouse signup --email you@example.com --name "Your Name"',
          )
        : await askNewPassword()
      const account = await withSpinner('Creating the account', options, () =>
        cli.anonymous().signup({ body: { email, password, name } }),
      ).catch(
        explainRefusal({
          email_taken: `An account with this email already exists: sign in with \`${commandLine('gatehouse', 'login', '--email', email)}\`.`,
        }),
      )
      if (!options.login) {
        if (options.json) return stdout.json(account)
        return stderr.line(
          `Created the account ${account.name} <${account.email}>. Sign in with \`${commandLine('gatehouse', 'login', '--email', account.email)}\`.`,
        )
      }
      if (!options.json) stderr.line(`Created the account ${account.name} <${account.email}>.`)
      await signIn(cli, { email, password }, options)
    })
  withJson(command)
  withExamples(
    command,
    'gatehouse signup',
    'printf %s "$PASSWORD" | gatehouse signup --email ada@example.com --name Ada',
    'printf %s "$PASSWORD" | gatehouse signup --email ci@example.com --name CI --no-login --json',
  )
}

/** Twice, with no echo: a typing mistake would otherwise lock the person out of the new account. */
async function askNewPassword(): Promise<string> {
  for (;;) {
    const password = await askSecret('Password')
    if ((await askSecret('Repeat the password')) === password) return password
    stderr.line('The passwords do not match: try again.')
  }
}
