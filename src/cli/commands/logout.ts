import type { Command } from 'commander'
import { createApiClient } from '../api-client.ts'
import { withExamples } from '../command-kit.ts'
import { CLI_VERSION, contextFor } from '../context.ts'
import { ApiError } from '../errors.ts'
import { stderr, withSpinner } from '../output.ts'

/** Ends the session on the server, then forgets it here (even if the server had already ended it). */
export function registerLogout(program: Command) {
  const command = program
    .command('logout')
    .description('Sign out: end the session on the server and forget it here')
    .action(async (_options: object, cmd: Command) => {
      const cli = contextFor(cmd)
      const session = cli.config.api_url === cli.apiUrl ? cli.config.session : undefined
      if (!session) {
        stderr.line(`Not signed in to ${cli.apiUrl}.`)
        return
      }
      try {
        // The stored session, even when GATEHOUSE_TOKEN is set: that token is not what we end.
        const client = createApiClient(cli.apiUrl, CLI_VERSION, { scheme: 'Bearer', value: session.token })
        await withSpinner('Signing out', {}, () => client.logout())
      } catch (error) {
        // The session had already expired or been revoked: forgetting it is all that is left.
        if (!(error instanceof ApiError && error.reason === 'unauthenticated')) throw error
      }
      cli.updateConfig(
        ({ session: _session, organization: _organization, ci_token: _ciToken, ...rest }) => rest,
      )
      stderr.line('Signed out.')
    })
  withExamples(command, 'gatehouse logout')
}
