import type { Command } from 'commander'
import { withExamples, withJson, withOrg, withQuiet } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { renderTable, shortDate, stderr, stdout, withSpinner } from '../../output.ts'
import { listUpTo, sayWhenCutShort, withLimit } from '../../paging.ts'
import { resolveEnvironment, resolveOrganization, resolveProject } from '../../resolve.ts'

export function registerDeploymentList(deployment: Command) {
  const command = deployment
    .command('list')
    .description("List an environment's deployments, newest first")
    .requiredOption('--project <id or name>', 'the project')
    .requiredOption('--env <id or name>', 'the environment')
    .action(
      async (
        options: {
          org?: string
          project: string
          env: string
          limit: number
          json?: boolean
          quiet?: boolean
        },
        cmd: Command,
      ) => {
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const environment = await withSpinner('Finding the environment', options, async () => {
          const organization = await resolveOrganization(cli, client, options.org)
          const project = await resolveProject(client, organization.id, options.project)
          return resolveEnvironment(client, project.id, options.env)
        })
        const { results, more } = await withSpinner('Loading deployments', options, () =>
          listUpTo(client, 'listDeployment', { environmentId: environment.id }, options.limit),
        )
        sayWhenCutShort(more, options.limit, 'deployments')
        if (options.json) return stdout.json(results)
        if (options.quiet) return stdout.lines(results.map((d) => d.id))
        if (results.length === 0)
          return stderr.line('No deployment yet: `gatehouse deploy --project ... --env ... --version <sha>`.')
        stdout.line(
          renderTable(results, [
            { header: 'WHEN', value: (d) => shortDate(d.created_at) },
            { header: 'VERSION', value: (d) => d.version, shrinkable: true },
            { header: 'STATUS', value: (d) => d.status },
            { header: 'BY', value: (d) => d.requested_by.name, shrinkable: true, drop: 1 },
            { header: 'ID', value: (d) => d.id },
          ]),
        )
      },
    )
  withLimit(command, 'deployments')
  withOrg(command)
  withJson(command)
  withQuiet(command, 'the ids')
  withExamples(command, 'gatehouse deployment list --project web --env staging --json')
}
