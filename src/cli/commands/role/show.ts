import type { Command } from 'commander'
import { withExamples, withJson, withOrg } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { stdout, withSpinner } from '../../output.ts'
import { findByIdOrName, listRoles, resolveOrganization } from '../../resolve.ts'
import { renderGrid } from './grid.ts'

/** A custom role's grid of project permissions; a built-in role's permissions. */
export function registerRoleShow(role: Command) {
  const command = role
    .command('show')
    .description('Show what a role allows: for a custom role, its permission per project and mode')
    .argument('<role>', 'the role, by name or id')
    .action(async (wanted: string, options: { org?: string; json?: boolean }, cmd: Command) => {
      const cli = contextFor(cmd)
      const client = cli.authenticated()
      const organization = await resolveOrganization(cli, client, options.org)
      const roles = await withSpinner('Loading roles', options, () => listRoles(client, organization.id))
      const found = findByIdOrName(roles, wanted, 'role', 'see `gatehouse role list`')
      if (found.kind === 'built_in') {
        if (options.json) return stdout.json(found)
        return stdout.line(
          `${found.name} (built-in): ${found.description}\nAllows: ${found.permissions.join(', ')}`,
        )
      }
      const custom = await withSpinner('Loading the role', options, () =>
        client.getOrganizationCustomRole({ organizationId: organization.id, customRoleId: found.id }),
      )
      if (options.json) return stdout.json(custom)
      stdout.line(`${custom.name} (custom)${custom.description ? `: ${custom.description}` : ''}`)
      stdout.line(renderGrid(custom))
    })
  withOrg(command)
  withJson(command)
  withExamples(command, 'gatehouse role show web-ci', 'gatehouse role show web-ci --json')
}
