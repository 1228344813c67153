import type { Command } from 'commander'
import { withExamples, withJson, withQuiet } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { stderr, stdout, withSpinner } from '../../output.ts'

export function registerOrgCreate(org: Command) {
  const command = org
    .command('create')
    .description('Create an organization; you become its owner')
    .argument('<name>', 'the name of the organization')
    .option('--description <text>', 'what the organization is for')
    .action(
      async (
        name: string,
        options: { description?: string; json?: boolean; quiet?: boolean },
        cmd: Command,
      ) => {
        const cli = contextFor(cmd)
        const body = {
          name,
          ...(options.description !== undefined ? { description: options.description } : {}),
        }
        const created = await withSpinner('Creating the organization', options, () =>
          cli.authenticated().createOrganization({ body }),
        )
        if (options.json) return stdout.json(created)
        if (options.quiet) return stdout.line(created.id)
        stdout.line(`Created organization ${created.name} (${created.id}).`)
        if (!cli.rememberedOrganization)
          stderr.line(`Make it the default with: gatehouse org use ${created.id}`)
      },
    )
  withJson(command)
  withQuiet(command, 'the new id')
  withExamples(
    command,
    'gatehouse org create acme --description "Acme Corp."',
    'ORG=$(gatehouse org create acme --quiet)',
  )
}
