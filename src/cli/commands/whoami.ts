import type { Command } from 'commander'
import { withExamples, withJson } from '../command-kit.ts'
import { contextFor } from '../context.ts'
import { stdout, withSpinner } from '../output.ts'

export function registerWhoami(program: Command) {
  const command = program
    .command('whoami')
    .description('Show who the CLI acts as: your login, or the API token in GATEHOUSE_TOKEN')
    .action(async (options: { json?: boolean }, cmd: Command) => {
      const cli = contextFor(cmd)
      const me = await withSpinner('Asking the server', options, () => cli.authenticated().whoami())
      if (options.json) return stdout.json(me)
      if (me.user) {
        stdout.line(`${me.user.name} <${me.user.email}> on ${cli.apiUrl}`)
        if (cli.rememberedOrganization)
          stdout.line(`organization: ${cli.rememberedOrganization.name} (${cli.rememberedOrganization.id})`)
      } else if (me.api_token) {
        const token = me.api_token
        stdout.line(`API token "${token.name}" (role ${token.role_name}) on ${cli.apiUrl}`)
        stdout.line(`organization: ${token.organization_id}`)
      }
    })
  withJson(command)
  withExamples(command, 'gatehouse whoami', 'GATEHOUSE_TOKEN=gtok_... gatehouse whoami --json')
}
