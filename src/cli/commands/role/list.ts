import type { Command } from 'commander'
import { withExamples, withJson, withOrg, withQuiet } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { renderTable, stdout, withSpinner } from '../../output.ts'
import { listRoles, resolveOrganization } from '../../resolve.ts'

/** Built-in roles, most powerful first, then custom roles by name (availableRole's order). */
export function registerRoleList(role: Command) {
  const command = role
    .command('list')
    .description("List the organization's roles, built-in and custom, with what each allows")
    .action(async (options: { org?: string; json?: boolean; quiet?: boolean }, cmd: Command) => {
      const cli = contextFor(cmd)
      const client = cli.authenticated()
      const roles = await withSpinner('Loading roles', options, async () =>
        listRoles(client, (await resolveOrganization(cli, client, options.org)).id),
      )
      if (options.json) return stdout.json(roles)
      if (options.quiet) return stdout.lines(roles.map((r) => r.id))
      stdout.line(
        renderTable(roles, [
          { header: 'NAME', value: (r) => r.name },
          { header: 'KIND', value: (r) => (r.kind === 'built_in' ? 'built-in' : 'custom') },
          { header: 'ALLOWS', value: (r) => r.permissions.join(', '), shrinkable: true },
          { header: 'ID', value: (r) => r.id },
        ]),
      )
    })
  withOrg(command)
  withJson(command)
  withQuiet(command, 'the ids')
  withExamples(command, 'gatehouse role list', 'gatehouse role list --json')
}
