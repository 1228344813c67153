import type { Command } from 'commander'
import { withExamples, withJson, withOrg, withQuiet } from '../command-kit.ts'
import { contextFor } from '../context.ts'
import { stdout, withSpinner } from '../output.ts'
import { resolveEnvironment, resolveOrganization, resolveProject } from '../resolve.ts'

/**
 * Requests a deployment of a version of an environment: what a CI job runs with GATEHOUSE_TOKEN
 * (a token whose custom role has DEPLOYER on that environment's mode sees just enough to find it).
 */
export function registerDeploy(program: Command) {
  const command = program
    .command('deploy')
    .description('Request a deployment of a version (git sha or tag) of an environment')
    .requiredOption('--project <id or name>', 'the project')
    .requiredOption('--env <id or name>', 'the environment')
    .requiredOption('--version <sha or tag>', 'what to deploy: a git sha or tag')
    // The program's --api-url, repeated: after `deploy`, options are deploy's own (see program.ts).
    .option('--api-url <url>', 'the Gatehouse API (env GATEHOUSE_API_URL)')
    .action(
      async (
        options: {
          org?: string
          project: string
          env: string
          version: string
          json?: boolean
          quiet?: boolean
        },
        cmd: Command,
      ) => {
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const { project, environment } = await withSpinner('Finding the environment', options, async () => {
          const organization = await resolveOrganization(cli, client, options.org)
          const project = await resolveProject(client, organization.id, options.project)
          return { project, environment: await resolveEnvironment(client, project.id, options.env) }
        })
        const deployment = await withSpinner('Requesting the deployment', options, () =>
          client.createDeployment({ environmentId: environment.id, body: { version: options.version } }),
        )
        if (options.json) return stdout.json(deployment)
        if (options.quiet) return stdout.line(deployment.id)
        stdout.line(
          `Requested ${deployment.version} on ${project.name}/${environment.name} (${environment.mode}): ${deployment.status}, deployment ${deployment.id}.`,
        )
      },
    )
  withOrg(command)
  withJson(command)
  withQuiet(command, 'the deployment id')
  withExamples(
    command,
    'gatehouse deploy --project web --env staging --version 3f2a1c9',
    'GATEHOUSE_TOKEN=gtok_... gatehouse deploy --project web --env staging --version "$GITHUB_SHA" --quiet',
  )
}
