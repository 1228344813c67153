import type { Command } from 'commander'
import { withExamples, withJson, withOrg, withQuiet } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { stdout, withSpinner } from '../../output.ts'
import { resolveOrganization } from '../../resolve.ts'

export function registerProjectCreate(project: Command) {
  const command = project
    .command('create')
    .description('Create a project in the organization')
    .argument('<name>', 'the name of the project')
    .option('--description <text>', 'what the project is')
    .action(
      async (
        name: string,
        options: { org?: string; description?: string; json?: boolean; quiet?: boolean },
        cmd: Command,
      ) => {
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const organization = await resolveOrganization(cli, client, options.org)
        const body = {
          name,
          ...(options.description !== undefined ? { description: options.description } : {}),
        }
        const created = await withSpinner('Creating the project', options, () =>
          client.createProject({ organizationId: organization.id, body }),
        )
        if (options.json) return stdout.json(created)
        if (options.quiet) return stdout.line(created.id)
        stdout.line(`Created project ${created.name} (${created.id}).`)
      },
    )
  withOrg(command)
  withJson(command)
  withQuiet(command, 'the new id')
  withExamples(
    command,
    'gatehouse project create web --org acme',
    'PROJECT=$(gatehouse project create web --quiet)',
  )
}
