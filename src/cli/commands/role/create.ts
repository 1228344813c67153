import type { Command } from 'commander'
import { withExamples, withJson, withOrg, withQuiet } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { stdout, withSpinner } from '../../output.ts'
import { resolveOrganization } from '../../resolve.ts'

export function registerRoleCreate(role: Command) {
  const command = role
    .command('create')
    .description('Create a custom role; it allows nothing in any project until granted')
    .argument('<name>', 'the name of the role')
    .option('--description <text>', 'what the role is for')
    .action(
      async (
        name: string,
        options: { org?: string; description?: string; json?: boolean; quiet?: boolean },
        cmd: Command,
      ) => {
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const organization = await resolveOrganization(cli, client, options.org)
        const created = await withSpinner('Creating the role', options, () =>
          client.createOrganizationCustomRole({
            organizationId: organization.id,
            body: {
              name,
              ...(options.description !== undefined ? { description: options.description } : {}),
            },
          }),
        )
        if (options.json) return stdout.json(created)
        if (options.quiet) return stdout.line(created.id)
        stdout.line(
          `Created the role ${created.name} (${created.id}). Grant it access: gatehouse role grant ${created.name} --project <name> --mode STAGING --permission DEPLOYER`,
        )
      },
    )
  withOrg(command)
  withJson(command)
  withQuiet(command, 'the new id')
  withExamples(command, 'gatehouse role create web-ci --description "deploys web to staging"')
}
