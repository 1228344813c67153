import type { Command } from 'commander'
import { withExamples, withJson } from '../command-kit.ts'
import { contextFor } from '../context.ts'
import { loginWithOidc, type OidcLoginOptions } from '../oidc-login.ts'
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
    .option(
      '--oidc',
      "in a CI job: exchange the job's OIDC ID token for a short-lived API token (Trusted CI)",
    )
    .option('--org <id>', 'with --oidc: the organization id (env GATEHOUSE_ORG)')
    .option('--audience <aud>', "with --oidc: the ID token's audience (default: the server's URL)")
    .option(
      '--id-token-env <name>',
      "with --oidc: the variable holding the job's ID token (GitLab CI id_tokens:)",
    )
    .option('-q, --quiet', 'with --oidc: print only the API token, keep nothing')
    .action(
      async (
        options: {
          email?: string
          passwordStdin?: boolean
          json?: boolean
          oidc?: boolean
        } & OidcLoginOptions,
        cmd: Command,
      ) => {
        const cli = contextFor(cmd)
        if (options.oidc) return loginWithOidc(cli, options)
        const fromStdin = options.passwordStdin || !process.stdin.isTTY
        const email = options.email ?? (canPrompt() ? await askText('Email', { required: true }) : undefined)
        if (!email) throw missing('--email', 'your email address')
        warnIfInClear(cli.apiUrl)
        const password = fromStdin
          ? await readPasswordFromStdin('printf %s "$PASSWORD" | gatehouse login --email you@example.com')
          : await askSecret('Password')
        await signIn(cli, { email, password }, options)
      },
    )
  withJson(command)
  withExamples(
    command,
    'gatehouse login',
    'gatehouse login --api-url https://gatehouse.example.com',
    'printf %s "$PASSWORD" | gatehouse login --email ci@example.com',
    'gatehouse login --oidc --org "$GATEHOUSE_ORG"          # GitHub Actions, permissions: id-token: write',
    'export GATEHOUSE_TOKEN=$(gatehouse login --oidc --org "$GATEHOUSE_ORG" --id-token-env GATEHOUSE_ID_TOKEN --quiet)  # GitLab CI',
  )
}
