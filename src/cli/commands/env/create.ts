import { type Command, InvalidArgumentError, Option } from 'commander'
import type { EnvironmentMode } from '../../../contract/index.ts'
import { environmentModes } from '../../../contract/values.ts'
import { withExamples, withJson, withOrg, withQuiet } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { stdout, withSpinner } from '../../output.ts'
import { askChoice, canPrompt, missing } from '../../prompts.ts'
import { resolveOrganization, resolveProject } from '../../resolve.ts'

interface CreateOptions {
  org?: string
  project: string
  mode?: EnvironmentMode
  json?: boolean
  quiet?: boolean
}

export function registerEnvCreate(env: Command) {
  const command = env
    .command('create')
    .description('Create an environment in a project')
    .argument('<name>', 'the name of the environment')
    .requiredOption('--project <id or name>', 'the project')
    .addOption(
      new Option('--mode <mode>', 'the kind of environment (asked for on a terminal)')
        .choices(environmentModes)
        // Case does not matter to a person typing it; the API wants upper case.
        .argParser((value) => {
          const mode = value.toUpperCase() as EnvironmentMode
          if (!environmentModes.includes(mode))
            throw new InvalidArgumentError(`Allowed choices are ${environmentModes.join(', ')}.`)
          return mode
        }),
    )
    .action(async (name: string, options: CreateOptions, cmd: Command) => {
      if (!options.mode && !canPrompt()) throw missing('--mode', environmentModes.join(', '))
      const cli = contextFor(cmd)
      const client = cli.authenticated()
      const project = await withSpinner('Loading the project', options, async () =>
        resolveProject(client, (await resolveOrganization(cli, client, options.org)).id, options.project),
      )
      const mode =
        options.mode ??
        (await askChoice(
          'Mode',
          environmentModes.map((m) => ({ name: m, value: m })),
        ))
      const created = await withSpinner('Creating the environment', options, () =>
        client.createEnvironment({ projectId: project.id, body: { name, mode } }),
      )
      if (options.json) return stdout.json(created)
      if (options.quiet) return stdout.line(created.id)
      stdout.line(`Created environment ${created.name} (${created.mode}, ${created.id}).`)
    })
  withOrg(command)
  withJson(command)
  withQuiet(command, 'the new id')
  withExamples(command, 'gatehouse env create staging --project web --mode STAGING')
}
